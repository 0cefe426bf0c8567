using System;
using System.Collections.Generic;
using Tracarbon.Attribution.Kubernetes;
using Tracarbon.Platform;

namespace Tracarbon.Attribution
{
    /// <summary>What <see cref="WorkloadAttribution"/> tracks and where it reads.</summary>
    public sealed class AttributionOptions
    {
        /// <summary>The proc tree: <c>/proc</c> on a Linux host, a fixture in tests.</summary>
        public string ProcRoot { get; set; } = "/proc";

        /// <summary>The cgroup mount: <c>/sys/fs/cgroup</c> on a Linux host.</summary>
        public string CgroupRoot { get; set; } = "/sys/fs/cgroup";

        /// <summary>Processes to track, each as one workload.</summary>
        public IList<int> ProcessIds { get; } = new List<int>();

        /// <summary>Counts each tracked process's descendants with it.</summary>
        public bool IncludeChildren { get; set; }

        /// <summary>Control groups to track, relative to their hierarchy or as directories under the root.</summary>
        public IList<string> CgroupPaths { get; } = new List<string>();

        /// <summary>Tracks every container and pod group found under the cgroup root.</summary>
        public bool DiscoverContainers { get; set; }

        /// <summary>The size of a memory page, in bytes, for <c>statm</c>'s counts of pages.</summary>
        public long PageSizeBytes { get; set; } = 4096;

        /// <summary>USER_HZ: clock ticks per second of <c>/proc/stat</c> and of a process's utime and stime.</summary>
        public int ClockTicksPerSecond { get; set; } = 100;

        /// <summary>The memory that memory shares are taken of, in bytes; null to read MemTotal.</summary>
        public double? MemoryTotalBytes { get; set; }

        /// <summary>Names containers after their Kubernetes pods; null to leave Kubernetes alone.</summary>
        public KubernetesOptions? Kubernetes { get; set; }

        /// <summary>The monotonic clock that paces Kubernetes refreshes.</summary>
        public ITickClock Clock { get; set; } = SystemTickClock.Instance;

        /// <summary>The proc and cgroup roots of the probes' settings, so both read the same tree.</summary>
        public static AttributionOptions FromSettings(ProbeSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            return new AttributionOptions { ProcRoot = settings.ProcRoot, CgroupRoot = settings.CgroupRoot };
        }

        internal void Validate()
        {
            if (string.IsNullOrWhiteSpace(ProcRoot) || string.IsNullOrWhiteSpace(CgroupRoot))
            {
                throw new ArgumentException("The proc and cgroup roots must not be empty.");
            }

            if (PageSizeBytes <= 0 || ClockTicksPerSecond <= 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(PageSizeBytes), "The page size and the clock ticks per second must be more than 0.");
            }

            if (MemoryTotalBytes.HasValue && !(MemoryTotalBytes.Value > 0))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(MemoryTotalBytes), MemoryTotalBytes, "The memory total must be more than 0 bytes.");
            }

            foreach (int pid in ProcessIds)
            {
                if (pid <= 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(ProcessIds), pid, "A process id is more than 0.");
                }
            }

            if (Clock == null)
            {
                throw new ArgumentException("The clock must not be null.", nameof(Clock));
            }

            Kubernetes?.Validate();
        }
    }
}
