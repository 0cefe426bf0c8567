using System;
using System.Collections.Generic;
using System.Linq;
using Tracarbon.Measurement;

namespace Tracarbon.Reports
{
    /// <summary>One line of the report's summary table: a session's component over the whole report.</summary>
    internal sealed class SummaryRow
    {
        public string Session { get; private set; } = string.Empty;

        public Component Component { get; private set; }

        public double DurationSeconds { get; private set; }

        public long Samples { get; private set; }

        public double? AveragePowerWatts { get; private set; }

        public double EnergyWattHours { get; private set; }

        public double EmissionsGrams { get; private set; }

        public double IntensityGramsPerKilowattHour { get; private set; }

        public string Location { get; private set; } = string.Empty;

        public string Source { get; private set; } = string.Empty;

        /// <summary>
        /// A row per session and component. A report row, when given, wins over the samples: a running
        /// session's totals cover its whole length, its kept samples only the most recent part of it.
        /// </summary>
        public static List<SummaryRow> Build(IReadOnlyList<CarbonSample> samples, IReadOnlyList<ComponentReport> rows)
        {
            var sessions = new List<string>();
            foreach (string name in rows.Select(r => r.SessionName).Concat(samples.Select(s => s.SessionName)))
            {
                if (!sessions.Contains(name))
                {
                    sessions.Add(name);
                }
            }

            var result = new List<SummaryRow>();
            foreach (string session in sessions)
            {
                List<CarbonSample> ofSession = samples.Where(s => s.SessionName == session).ToList();
                double duration = ofSession.Count == 0 ? 0 : SessionSeconds(ofSession);
                foreach (Component component in Components.All)
                {
                    ComponentReport? row =
                        rows.FirstOrDefault(r => r.SessionName == session && r.Component == component);
                    if (row != null)
                    {
                        result.Add(FromReport(row));
                        continue;
                    }

                    List<CarbonSample> ofComponent = ofSession.Where(s => s.Component == component).ToList();
                    if (ofComponent.Count > 0)
                    {
                        result.Add(FromSamples(session, component, duration, ofComponent));
                    }
                }
            }

            return result;
        }

        private static SummaryRow FromReport(ComponentReport r) => new SummaryRow
        {
            Session = r.SessionName,
            Component = r.Component,
            DurationSeconds = r.DurationSeconds,
            Samples = r.Samples,
            AveragePowerWatts = r.AveragePowerWatts,
            EnergyWattHours = r.EnergyKilowattHours * 1000,
            EmissionsGrams = r.EmissionsGrams,
            IntensityGramsPerKilowattHour = r.IntensityGramsPerKilowattHour,
            Location = r.Location,
            Source = r.PowerSource,
        };

        private static SummaryRow FromSamples(
            string session, Component component, double duration, List<CarbonSample> samples)
        {
            // One interval counted once, however often the pipeline brought it.
            List<CarbonSample> distinct = samples.GroupBy(s => s.Timestamp).Select(g => g.First()).ToList();
            double joules = distinct.Sum(s => s.EnergyJoules);
            double grams = distinct.Sum(s => s.EmissionsGrams);
            double readSeconds = distinct.Where(s => s.PowerWatts.HasValue).Sum(s => s.IntervalSeconds);

            // kWh = J / 3.6e6; the energy-weighted intensity is then grams per kWh, as the session's own.
            double kilowattHours = joules / 3_600_000.0;
            double intensity = kilowattHours > 0
                ? grams / kilowattHours
                : distinct.OrderBy(s => s.Timestamp).Last().IntensityGramsPerKilowattHour;
            return new SummaryRow
            {
                Session = session,
                Component = component,
                DurationSeconds = duration,
                Samples = distinct.Count,
                AveragePowerWatts = readSeconds > 0 ? joules / readSeconds : (double?)null,
                EnergyWattHours = joules / 3600.0,
                EmissionsGrams = grams,
                IntensityGramsPerKilowattHour = intensity,
                Location = Joined(distinct.Select(s => s.Location)),
                Source = Joined(distinct.Select(s => s.Source)),
            };
        }

        /// <summary>From the start of the earliest interval to the end of the latest, over all components.</summary>
        private static double SessionSeconds(List<CarbonSample> samples)
        {
            DateTimeOffset end = samples.Max(s => s.Timestamp);
            double start = samples.Min(s => (s.Timestamp - end).TotalSeconds - s.IntervalSeconds);
            return -start;
        }

        private static string Joined(IEnumerable<string> values) =>
            string.Join(", ", values.Where(v => !string.IsNullOrEmpty(v)).Distinct());
    }
}
