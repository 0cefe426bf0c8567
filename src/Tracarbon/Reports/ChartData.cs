using System;
using System.Collections.Generic;
using System.Linq;
using Tracarbon.Measurement;

namespace Tracarbon.Reports
{
    /// <summary>A point of a chart line; a break before it means the line lifts the pen there.</summary>
    internal readonly struct ChartPoint
    {
        public ChartPoint(double seconds, double value, bool breakBefore)
        {
            Seconds = seconds;
            Value = value;
            BreakBefore = breakBefore;
        }

        /// <summary>Seconds since the report's origin, the start of the earliest interval.</summary>
        public double Seconds { get; }

        public double Value { get; }

        public bool BreakBefore { get; }
    }

    /// <summary>One session's component: its power line and its cumulative emissions line.</summary>
    internal sealed class ChartSeries
    {
        public ChartSeries(string session, int sessionIndex, Component component)
        {
            Session = session;
            SessionIndex = sessionIndex;
            Component = component;
        }

        public string Session { get; }

        public int SessionIndex { get; }

        public Component Component { get; }

        public int Samples { get; set; }

        /// <summary>The mean power of each interval, at the interval's end.</summary>
        public List<ChartPoint> Power { get; } = new List<ChartPoint>();

        /// <summary>Grams emitted so far; each run of intervals also starts at its first interval's start.</summary>
        public List<ChartPoint> Cumulative { get; } = new List<ChartPoint>();

        /// <summary>A component keeps its colour in every session; the second session takes the other four.</summary>
        public int Colour => (SessionIndex * 4 + (int)Component) % 8;

        /// <summary>From the third session on colours repeat, so the line is dashed to tell it apart.</summary>
        public bool Dashed => SessionIndex >= 2;
    }

    /// <summary>Turns samples into chart lines: ordered, deduplicated, broken where intervals are missing.</summary>
    internal sealed class ChartData
    {
        /// <summary>
        /// How far apart one interval's end and the next one's start may be and still join. Consecutive
        /// samples of a session are contiguous by construction; the slack covers timestamps rounded to
        /// the millisecond (TimeSpan.FromSeconds on .NET Framework).
        /// </summary>
        internal const double JoinToleranceSeconds = 0.002;

        private ChartData(DateTimeOffset origin, double span, List<string> sessions, List<ChartSeries> series)
        {
            Origin = origin;
            SpanSeconds = span;
            Sessions = sessions;
            Series = series;
        }

        public DateTimeOffset Origin { get; }

        public double SpanSeconds { get; }

        public IReadOnlyList<string> Sessions { get; }

        public IReadOnlyList<ChartSeries> Series { get; }

        public static ChartData From(IEnumerable<CarbonSample> samples)
        {
            var sessions = new List<string>();
            var groups = new Dictionary<(string, Component), List<CarbonSample>>();
            DateTimeOffset? first = null;
            DateTimeOffset? last = null;
            foreach (CarbonSample s in samples)
            {
                if (s == null)
                {
                    continue;
                }

                if (!sessions.Contains(s.SessionName))
                {
                    sessions.Add(s.SessionName);
                }

                if (!groups.TryGetValue((s.SessionName, s.Component), out List<CarbonSample>? list))
                {
                    list = new List<CarbonSample>();
                    groups.Add((s.SessionName, s.Component), list);
                }

                list.Add(s);
                DateTimeOffset start = Start(s);
                first = first == null || start < first ? start : first;
                last = last == null || s.Timestamp > last ? s.Timestamp : last;
            }

            DateTimeOffset origin = first ?? default;
            double span = ((last ?? origin) - origin).TotalSeconds;
            var series = new List<ChartSeries>();
            for (int i = 0; i < sessions.Count; i++)
            {
                foreach (Component c in Components.All)
                {
                    if (groups.TryGetValue((sessions[i], c), out List<CarbonSample>? list))
                    {
                        series.Add(Build(new ChartSeries(sessions[i], i, c), list, origin));
                    }
                }
            }

            return new ChartData(origin, span, sessions, series);
        }

