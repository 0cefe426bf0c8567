using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Xml.Linq;
using Tracarbon.Measurement;
using Tracarbon.Reports;
using Xunit;
using static Tracarbon.Tests.Reports.ReportSamples;

namespace Tracarbon.Tests.Reports
{
    public sealed class HtmlReportTests
    {
        [Fact]
        public void EscapesSessionNamesAndTitleEverywhere()
        {
            const string name = "<script>alert('x')</script> & \"co\"";
            var samples = Host(name, new[] { (1, 10.0), (2, 12.0) });

            string html = Render(samples, title: "<b>Run</b> & <i>more</i>");

            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>", html);
            Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;", html);
            XDocument doc = Parse(html);
            Assert.Equal("<b>Run</b> & <i>more</i>", doc.ById("report-title").Value);
            Assert.All(doc.Polylines("power-chart"), p => Assert.Equal(name, (string?)p.Attribute("data-session")));
            Assert.Equal(name, (string?)doc.ById("summary-table").Named("tr").Last().Attribute("data-session"));
        }

        [Fact]
        public void SummaryHasTheExactTotalsOfKnownSamples()
        {
            // Host 10, 20 and 5 W over three one-second intervals at 100 g/kWh: 35 J in all.
            var samples = Host("run", new[] { (1, 10.0), (2, 20.0), (3, 5.0) });

            XDocument doc = Parse(Render(samples));

            Assert.Equal(3, doc.Cell("run", "Host", "duration"), 12);
            Assert.Equal(3, doc.Cell("run", "Host", "samples"));
            Assert.Equal(35.0 / 3, doc.Cell("run", "Host", "power"), 12);
            Assert.Equal(35.0 / 3600, doc.Cell("run", "Host", "energy"), 15);
            Assert.Equal(35.0 / 3_600_000 * 100, doc.Cell("run", "Host", "emissions"), 15);
            Assert.Equal(100, doc.Cell("run", "Host", "intensity"), 9);
        }

        [Fact]
        public void ReportRowsReplaceTheTotalsComputedFromSamples()
        {
            var samples = Host("run", new[] { (1, 10.0) });
            var row = new ComponentReport
            {
                SessionName = "run", Component = Component.Host, DurationSeconds = 7200, Samples = 7200,
                AveragePowerWatts = 9.5, EnergyKilowattHours = 0.019, EmissionsGrams = 1.064,
                IntensityGramsPerKilowattHour = 56, Location = "FR", PowerSource = "sum of Cpu + Memory",
            };

            XDocument doc = Parse(Render(samples, new[] { row }));

            Assert.Equal(7200, doc.Cell("run", "Host", "samples"));
            Assert.Equal(19, doc.Cell("run", "Host", "energy"), 12);
            Assert.Equal(9.5, doc.Cell("run", "Host", "power"));
            Assert.NotNull(doc.ById("coverage-note"));
        }

        [Fact]
        public void DrawsAKnownSeriesAtKnownCoordinates()
        {
            var samples = Host("run", new[] { (1, 10.0), (2, 20.0), (3, 5.0) });

            XDocument doc = Parse(Render(samples));

            // Plot area: x 78..750 over 0..3 s; y 312..16 over 0..20 W and 0..1000 ug.
            XElement power = Assert.Single(doc.Polylines("power-chart"));
            Assert.Equal("302,164 526,16 750,238", (string?)power.Attribute("points"));
            XElement emissions = Assert.Single(doc.Polylines("emissions-chart"));
            Assert.Equal("78,312 302,229.78 526,65.33 750,24.22", (string?)emissions.Attribute("points"));
            Assert.Contains(doc.ById("emissions-chart").Named("text"), t => t.Value == "1000 \u00b5g");
            Assert.Contains(doc.ById("power-chart").Named("text"), t => t.Value == "20 W");
            Assert.Contains(doc.ById("power-chart").Named("text"), t => t.Value == "3 s");
        }

        [Fact]
        public void DrawsOneLinePerComponentWithALegendEntryEach()
        {
            var samples = Enumerable.Range(1, 5).SelectMany(i => Tick("run", i, 1, 56,
                (Component.Host, 10 + i), (Component.Cpu, 8 + i), (Component.Memory, 2))).ToList();

            XDocument doc = Parse(Render(samples));

            foreach (string chart in new[] { "power-chart", "emissions-chart" })
            {
                Assert.Equal(new[] { "Host", "Cpu", "Memory" },
                    doc.Polylines(chart).Select(p => (string?)p.Attribute("data-component")));
                Assert.Equal(3, doc.ById(chart).Named("g").Count(g => (string?)g.Attribute("class") == "legend-item"));
            }

            Assert.All(doc.Polylines("power-chart"), p => Assert.Equal(5, Points(p).Length));
        }

        [Fact]
        public void AMissingIntervalBreaksTheLine()
        {
            // Memory was not read in the third interval; the others were.
            var samples = Enumerable.Range(1, 5).SelectMany(i => i == 3
                ? Tick("run", i, 1, 56, (Component.Host, 10), (Component.Cpu, 8))
                : Tick("run", i, 1, 56, (Component.Host, 10), (Component.Cpu, 8), (Component.Memory, 2))).ToList();

            XDocument doc = Parse(Render(samples));

            Assert.Single(doc.Polylines("power-chart", "Host"));
            var memory = doc.Polylines("power-chart", "Memory").ToList();
            Assert.Equal(new[] { "0", "1" }, memory.Select(p => (string?)p.Attribute("data-segment")));
            Assert.Equal(new[] { 2, 2 }, memory.Select(p => Points(p).Length));
            Assert.Equal(2, doc.Polylines("emissions-chart", "Memory").Count());
        }

