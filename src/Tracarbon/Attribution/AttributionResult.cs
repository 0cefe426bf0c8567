using System.Collections.Generic;

namespace Tracarbon.Attribution
{
    public enum AttributionStatus
    {
        /// <summary>The interval was split between the workloads and the unattributed row.</summary>
        Attributed,

        /// <summary>The first reading: counters were only taken as a starting point, all is unattributed.</summary>
        Baseline,

        /// <summary>
        /// The machine's CPU counters did not advance (both reads fell in the same jiffy): no share can be
        /// computed, all is unattributed, and the workloads' counters carry over to the next interval.
        /// </summary>
        Skipped,
    }

    /// <summary>One interval's split. The workload rows plus the unattributed row add up to the host.</summary>
    public sealed class AttributionResult
    {
        internal AttributionResult(
            AttributionStatus status,
            double intervalSeconds,
            double? busyCpuSeconds,
            IReadOnlyList<WorkloadEnergy> workloads,
            WorkloadEnergy unattributed,
            IReadOnlyList<string> warnings)
        {
            Status = status;
            IntervalSeconds = intervalSeconds;
            BusyCpuSeconds = busyCpuSeconds;
            Workloads = workloads;
            Unattributed = unattributed;
            Warnings = warnings;
        }

        public AttributionStatus Status { get; }

        public double IntervalSeconds { get; }

        /// <summary>
        /// The machine's busy CPU time over the interval in CPU-seconds, the denominator of the CPU shares;
        /// null when it could not be read.
        /// </summary>
        public double? BusyCpuSeconds { get; }

        /// <summary>The tracked workloads seen this interval, in the order their sources read them.</summary>
        public IReadOnlyList<WorkloadEnergy> Workloads { get; }

        public WorkloadEnergy Unattributed { get; }

        /// <summary>The workloads followed by the unattributed row.</summary>
        public IEnumerable<WorkloadEnergy> Rows
        {
            get
            {
                foreach (WorkloadEnergy row in Workloads)
                {
                    yield return row;
                }

                yield return Unattributed;
            }
        }

        /// <summary>Problems met while reading, each reported once per attribution, without secrets.</summary>
        public IReadOnlyList<string> Warnings { get; }
    }
}
