using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Tracarbon.Reports
{
    /// <summary>
    /// A self-contained HTML report of samples: a summary table per session and component, the power of
    /// each component over time and the emissions summed over time, as inline SVG. The file loads
    /// nothing (no script, font or image), so it can be mailed, archived or opened offline; it is also
    /// well-formed XML, so tests and tools can query it by the ids and classes it documents.
    /// </summary>
    public sealed class HtmlReport
    {
        public const int DefaultMaxPointsPerSeries = 1000;

        private readonly List<CarbonSample> _samples;
        private readonly List<ComponentReport> _rows;
        private int _maxPoints = DefaultMaxPointsPerSeries;

        /// <param name="samples">The intervals to draw, in any order; duplicates are drawn once.</param>
        /// <param name="rows">
        /// Totals that replace the table rows computed from the samples, such as a running session's
        /// snapshot, which covers more than the samples it still keeps.
        /// </param>
        public HtmlReport(IEnumerable<CarbonSample> samples, IEnumerable<ComponentReport>? rows = null)
        {
            _samples = (samples ?? throw new ArgumentNullException(nameof(samples))).Where(s => s != null).ToList();
            _rows = rows?.Where(r => r != null).ToList() ?? new List<ComponentReport>();
        }

        public string Title { get; set; } = "Tracarbon report";

        /// <summary>Shown on the page; settable so that a test, or a rebuilt report, is reproducible.</summary>
        public DateTimeOffset GeneratedAt { get; set; } = DateTimeOffset.UtcNow;

        /// <summary>Each line keeps at most this many points, however long the session (2 or more).</summary>
        public int MaxPointsPerSeries
        {
            get => _maxPoints;
            set => _maxPoints = value >= 2
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "A line needs at least 2 points.");
        }

        public int SampleCount => _samples.Count;

        public string ToHtml()
        {
            using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            Write(writer);
            return writer.ToString();
        }

        public void Write(TextWriter writer)
        {
            if (writer == null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            ChartData data = ChartData.From(_samples);
            List<SummaryRow> summary = SummaryRow.Build(_samples, _rows);
            writer.WriteLine("<!DOCTYPE html>");
            writer.WriteLine("<html lang=\"en\">");
            writer.WriteLine("<head>");
            writer.WriteLine("<meta charset=\"utf-8\" />");
            writer.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />");
            writer.WriteLine("<meta name=\"color-scheme\" content=\"light dark\" />");
            writer.WriteLine("<meta name=\"generator\" content=\"Tracarbon for PowerShell\" />");
            writer.WriteLine($"<title>{Html.Escape(Title)}</title>");
            writer.WriteLine("<style>");
            writer.Write(ReportStyle.Css());
            writer.WriteLine("</style>");
            writer.WriteLine("</head>");
            writer.WriteLine("<body>");
            writer.WriteLine("<main>");
            writer.WriteLine($"<h1 id=\"report-title\">{Html.Escape(Title)}</h1>");
            WriteMeta(writer, data, summary);
            if (summary.Count > 0)
            {
                SummaryTable.Write(writer, summary, data);
            }

            if (data.Series.Count == 0)
            {
                writer.WriteLine("<p id=\"no-samples\" class=\"empty\">No samples to report: no interval was " +
                    "measured yet, so there is nothing to draw. Let the session run for at least one interval.</p>");
            }
            else
            {
                WriteCharts(writer, data);
            }

            writer.WriteLine("</main>");
            writer.WriteLine("</body>");
            writer.WriteLine("</html>");
        }

        private void WriteMeta(TextWriter w, ChartData data, List<SummaryRow> summary)
        {
            IEnumerable<string> names = summary.Select(r => r.Session).Concat(data.Sessions).Distinct();
            string sessions = string.Join(", ", names.Select(n => "\u2018" + Html.Escape(n) + "\u2019"));
            w.Write("<p class=\"meta\">");
            if (sessions.Length > 0)
            {
                w.Write($"Sessions {sessions}. ");
            }

            if (data.Series.Count > 0)
            {
                w.Write($"From {Html.Timestamp(data.Origin)} to " +
                    $"{Html.Timestamp(data.Origin.AddSeconds(data.SpanSeconds))}. ");
            }

            w.WriteLine($"Generated {Html.Timestamp(GeneratedAt)} by Tracarbon for PowerShell.</p>");
        }

        private void WriteCharts(TextWriter w, ChartData data)
        {
            bool manySessions = data.Sessions.Count > 1;
            AxisScale time = AxisScale.ForTime(data.SpanSeconds);
            string timeTitle = $"Time since {Html.Timestamp(data.Origin)} ({time.Unit})";
            var power = new List<List<ChartPoint>>();
            var emissions = new List<List<ChartPoint>>();
            foreach (ChartSeries s in data.Series)
            {
                power.Add(ChartData.Downsample(s.Power, _maxPoints, data.SpanSeconds));
                emissions.Add(ChartData.Downsample(s.Cumulative, _maxPoints, data.SpanSeconds));
            }

            double maxWatts = power.SelectMany(p => p).Select(p => p.Value).DefaultIfEmpty(0).Max();
            double maxGrams = emissions.SelectMany(p => p).Select(p => p.Value).DefaultIfEmpty(0).Max();
            AxisScale watts = AxisScale.ForValues(maxWatts, AxisScale.Watts);
            AxisScale grams = AxisScale.ForValues(maxGrams, AxisScale.Grams);
            var powerChart = new SvgChart("power-chart", "Power per component over time",
                time, timeTitle, watts, $"Power ({watts.Unit})");
            var emissionsChart = new SvgChart("emissions-chart", "Cumulative emissions over time",
                time, timeTitle, grams, $"Emissions ({grams.Unit} CO2e)");
            for (int i = 0; i < data.Series.Count; i++)
            {
                powerChart.Add(data.Series[i], power[i]);
                emissionsChart.Add(data.Series[i], emissions[i]);
            }

            w.WriteLine("<section id=\"power\">");
            w.WriteLine("<h2>Power</h2>");
            w.WriteLine("<figure>");
            powerChart.Write(w, manySessions);
            w.WriteLine("<figcaption>The mean power of each interval, plotted at the interval\u2019s end. " +
                "A break in a line is an interval in which the component could not be read.</figcaption>");
            w.WriteLine("</figure>");
            w.WriteLine("</section>");
            w.WriteLine("<section id=\"emissions\">");
            w.WriteLine("<h2>Cumulative emissions</h2>");
            w.WriteLine("<figure>");
            emissionsChart.Write(w, manySessions);
            w.WriteLine("<figcaption>Grams of CO2-equivalent emitted since the first interval: energy " +
                "times the grid\u2019s carbon intensity. The host line includes its parts; do not add them up." +
                "</figcaption>");
            w.WriteLine("</figure>");
            w.WriteLine("</section>");
        }
    }
}
