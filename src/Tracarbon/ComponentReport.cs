using System;
using Tracarbon.Measurement;

namespace Tracarbon
{
    /// <summary>
    /// One row of a session's report: what one component drew and emitted over the whole session.
    /// A flat record so that Export-Csv gives a readable table.
    /// </summary>
    public sealed class ComponentReport
    {
        internal ComponentReport()
        {
        }

        public string SessionName { get; internal set; } = string.Empty;

        /// <summary>
        /// Whose energy the row counts: <c>Host</c> for the whole machine, a process (<c>pwsh (1234)</c>), a
        /// container or pod, or <c>Unattributed</c> for what no tracked workload used.
        /// </summary>
        public string Workload { get; internal set; } = "Host";

        public Component Component { get; internal set; }

        public DateTimeOffset StartTime { get; internal set; }

        public DateTimeOffset EndTime { get; internal set; }

        /// <summary>The session's length on the monotonic clock, in seconds.</summary>
        public double DurationSeconds { get; internal set; }

        public long Samples { get; internal set; }

        /// <summary>Energy over the time the component was read; null when it never was.</summary>
        public double? AveragePowerWatts { get; internal set; }

        public double? MinimumPowerWatts { get; internal set; }

        public double? MaximumPowerWatts { get; internal set; }

        public double EnergyJoules { get; internal set; }

        public double EnergyKilowattHours { get; internal set; }

        public double EmissionsGrams { get; internal set; }

        /// <summary>The energy-weighted mean intensity over the session, in gCO2e/kWh.</summary>
        public double IntensityGramsPerKilowattHour { get; internal set; }

        public string Location { get; internal set; } = string.Empty;

        public string IntensitySource { get; internal set; } = string.Empty;

        public string PowerSource { get; internal set; } = string.Empty;

        /// <summary>The probe that read the component last; a host summed from parts names the first.</summary>
        public string Probe { get; internal set; } = string.Empty;

        public string Exporter { get; internal set; } = string.Empty;

        /// <summary>Intervals in which this component could not be read.</summary>
        public long MissingIntervals { get; internal set; }

        /// <summary>Due ticks passed over because an earlier tick ran late.</summary>
        public long SkippedTicks { get; internal set; }

        /// <summary>Background failures that touched this row: its probes' and every exporter's.</summary>
        public long Errors { get; internal set; }

        /// <summary>
        /// CPU seconds the session itself used (sampling and exporting): the tracker's own cost. Null where
        /// the platform cannot measure it.
        /// </summary>
        public double? OverheadCpuSeconds { get; internal set; }

        /// <summary>The distinct failure messages, joined; empty when nothing failed.</summary>
        public string ErrorMessages { get; internal set; } = string.Empty;
    }
}
