using System;

namespace Tracarbon.Attribution
{
    /// <summary>
    /// Who a reading belongs to. <see cref="Key"/> stays the same for the life of the workload (a process
    /// is keyed with its start time, so a reused pid is another key); the labels may be learnt later.
    /// </summary>
    internal sealed class WorkloadIdentity
    {
        public static readonly WorkloadIdentity Unattributed =
            new WorkloadIdentity("unattributed", WorkloadKind.Unattributed, "Unattributed");

        public WorkloadIdentity(string key, WorkloadKind kind, string name)
        {
            Key = key ?? throw new ArgumentNullException(nameof(key));
            Kind = kind;
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        public string Key { get; }

        public WorkloadKind Kind { get; }

        public string Name { get; }

        public int? ProcessId { get; set; }

        /// <summary>The full container id, 64 hexadecimal digits for the runtimes discovered here.</summary>
        public string? ContainerId { get; set; }

        public string? PodUid { get; set; }

        public string? PodName { get; set; }

        public string? PodNamespace { get; set; }

        public string? ContainerName { get; set; }

        /// <summary>Where it was read: a proc file, a control group path, an API path.</summary>
        public string? Origin { get; set; }
    }

    /// <summary>One workload's use over one interval, as a source read it.</summary>
    internal sealed class WorkloadReading
    {
        public WorkloadReading(WorkloadIdentity identity, double cpuSeconds, double memoryBytes)
        {
            Identity = identity;
            CpuSeconds = cpuSeconds;
            MemoryBytes = memoryBytes;
        }

        public WorkloadIdentity Identity { get; }

        /// <summary>CPU time used during the interval, in CPU-seconds (two busy cores for 1 s is 2).</summary>
        public double CpuSeconds { get; }

        /// <summary>Resident memory at the end of the interval, in bytes.</summary>
        public double MemoryBytes { get; }

        /// <summary>
        /// The machine's busy CPU-seconds this reading is a part of, when the source measures it on its
        /// own scale (the Metrics API); NaN to use the machine's <c>/proc/stat</c>.
        /// </summary>
        public double BusyCpuSeconds { get; set; } = double.NaN;

        /// <summary>The memory this reading is a part of, in bytes, when the source knows it; NaN otherwise.</summary>
        public double MemoryTotalBytes { get; set; } = double.NaN;
    }
}
