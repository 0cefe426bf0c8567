namespace Tracarbon.Attribution
{
    /// <summary>
    /// The energy one workload is given, over one interval or, in <see cref="WorkloadAttribution.Totals"/>,
    /// since attribution began. Energy in joules, emissions in grams of CO2-equivalent.
    /// </summary>
    public sealed class WorkloadEnergy
    {
        /// <summary>The number of characters a container id is shortened to, as container tools print it.</summary>
        public const int ShortIdLength = 12;

        internal WorkloadEnergy(WorkloadIdentity identity)
        {
            Identity = identity;
            Kind = identity.Kind;
            Workload = identity.Name;
            ProcessId = identity.ProcessId;
            ContainerId = identity.ContainerId;
            PodUid = identity.PodUid;
            PodName = identity.PodName;
            PodNamespace = identity.PodNamespace;
            ContainerName = identity.ContainerName;
            Origin = identity.Origin;
        }

        internal WorkloadIdentity Identity { get; }

        /// <summary>Stays the same for the workload's life: a process's pid and start time, a group's path.</summary>
        public string Key => Identity.Key;

        /// <summary>A readable name: the command, the short container id, or namespace/pod/container.</summary>
        public string Workload { get; }

        public WorkloadKind Kind { get; }

        public int? ProcessId { get; }

        public string? ContainerId { get; }

        public string? ShortContainerId =>
            ContainerId != null && ContainerId.Length > ShortIdLength
                ? ContainerId.Substring(0, ShortIdLength)
                : ContainerId;

        public string? PodUid { get; }

        public string? PodName { get; }

        public string? PodNamespace { get; }

        public string? ContainerName { get; }

        /// <summary>Where the counters were read: a proc file, a control group, an API path.</summary>
        public string? Origin { get; }

        /// <summary>The length of time covered, in seconds.</summary>
        public double DurationSeconds { get; internal set; }

        /// <summary>CPU time used, in CPU-seconds.</summary>
        public double CpuSeconds { get; internal set; }

        /// <summary>Resident memory at the last reading, in bytes; null for the unattributed row.</summary>
        public double? MemoryBytes { get; internal set; }

        /// <summary>The part of the host's CPU energy given to this workload, from 0 to 1.</summary>
        public double CpuShare { get; internal set; }

        /// <summary>The part of the host's memory energy given to this workload, from 0 to 1.</summary>
        public double MemoryShare { get; internal set; }

        public double CpuEnergyJoules { get; internal set; }

        public double MemoryEnergyJoules { get; internal set; }

        /// <summary>
        /// Host energy outside the CPU and memory (GPUs, the rest of the platform), which no workload is
        /// given; non-zero on the unattributed row only.
        /// </summary>
        public double OtherEnergyJoules { get; internal set; }

        public double EnergyJoules => CpuEnergyJoules + MemoryEnergyJoules + OtherEnergyJoules;

        public double EmissionsGrams { get; internal set; }

        /// <summary>The average power over <see cref="DurationSeconds"/>; null for a duration of zero.</summary>
        public double? PowerWatts => DurationSeconds > 0 ? EnergyJoules / DurationSeconds : (double?)null;

        public override string ToString() => Kind + " " + Workload;
    }
}