        /// <summary>
        /// At most <paramref name="maxPoints"/> points that keep the line's shape: the span is cut into
        /// maxPoints / 2 equal time buckets and each keeps its lowest and highest point, in time order,
        /// so a one-interval spike survives where averaging would flatten it. A bucket is a pixel or
        /// two wide, so a gap inside one is drawn at the bucket's first kept point.
        /// </summary>
        public static List<ChartPoint> Downsample(IReadOnlyList<ChartPoint> points, int maxPoints, double span)
        {
            if (points.Count <= maxPoints)
            {
                return new List<ChartPoint>(points);
            }

            int buckets = Math.Max(1, maxPoints / 2);
            var kept = new List<ChartPoint>(maxPoints);
            int i = 0;
            while (i < points.Count)
            {
                int bucket = Bucket(points[i].Seconds, span, buckets);
                int low = i;
                int high = i;
                bool breaks = false;
                for (; i < points.Count && Bucket(points[i].Seconds, span, buckets) == bucket; i++)
                {
                    breaks |= points[i].BreakBefore;
                    low = points[i].Value < points[low].Value ? i : low;
                    high = points[i].Value > points[high].Value ? i : high;
                }

                int a = Math.Min(low, high);
                int b = Math.Max(low, high);
                kept.Add(new ChartPoint(points[a].Seconds, points[a].Value, breaks));
                if (b != a)
                {
                    kept.Add(new ChartPoint(points[b].Seconds, points[b].Value, false));
                }
            }

            return kept;
        }

        /// <summary>The unbroken runs of a line, each drawn as one polyline.</summary>
        public static List<List<ChartPoint>> Segments(IReadOnlyList<ChartPoint> points)
        {
            var segments = new List<List<ChartPoint>>();
            foreach (ChartPoint p in points)
            {
                if (segments.Count == 0 || p.BreakBefore)
                {
                    segments.Add(new List<ChartPoint>());
                }

                segments[segments.Count - 1].Add(p);
            }

            return segments;
        }

        private static int Bucket(double seconds, double span, int buckets) =>
            span > 0 ? Math.Min(buckets - 1, Math.Max(0, (int)(seconds / span * buckets))) : 0;

        private static DateTimeOffset Start(CarbonSample s) =>
            s.Timestamp - TimeSpan.FromTicks((long)Math.Round(s.IntervalSeconds * TimeSpan.TicksPerSecond));

        private static ChartSeries Build(ChartSeries series, List<CarbonSample> samples, DateTimeOffset origin)
        {
            // A stable sort: the pipeline may bring samples in any order, and the same one twice.
            List<CarbonSample> ordered = samples.OrderBy(s => s.Timestamp).ToList();
            double cumulative = 0;
            double previousEnd = double.NaN;
            bool powerBreak = false;
            DateTimeOffset? previousStamp = null;
            foreach (CarbonSample s in ordered)
            {
                if (s.Timestamp == previousStamp)
                {
                    continue;
                }

                previousStamp = s.Timestamp;
                double start = (Start(s) - origin).TotalSeconds;
                double end = (s.Timestamp - origin).TotalSeconds;
                bool joined = Math.Abs(start - previousEnd) <= JoinToleranceSeconds;
                if (!joined)
                {
                    series.Cumulative.Add(new ChartPoint(start, cumulative, true));
                }

                cumulative += s.EmissionsGrams;
                series.Cumulative.Add(new ChartPoint(end, cumulative, false));
                if (s.PowerWatts is double watts && !double.IsNaN(watts))
                {
                    series.Power.Add(new ChartPoint(end, watts, !joined || powerBreak));
                    powerBreak = false;
                }
                else
                {
                    powerBreak = true;
                }

                previousEnd = end;
                series.Samples++;
            }

            return series;
        }
    }
}
