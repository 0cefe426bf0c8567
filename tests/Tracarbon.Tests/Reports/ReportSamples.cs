using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using Tracarbon.Carbon;
using Tracarbon.Measurement;
using Tracarbon.Reports;
using Tracarbon.Tracking;

namespace Tracarbon.Tests.Reports
{
    /// <summary>Samples with round numbers, made the way a session makes them, and a parser for the page.</summary>
    internal static class ReportSamples
    {
        public static readonly DateTimeOffset Origin = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>One tick ending <paramref name="end"/> seconds after <see cref="Origin"/>.</summary>
        public static CarbonSample[] Tick(
            string session,
            double end,
            double interval,
            double intensity,
            params (Component Part, double Watts)[] parts)
        {
            var sample = new Sample
            {
                SessionName = session,
                Timestamp = Origin + TimeSpan.FromTicks((long)Math.Round(end * TimeSpan.TicksPerSecond)),
                IntervalSeconds = interval,
                Intensity = new IntensityValue(intensity, "FR", "test table"),
            };
            foreach (var (part, watts) in parts)
            {
                ref ComponentSample slot = ref sample.Slot(part);
                slot.Present = true;
                slot.EnergyJoules = watts * interval;
                slot.PowerWatts = watts;
                slot.EmissionsGrams = watts * interval / 3_600_000.0 * intensity;
                slot.Source = part + " source";
                slot.Probe = "Scripted";
            }

            return CarbonSample.From(sample);
        }

        /// <summary>Host-only ticks of one second each, ending at 1, 2, 3 ... seconds, unless skipped.</summary>
        public static List<CarbonSample> Host(string session, IEnumerable<(int End, double Watts)> ticks) =>
            ticks.SelectMany(t => Tick(session, t.End, 1, 100, (Component.Host, t.Watts))).ToList();

        public static string Render(IEnumerable<CarbonSample> samples, IEnumerable<ComponentReport>? rows = null,
            string title = "Test report", int maxPoints = HtmlReport.DefaultMaxPointsPerSeries)
        {
            var report = new HtmlReport(samples, rows)
            {
                Title = title,
                GeneratedAt = Origin,
                MaxPointsPerSeries = maxPoints,
            };
            return report.ToHtml();
        }

        /// <summary>The page as XML: the report promises well-formed markup, and this holds it to that.</summary>
        public static XDocument Parse(string html)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore };
            using var reader = XmlReader.Create(new StringReader(html), settings);
            return XDocument.Load(reader);
        }

        public static IEnumerable<XElement> Named(this XContainer root, string localName) =>
            root.Descendants().Where(e => e.Name.LocalName == localName);

        public static XElement ById(this XDocument doc, string id) =>
            doc.Descendants().Single(e => (string?)e.Attribute("id") == id);

        public static IEnumerable<XElement> Polylines(this XDocument doc, string chartId, string? component = null) =>
            doc.ById(chartId).Named("polyline").Where(p =>
                ((string?)p.Attribute("class") ?? string.Empty).Split(' ').Contains("series") &&
                (component == null || (string?)p.Attribute("data-component") == component));

        public static (double X, double Y)[] Points(XElement polyline) =>
            ((string)polyline.Attribute("points")!).Split(' ').Select(pair =>
            {
                string[] xy = pair.Split(',');
                return (double.Parse(xy[0], System.Globalization.CultureInfo.InvariantCulture),
                    double.Parse(xy[1], System.Globalization.CultureInfo.InvariantCulture));
            }).ToArray();

        /// <summary>The exact value of one summary cell, read from its data-value attribute.</summary>
        public static double Cell(this XDocument doc, string session, string component, string column)
        {
            XElement row = doc.ById("summary-table").Named("tr").Single(r =>
                (string?)r.Attribute("data-session") == session &&
                (string?)r.Attribute("data-component") == component);
            XElement cell = row.Named("td").Single(td => (string?)td.Attribute("data-column") == column);
            return double.Parse(
                (string)cell.Attribute("data-value")!, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
