using System;
using System.Collections.Generic;
using System.Threading;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Platform;

namespace Tracarbon.Tracking
{
    /// <summary>Building the report rows from the running totals.</summary>
    public sealed partial class TrackingSession
    {
        private IReadOnlyList<ComponentReport> BuildReport(double end)
        {
            IntensityValue intensity = _options.Intensity.Current;
            string exporters = string.Join(", ", Array.ConvertAll(_exporters, e => e.Description));
            var rows = new List<ComponentReport>();
            foreach (Component component in Components.All)
            {
                ComponentAggregate a = _aggregates[(int)component];
                if (a.Samples == 0 && !ProbesCover(component))
                {
                    continue;
                }

                rows.Add(new ComponentReport
                {
                    SessionName = Name,
                    Component = component,
                    StartTime = _startWall,
                    EndTime = _startWall + TimeSpan.FromSeconds(end - _startMonotonic),
                    DurationSeconds = end - _startMonotonic,
                    Samples = a.Samples,
                    AveragePowerWatts = a.AveragePowerWatts,
                    MinimumPowerWatts = double.IsNaN(a.MinimumPowerWatts) ? (double?)null : a.MinimumPowerWatts,
                    MaximumPowerWatts = double.IsNaN(a.MaximumPowerWatts) ? (double?)null : a.MaximumPowerWatts,
                    EnergyJoules = a.EnergyJoules,
                    EnergyKilowattHours = Units.KilowattHours(a.EnergyJoules),
                    EmissionsGrams = a.EmissionsGrams,
                    IntensityGramsPerKilowattHour = a.MeanIntensity ?? intensity.GramsPerKilowattHour,

                    Location = intensity.Location,
                    IntensitySource = intensity.Source,
                    PowerSource = a.LastSource ?? ProbeSource(component),
                    Probe = a.LastProbe ?? string.Empty,
                    Exporter = exporters,
                    MissingIntervals = a.Missing,
                    SkippedTicks = SkippedTicks,
                    Errors = ErrorsFor(component),
                    OverheadCpuSeconds = OverheadCpuSeconds,
                    ErrorMessages = string.Join("; ", Errors.Messages),
                });
            }

            return rows;
        }

        private bool ProbesCover(Component component)
        {
            foreach (Probe probe in _probes)
            {
                foreach (Component c in probe.Components)
                {
                    if (c == component || component == Component.Host)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private string ProbeSource(Component component)
        {
            foreach (Probe probe in _probes)
            {
                foreach (Component c in probe.Components)
                {
                    if (c == component)
                    {
                        return probe.Source;
                    }
                }
            }

            return component == Component.Host ? "sum of parts" : string.Empty;
        }

        /// <summary>The origin under which live intensity failures are counted.</summary>
        public const string IntensityOrigin = "intensity";

        /// <summary>
        /// The errors that touch a component's row: the session's own, live intensity's and the workload
        /// split's (every row's figures depend on them), its probes', every exporter's and the export
        /// queue's (samples dropped, or not exported by the stop timeout).
        /// </summary>
        private long ErrorsFor(Component component)
        {
            long n = Errors.CountFor("session") + Errors.CountFor(IntensityOrigin) +
                Errors.CountFor(AttributionOrigin) + Errors.CountFor(ExportPipeline.QueueOrigin);
            for (int i = 0; i < _probes.Length; i++)
            {
                foreach (Component c in _probes[i].Components)
                {
                    if (c == component || component == Component.Host)
                    {
                        n += Errors.CountFor(_probeOrigins[i]);
                        break;
                    }
                }
            }

            foreach (string origin in new HashSet<string>(_exporterOrigins))
            {
                n += Errors.CountFor(origin);
            }

            return n;
        }
    }
}
