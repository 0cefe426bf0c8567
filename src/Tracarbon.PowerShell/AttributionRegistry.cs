using System.Runtime.CompilerServices;
using Tracarbon.Attribution;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// The workload attribution a session splits its samples by (set in its options, so the split runs on
    /// the sampling thread before the exporters see the sample), kept here for the report's rows.
    /// </summary>
    internal static class AttributionRegistry
    {
        private static readonly ConditionalWeakTable<TrackingSession, WorkloadAttribution> Table =
            new ConditionalWeakTable<TrackingSession, WorkloadAttribution>();

        public static void Attach(TrackingSession session, WorkloadAttribution attribution) =>
            Table.Add(session, attribution);

        public static bool TryGet(TrackingSession session, out WorkloadAttribution attribution) =>
            Table.TryGetValue(session, out attribution!);
    }
}
