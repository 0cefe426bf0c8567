using System;
using System.Collections.Generic;
using Tracarbon.Platform.Json;

namespace Tracarbon.Attribution.Kubernetes
{
    /// <summary>A pod of this node, as the API server lists it.</summary>
    internal sealed class PodRef
    {
        public PodRef(string name, string podNamespace, string uid)
        {
            Name = name;
            Namespace = podNamespace;
            Uid = uid;
        }

        public string Name { get; }

        public string Namespace { get; }

        public string Uid { get; }
    }

    /// <summary>A container of a listed pod, found by the id its runtime gave it.</summary>
    internal sealed class PodContainerRef
    {
        public PodContainerRef(PodRef pod, string containerName, string containerId)
        {
            Pod = pod;
            ContainerName = containerName;
            ContainerId = containerId;
        }

        public PodRef Pod { get; }

        public string ContainerName { get; }

        public string ContainerId { get; }
    }

    /// <summary>
    /// The answer to <c>GET /api/v1/pods?fieldSelector=spec.nodeName=…</c>: each container id
    /// (<c>status.containerStatuses[].containerID</c> without its <c>containerd://</c> scheme) to its pod,
    /// namespace and container name. Init and ephemeral containers are listed too.
    /// </summary>
    internal sealed class PodList
    {
        private static readonly string[] StatusLists =
            { "containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses" };

        private readonly Dictionary<string, PodContainerRef> _byContainerId =
            new Dictionary<string, PodContainerRef>(StringComparer.Ordinal);

        private readonly Dictionary<string, PodRef> _byUid = new Dictionary<string, PodRef>(StringComparer.Ordinal);

        private readonly Dictionary<string, PodRef> _byName = new Dictionary<string, PodRef>(StringComparer.Ordinal);

        public static PodList Empty { get; } = new PodList();

        public int Count => _byUid.Count;

        public IEnumerable<PodRef> Pods => _byUid.Values;

        /// <exception cref="FormatException">The body is not a list of pods.</exception>
        public static PodList Parse(JsonValue body)
        {
            if (!body.TryGetProperty("items", out JsonValue? items) || items.Kind != JsonKind.Array)
            {
                throw new FormatException("the answer holds no 'items' list of pods");
            }

            var list = new PodList();
            foreach (JsonValue item in items.Items)
            {
                if (!item.TryGetProperty("metadata", out JsonValue? metadata)
                    || !metadata.TryGetString("name", out string? name)
                    || !metadata.TryGetString("namespace", out string? podNamespace)
                    || !metadata.TryGetString("uid", out string? uid))
                {
                    continue;
                }

                var pod = new PodRef(name, podNamespace, uid);
                list._byUid[uid] = pod;
                list._byName[NameKey(podNamespace, name)] = pod;
                if (item.TryGetProperty("status", out JsonValue? status))
                {
                    list.AddContainers(pod, status);
                }
            }

            return list;
        }

        /// <summary>The id without its scheme: <c>containerd://abc</c> and <c>cri-o://abc</c> are abc.</summary>
        public static string StripScheme(string containerId)
        {
            int scheme = containerId.IndexOf("://", StringComparison.Ordinal);
            return scheme < 0 ? containerId : containerId.Substring(scheme + 3);
        }

        public bool TryContainer(string containerId, out PodContainerRef container) =>
            _byContainerId.TryGetValue(containerId, out container!);

        public bool TryPod(string uid, out PodRef pod) => _byUid.TryGetValue(uid, out pod!);

        public bool TryPod(string podNamespace, string name, out PodRef pod) =>
            _byName.TryGetValue(NameKey(podNamespace, name), out pod!);

        /// <summary>The id of a named container of a pod, where the list has it.</summary>
        public string? ContainerIdOf(PodRef pod, string containerName)
        {
            foreach (PodContainerRef container in _byContainerId.Values)
            {
                if (ReferenceEquals(container.Pod, pod) && container.ContainerName == containerName)
                {
                    return container.ContainerId;
                }
            }

            return null;
        }

        private void AddContainers(PodRef pod, JsonValue status)
        {
            foreach (string listName in StatusLists)
            {
                if (!status.TryGetProperty(listName, out JsonValue? statuses) || statuses.Kind != JsonKind.Array)
                {
                    continue;
                }

                foreach (JsonValue container in statuses.Items)
                {
                    // A container still being created has a name but no id yet.
                    if (container.TryGetString("name", out string? name)
                        && container.TryGetString("containerID", out string? id) && id.Length > 0)
                    {
                        string bare = StripScheme(id);
                        _byContainerId[bare] = new PodContainerRef(pod, name, bare);
                    }
                }
            }
        }

        // A '/' cannot appear in a namespace or a pod name, so it separates the two without ambiguity.
        private static string NameKey(string podNamespace, string name) => podNamespace + "/" + name;
    }

    /// <summary>The latest pod list, kept fresh by whoever talks to the API server.</summary>
    internal interface IPodLabels
    {
        /// <summary>The latest list; <see cref="PodList.Empty"/> before the first answer.</summary>
        PodList Current { get; }

        /// <summary>Asks for a new list soon, without waiting for it: a container nobody knows appeared.</summary>
        void RequestRefresh();
    }
}
