using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Tracarbon.Attribution;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// What the OTLP instruments observe: energy and emission totals per label set and the latest
    /// sample's power and intensity. The sampling side writes under a lock; the SDK's collection, on
    /// the exporter's thread, reads under it. A measured 0 is a point; a component without a reading has
    /// no power point, and its totals stay as they were.
    /// </summary>
    internal sealed class OtlpMetricState
    {
        /// <summary>Total series kept at most; past it, a component's newest series is relabelled.</summary>
        internal const int MaxSeries = 64;

        private static readonly string[] ComponentLabels = { "host", "cpu", "memory", "gpu" };

        private readonly object _gate = new object();
        private readonly List<Series> _series = new List<Series>(Components.Count * 2);
        private readonly Latest[] _latest = new Latest[Components.Count];
        private readonly string _platform;
        private readonly WorkloadCounters _workloads = new WorkloadCounters();
        private KeyValuePair<string, object?>[]? _intensityTags;
        private KeyValuePair<string, object?>[]? _platformTags;
        private double _intensity;

        public OtlpMetricState(string platform)
        {
            _platform = platform;
        }

        /// <summary>Takes one sample in; allocates only when a component's labels change.</summary>
        public void Update(Sample sample)
        {
            lock (_gate)
            {
                string location = sample.Intensity.Location;
                string intensitySource = sample.Intensity.Source;
                _intensity = sample.Intensity.GramsPerKilowattHour;
                if (!Matches(_intensityTags, location, intensitySource))
                {
                    _intensityTags = Tags(null, location, intensitySource);
                }

                for (int i = 0; i < Components.Count; i++)
                {
                    ComponentSample c = sample[(Component)i];
                    ref Latest latest = ref _latest[i];
                    latest.Present = c.Present;
                    if (!c.Present)
                    {
                        continue;
                    }

                    string source = c.Source ?? "unknown";
                    latest.PowerWatts = c.PowerWatts;
                    if (!Matches(latest.Tags, location, source))
                    {
                        latest.Tags = Tags(ComponentLabels[i], location, source);
                    }

                    Series series = FindSeries((Component)i, location, source);
                    series.EnergyJoules.Add(c.EnergyJoules);
                    series.EmissionsGrams.Add(c.EmissionsGrams);
                }

                if (sample.Workloads is AttributionResult workloads)
                {
                    _workloads.Add(workloads);
                }
            }
        }

        /// <summary>Joules since the exporter opened, one point per component and label set.</summary>
        public IEnumerable<Measurement<double>> Energy()
        {
            lock (_gate)
            {
                var points = new List<Measurement<double>>(_series.Count);
                foreach (Series s in _series)
                {
                    points.Add(new Measurement<double>(s.EnergyJoules.Value, s.Tags));
                }

                AddWorkloads(points, joules: true);
                return points;
            }
        }

        /// <summary>Grams of CO2-equivalent since the exporter opened, as <see cref="Energy"/>.</summary>
        public IEnumerable<Measurement<double>> Emissions()
        {
            lock (_gate)
            {
                var points = new List<Measurement<double>>(_series.Count);
                foreach (Series s in _series)
                {
                    points.Add(new Measurement<double>(s.EmissionsGrams.Value, s.Tags));
                }

                AddWorkloads(points, joules: false);
                return points;
            }
        }

        /// <summary>Each workload's totals, with the Prometheus exporter's labels as attributes.</summary>
        private void AddWorkloads(List<Measurement<double>> points, bool joules)
        {
            if (_workloads.Count == 0)
            {
                return;
            }

            foreach (WorkloadSeries s in _workloads.Series)
            {
                for (int part = 0; part < WorkloadCounters.Parts.Length; part++)
                {
                    double value = joules ? s.Joules[part].Value : s.Grams[part].Value;
                    points.Add(new Measurement<double>(value, s.Attributes(part, _platform)));
                }
            }
        }

        /// <summary>The latest interval's mean power of each component that has one.</summary>
        public IEnumerable<Measurement<double>> Power()
        {
            lock (_gate)
            {
                var points = new List<Measurement<double>>(_latest.Length);
                foreach (Latest l in _latest)
                {
                    if (l.Present && l.PowerWatts is double watts)
                    {
                        points.Add(new Measurement<double>(watts, l.Tags!));
                    }
                }

                return points;
            }
        }

        /// <summary>The latest sample's grid intensity; nothing before the first sample.</summary>
        public IEnumerable<Measurement<double>> Intensity()
        {
            lock (_gate)
            {
                return _intensityTags == null
                    ? Array.Empty<Measurement<double>>()
                    : new[] { new Measurement<double>(_intensity, _intensityTags) };
            }
        }

        /// <summary>Tracking's own CPU seconds, with the platform as the only attribute.</summary>
        public IEnumerable<Measurement<double>> SelfCpu(Func<double> read)
        {
            double seconds;
            try
            {
                seconds = read();
            }
            catch (Exception)
            {
                // A failing reading costs this one metric, never the push.
                return Array.Empty<Measurement<double>>();
            }

            _platformTags ??= new[] { new KeyValuePair<string, object?>("platform", _platform) };
            return new[] { new Measurement<double>(seconds, _platformTags) };
        }

        /// <summary>Whether cached attributes (location, source, platform last) still fit.</summary>
        private static bool Matches(KeyValuePair<string, object?>[]? tags, string location, string source) =>
            tags != null &&
            string.Equals((string?)tags[tags.Length - 3].Value, location, StringComparison.Ordinal) &&
            string.Equals((string?)tags[tags.Length - 2].Value, source, StringComparison.Ordinal);

        /// <summary>The attributes in the Prometheus exporter's label order; the component only when given.</summary>
        private KeyValuePair<string, object?>[] Tags(string? component, string location, string source)
        {
            var tags = new List<KeyValuePair<string, object?>>(4);
            if (component != null)
            {
                tags.Add(new KeyValuePair<string, object?>("component", component));
            }

            tags.Add(new KeyValuePair<string, object?>("location", location));
            tags.Add(new KeyValuePair<string, object?>("source", source));
            tags.Add(new KeyValuePair<string, object?>("platform", _platform));
            return tags.ToArray();
        }

        /// <summary>
        /// The series for these labels. A change of source or location starts a new one, so each counts
        /// only what was measured under its labels; past <see cref="MaxSeries"/> the newest is relabelled.
        /// </summary>
        private Series FindSeries(Component component, string location, string source)
        {
            Series? newest = null;
            foreach (Series s in _series)
            {
                if (s.Component != component)
                {
                    continue;
                }

                if (string.Equals(s.Location, location, StringComparison.Ordinal) &&
                    string.Equals(s.Source, source, StringComparison.Ordinal))
                {
                    return s;
                }

                newest = s;
            }

            if (_series.Count >= MaxSeries && newest != null)
            {
                newest.Relabel(location, source, Tags(ComponentLabels[(int)component], location, source));
                return newest;
            }

            string label = ComponentLabels[(int)component];
            var series = new Series(component, location, source, Tags(label, location, source));
            _series.Add(series);
            return series;
        }

        private sealed class Series
        {
            public Series(Component component, string location, string source, KeyValuePair<string, object?>[] tags)
            {
                Component = component;
                Location = location;
                Source = source;
                Tags = tags;
            }

            public Component Component { get; }

            public string Location { get; private set; }

            public string Source { get; private set; }

            public KeyValuePair<string, object?>[] Tags { get; private set; }

            /// <summary>Compensated sums: a week of one-second energies keeps its low bits.</summary>
            public CompensatedSum EnergyJoules;

            public CompensatedSum EmissionsGrams;

            public void Relabel(string location, string source, KeyValuePair<string, object?>[] tags)
            {
                Location = location;
                Source = source;
                Tags = tags;
            }
        }

        private struct Latest
        {
            public bool Present;
            public double? PowerWatts;
            public KeyValuePair<string, object?>[]? Tags;
        }
    }
}
