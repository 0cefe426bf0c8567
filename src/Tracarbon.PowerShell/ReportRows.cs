using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Tracarbon.Attribution;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell
{
    /// <summary>A stopped session's rows: the machine's, then each workload's when attribution ran.</summary>
    internal static class ReportRows
    {
        /// <summary>The type name that selects the table view with a Workload column.</summary>
        public const string WorkloadTypeName = "Tracarbon.ComponentReport#Workload";

        /// <summary>
        /// The rows as the cmdlets write them: where workloads were split, each row also carries
        /// <see cref="WorkloadTypeName"/>, so the default table shows whose row it is.
        /// </summary>
        /// <summary>
        /// Repeats each distinct background error of the session (a probe, an exporter, live intensity) as
        /// a warning, so that it reaches the console and -WarningVariable, not only the report's column.
        /// </summary>
        public static void WarnErrors(Cmdlet cmdlet, TrackingSession session)
        {
            foreach (string message in session.Errors.Messages)
            {
                cmdlet.WriteWarning($"Session '{session.Name}': {message}");
            }
        }

        public static IEnumerable<PSObject> ForOutput(TrackingSession session, IReadOnlyList<ComponentReport> report)
        {
            bool attributed = AttributionRegistry.TryGet(session, out _);
            foreach (ComponentReport row in WithWorkloads(session, report))
            {
                var item = new PSObject(row);
                if (attributed)
                {
                    item.TypeNames.Insert(0, WorkloadTypeName);
                }

                yield return item;
            }
        }

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
