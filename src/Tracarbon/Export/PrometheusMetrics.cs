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
    internal sealed partial class PrometheusMetrics
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
    }
}
