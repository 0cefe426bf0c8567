namespace Tracarbon.Attribution
{
    /// <summary>What a row of an attribution stands for.</summary>
    public enum WorkloadKind
    {
        /// <summary>A process, with its descendants when children are included.</summary>
        Process,

        /// <summary>A container's control group, or a container the Kubernetes Metrics API reports.</summary>
        Container,

        /// <summary>A Kubernetes pod's control group in which no container group is visible.</summary>
        Pod,

        /// <summary>What no tracked workload used: the rest of the host's energy.</summary>
        Unattributed,
    }
}
