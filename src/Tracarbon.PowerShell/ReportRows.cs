using System.Collections.Generic;
using System.Linq;
using Tracarbon.Attribution;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell
{
    /// <summary>A stopped session's rows: the machine's, then each workload's when attribution ran.</summary>
    internal static class ReportRows
    {
        public static IEnumerable<ComponentReport> WithWorkloads(TrackingSession session,
            IReadOnlyList<ComponentReport> report)
        {
            if (!AttributionRegistry.TryGet(session, out WorkloadAttribution attribution))
            {
                return report;
            }

            ComponentReport? machine = report.FirstOrDefault(r => r.Component == Component.Host);
            IReadOnlyList<WorkloadEnergy> totals = attribution.Totals();
            attribution.Dispose();
            return machine == null ? report : report.Concat(WorkloadReport.Rows(totals, machine));
        }
    }
}
