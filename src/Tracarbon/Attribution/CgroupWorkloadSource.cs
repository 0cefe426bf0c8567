using System;
using System.Collections.Generic;
using Tracarbon.Attribution.Kubernetes;

namespace Tracarbon.Attribution
{
    /// <summary>
    /// Container and pod control groups: the ones named by the user, and when asked, the ones discovered
    /// under the root each interval. A group's counter is cumulative: the first read is a baseline, and a
    /// counter lower than before (the group was removed and made again under the same path) starts anew.
    /// </summary>
    internal sealed class CgroupWorkloadSource : IWorkloadSource
    {
        private readonly CgroupLayout _layout;
        private readonly List<ContainerCgroup> _named = new List<ContainerCgroup>();
        private readonly bool _discover;
        private readonly IPodLabels? _pods;
        private Dictionary<string, ulong> _previous = new Dictionary<string, ulong>(StringComparer.Ordinal);

        public CgroupWorkloadSource(CgroupLayout layout, IEnumerable<string> paths, bool discover, IPodLabels? pods)
        {
            _layout = layout;
            _discover = discover;
            _pods = pods;
            foreach (string path in paths)
            {
                string relative = layout.Relative(path);
                _named.Add(ContainerDiscovery.Match(relative, null, null)
                    ?? new ContainerCgroup(relative, WorkloadKind.Container, null, null, "cgroup"));
            }
        }

        public bool UsesMachineCounters => true;

        /// <summary>The groups tracked now: the named ones, then the discovered ones not already named.</summary>
        public List<ContainerCgroup> Groups()
        {
            var groups = new List<ContainerCgroup>(_named);
            if (_discover)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (ContainerCgroup named in _named)
                {
                    seen.Add(named.RelativePath);
                }

                foreach (ContainerCgroup found in ContainerDiscovery.Discover(_layout))
                {
                    if (seen.Add(found.RelativePath))
                    {
                        groups.Add(found);
                    }
                }
            }

            return groups;
        }

        public void Read(double intervalSeconds, List<WorkloadReading> readings, WarningLog warnings)
        {
            PodList pods = _pods?.Current ?? PodList.Empty;
            bool unknown = false;
            var next = new Dictionary<string, ulong>(StringComparer.Ordinal);
            foreach (ContainerCgroup group in Groups())
            {
                ulong? counter = _layout.ReadCpuCounter(group.RelativePath);
                if (counter == null)
                {
                    // A named group that never existed is worth a word; a stopped container is not.
                    if (_named.Contains(group) && !_previous.ContainsKey(group.RelativePath))
                    {
                        warnings.Add("No CPU counter was found for the control group '"
                            + _layout.CpuDirectory(group.RelativePath) + "'.");
                    }

                    continue;
                }

                ulong used = _previous.TryGetValue(group.RelativePath, out ulong before) && counter.Value >= before
                    ? counter.Value - before
                    : 0;
                next[group.RelativePath] = counter.Value;
                double memory = _layout.ReadMemoryBytes(group.RelativePath) ?? 0;
                WorkloadIdentity identity = Label(group, pods, ref unknown);
                readings.Add(new WorkloadReading(identity, used / _layout.CpuCounterUnitsPerSecond, memory));
            }

            _previous = next;
            if (unknown)
            {
                _pods?.RequestRefresh();
            }
        }

        /// <summary>Names a group by what Kubernetes calls it where the pod list knows it, else by its id.</summary>
        internal static WorkloadIdentity Label(ContainerCgroup group, PodList pods, ref bool unknown)
        {
            PodContainerRef? container = null;
            PodRef? pod = null;
            if (group.ContainerId != null && pods.TryContainer(group.ContainerId, out PodContainerRef found))
            {
                container = found;
                pod = found.Pod;
            }
            else if (group.PodUid != null && pods.TryPod(group.PodUid, out PodRef podFound))
            {
                // The pod's sandbox ("pause") container is in no status list; its pod is still known.
                pod = podFound;
            }

            // A pod the list does not know yet was made after the last answer: the list is stale.
            unknown |= group.PodUid != null && pod == null;

            string shortId = group.ContainerId == null
                ? string.Empty
                : group.ContainerId.Substring(0, Math.Min(WorkloadEnergy.ShortIdLength, group.ContainerId.Length));
            string bare = group.Kind == WorkloadKind.Pod ? "pod " + group.PodUid
                : shortId.Length > 0 ? shortId : group.RelativePath;
            string name = pod == null
                ? bare
                : pod.Namespace + "/" + pod.Name
                    + (group.Kind == WorkloadKind.Pod ? string.Empty : "/" + (container?.ContainerName ?? shortId));
            return new WorkloadIdentity("cgroup:" + group.RelativePath, group.Kind, name)
            {
                ContainerId = group.ContainerId,
                PodUid = group.PodUid ?? pod?.Uid,
                PodName = pod?.Name,
                PodNamespace = pod?.Namespace,
                ContainerName = container?.ContainerName,
                Origin = group.RelativePath,
            };
        }
    }
}
