using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace Tracarbon.Attribution
{
    /// <summary>A control group that stands for a container or a pod.</summary>
    internal sealed class ContainerCgroup
    {
        public ContainerCgroup(
            string relativePath, WorkloadKind kind, string? containerId, string? podUid, string runtime)
        {
            RelativePath = relativePath;
            Kind = kind;
            ContainerId = containerId;
            PodUid = podUid;
            Runtime = runtime;
        }

        /// <summary>The path inside the hierarchy, such as <c>/system.slice/docker-&lt;id&gt;.scope</c>.</summary>
        public string RelativePath { get; }

        public WorkloadKind Kind { get; }

        public string? ContainerId { get; }

        public string? PodUid { get; }

        /// <summary>docker, containerd, cri-o, podman, or kubepods where the driver names only the id.</summary>
        public string Runtime { get; }
    }

    /// <summary>
    /// Finds container and pod groups by the names runtimes give them, with the systemd driver
    /// (<c>docker-&lt;id&gt;.scope</c>, <c>cri-containerd-&lt;id&gt;.scope</c>, <c>crio-&lt;id&gt;.scope</c>,
    /// <c>kubepods-burstable-pod&lt;uid&gt;.slice</c>) or the cgroupfs driver (<c>/docker/&lt;id&gt;</c>,
    /// <c>/kubepods/burstable/pod&lt;uid&gt;/&lt;id&gt;</c>); the same names on v1 and v2.
    /// </summary>
    internal static class ContainerDiscovery
    {
        // Deep enough for kubepods.slice/kubepods-burstable.slice/<pod>.slice/<container>.scope under a
        // nested root; a bound, because a host may hold thousands of groups.
        internal const int MaxDepth = 8;

        private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

        private static readonly (Regex Pattern, string Runtime)[] ScopeNames =
        {
            (new Regex("^docker-([0-9a-f]{64})\\.scope$", Options), "docker"),
            (new Regex("^cri-containerd-([0-9a-f]{64})\\.scope$", Options), "containerd"),
            (new Regex("^crio-([0-9a-f]{64})\\.scope$", Options), "cri-o"),
            (new Regex("^libpod-([0-9a-f]{64})\\.scope$", Options), "podman"),
        };

        private static readonly Regex BareId = new Regex("^([0-9a-f]{64})$", Options);

        // systemd escapes the uid's dashes as underscores; cgroupfs keeps them.
        private static readonly Regex PodSlice =
            new Regex("^kubepods(?:-besteffort|-burstable)?-pod([0-9a-f_]{36})\\.slice$", Options);

        private static readonly Regex PodDirectory = new Regex("^pod([0-9a-f-]{36})$", Options);

        public static List<ContainerCgroup> Discover(CgroupLayout layout)
        {
            var found = new List<ContainerCgroup>();
            Walk(layout.CpuRoot, "", null, 0, found);
            return found;
        }

        /// <summary>The container or pod a group's own name says it is, given its parent and enclosing pod.</summary>
        public static ContainerCgroup? Match(string relativePath, string? parentName, string? podUid)
        {
            string name = relativePath.Substring(relativePath.LastIndexOf('/') + 1);
            foreach ((Regex pattern, string runtime) in ScopeNames)
            {
                Match scope = pattern.Match(name);
                if (scope.Success)
                {
                    return new ContainerCgroup(
                        relativePath, WorkloadKind.Container, scope.Groups[1].Value, podUid, runtime);
                }
            }

            Match bare = BareId.Match(name);
            if (bare.Success)
            {
                string runtime = podUid != null ? "kubepods" : parentName == "docker" ? "docker" : "cgroup";
                return new ContainerCgroup(
                    relativePath, WorkloadKind.Container, bare.Groups[1].Value, podUid, runtime);
            }

            string? pod = PodUidOf(name, relativePath);
            return pod != null ? new ContainerCgroup(relativePath, WorkloadKind.Pod, null, pod, "kubepods") : null;
        }

        private static string? PodUidOf(string name, string relativePath)
        {
            Match slice = PodSlice.Match(name);
            if (slice.Success)
            {
                return slice.Groups[1].Value.Replace('_', '-');
            }

            Match directory = PodDirectory.Match(name);
            return directory.Success && relativePath.IndexOf("kubepods", StringComparison.Ordinal) >= 0
                ? directory.Groups[1].Value
                : null;
        }

        /// <returns>Whether a container was found at or under <paramref name="relative"/>.</returns>
        private static bool Walk(
            string directory, string relative, string? podUid, int depth, List<ContainerCgroup> found)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            string[] children;
            try
            {
                children = Directory.GetDirectories(directory);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // A group removed while walking, or one this user may not list: there is nothing to find.
                return false;
            }

            Array.Sort(children, StringComparer.Ordinal);
            bool any = false;
            string ownName = relative.Length == 0 ? string.Empty : relative.Substring(relative.LastIndexOf('/') + 1);
            foreach (string child in children)
            {
                string name = Path.GetFileName(child);
                string childRelative = relative + "/" + name;
                ContainerCgroup? match = Match(childRelative, ownName, podUid);
                if (match != null && match.Kind == WorkloadKind.Container)
                {
                    // What a container nests inside itself is its own: its counters already include it.
                    found.Add(match);
                    any = true;
                }
                else if (match != null)
                {
                    // A pod counts as a workload only when none of its containers is visible on its own.
                    int before = found.Count;
                    if (!Walk(child, childRelative, match.PodUid, depth + 1, found))
                    {
                        found.RemoveRange(before, found.Count - before);
                        found.Add(match);
                    }

                    any = true;
                }
                else
                {
                    any |= Walk(child, childRelative, podUid, depth + 1, found);
                }
            }

            return any;
        }
    }
}
