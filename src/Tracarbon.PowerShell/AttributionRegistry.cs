using System.Runtime.CompilerServices;
using Tracarbon.Attribution;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell
{
    /// <summary>The workload attribution that rides along a session, when the user asked for one.</summary>
    internal static class AttributionRegistry
    {
        private static readonly ConditionalWeakTable<TrackingSession, WorkloadAttribution> Table =
            new ConditionalWeakTable<TrackingSession, WorkloadAttribution>();

        public static void Attach(TrackingSession session, WorkloadAttribution attribution)
        {
            Table.Add(session, attribution);

            // On the sampling thread, after each sample is aggregated: the split never blocks on the network.
            session.Sampled += (_, sample) => attribution.Attribute(sample);
        }

        public static bool TryGet(TrackingSession session, out WorkloadAttribution attribution) =>
            Table.TryGetValue(session, out attribution!);
    }
}