        [Fact]
        public void ALoneIntervalBetweenGapsIsADot()
        {
            var samples = Host("run", new[] { (1, 10.0), (2, 10.0), (4, 10.0), (6, 10.0), (7, 10.0) });

            XDocument doc = Parse(Render(samples));

            Assert.Equal(new[] { 2, 1, 2 }, doc.Polylines("power-chart").Select(p => Points(p).Length));
            XElement dot = Assert.Single(doc.ById("power-chart").Named("circle"));
            Assert.Equal("Host", (string?)dot.Attribute("data-component"));
        }

        [Fact]
        public void OneSampleDrawsADotAndARisingEmissionsLine()
        {
            XDocument doc = Parse(Render(Host("run", new[] { (1, 4.0) })));

            Assert.Single(Points(Assert.Single(doc.Polylines("power-chart"))));
            Assert.Single(doc.ById("power-chart").Named("circle"));
            Assert.Equal(2, Points(Assert.Single(doc.Polylines("emissions-chart"))).Length);
        }

        [Fact]
        public void ThousandsOfSamplesAreDownsampledKeepingTheSpike()
        {
            // An hour at one sample a second, flat at 10 W but for one interval at 90 W.
            var samples = Host("long", Enumerable.Range(1, 3600).Select(i => (i, i == 1234 ? 90.0 : 10.0)));

            XDocument doc = Parse(Render(samples));

            XElement power = Assert.Single(doc.Polylines("power-chart"));
            (double X, double Y)[] points = Points(power);
            Assert.InRange(points.Length, 2, HtmlReport.DefaultMaxPointsPerSeries);
            double spike = points.Min(p => p.Y);
            double flat = points.Max(p => p.Y);
            // The axis tops at 100 W: 90 W sits at 312 - 0.9 x 296.
            Assert.Equal(45.6, spike, 6);
            Assert.True(flat > 16, "the flat 10 W level is gone");
            Assert.InRange(Points(Assert.Single(doc.Polylines("emissions-chart"))).Length, 2, 1000);
            Assert.Equal(3600, doc.Cell("long", "Host", "samples"));
        }

        [Fact]
        public void NoSamplesGivesAClearPageWithoutCharts()
        {
            XDocument doc = Parse(Render(Array.Empty<CarbonSample>()));

            Assert.Contains("No samples to report", doc.ById("no-samples").Value);
            Assert.DoesNotContain(doc.Descendants(), e => (string?)e.Attribute("id") == "power-chart");
            Assert.DoesNotContain(doc.Descendants(), e => (string?)e.Attribute("id") == "summary-table");
        }

        [Fact]
        public void LoadsNothingFromOutsideTheFile()
        {
            string html = Render(Host("run", new[] { (1, 10.0), (2, 11.0) }));

            Assert.DoesNotMatch(new Regex("<(script|link|img|iframe|object|embed)\\b", RegexOptions.IgnoreCase), html);
            Assert.DoesNotMatch(new Regex("(src|href)\\s*=|url\\(|@import", RegexOptions.IgnoreCase), html);
        }

        [Fact]
        public void WritesInvariantNumbersWhateverTheCulture()
        {
            var samples = Host("run", new[] { (1, 10.25), (2, 12.5) });
            string expected = Render(samples);
            CultureInfo saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                Assert.Equal(expected, Render(samples));
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }

            Assert.Contains(">11.38<", expected);
            Assert.Matches("^[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+$",
                (string)Parse(expected).Polylines("power-chart").Single().Attribute("points")!);
        }

        [Fact]
        public void SamplesInAnyOrderAndTwiceDrawTheSameLines()
        {
            var ordered = Host("run", new[] { (1, 10.0), (2, 20.0), (3, 5.0) });
            var shuffled = ordered.AsEnumerable().Reverse().Concat(ordered).ToList();

            Assert.Equal(Render(ordered), Render(shuffled));
        }

        [Fact]
        public void TwoSessionsShareTheTimeAxisAndNameTheirLines()
        {
            var samples = Host("a", new[] { (1, 10.0), (2, 10.0) }).Concat(Host("b", new[] { (3, 5.0), (4, 5.0) }));

            XDocument doc = Parse(Render(samples));

            var lines = doc.Polylines("power-chart").ToList();
            Assert.Equal(new[] { "a", "b" }, lines.Select(p => (string?)p.Attribute("data-session")));
            Assert.NotEqual((string?)lines[0].Attribute("class"), (string?)lines[1].Attribute("class"));
            Assert.Equal(750, Points(lines[1]).Last().X, 6);
            Assert.Contains(doc.ById("power-chart").Named("text"), t => t.Value == "b / Host");
        }

        [Fact]
        public void ALongSessionNameIsShortenedInTheLegendButTheComponentIsNot()
        {
            string name = new string('n', 40);
            var samples = Host(name, new[] { (1, 1.0) }).Concat(Host("b", new[] { (1, 1.0) }));

            XDocument doc = Parse(Render(samples));

            XElement item = doc.ById("power-chart").Named("g").First(g =>
                (string?)g.Attribute("class") == "legend-item" && (string?)g.Attribute("data-session") == name);
            Assert.Equal(name + " / Host", item.Named("title").Single().Value);
            Assert.Equal(new string('n', 13) + "\u2026 / Host", item.Named("text").Single().Value);
        }
    }
}
