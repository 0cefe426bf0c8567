using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Tracarbon.Reports;
using Xunit;

namespace Tracarbon.Tests.Reports
{
    public sealed class ChartPartsTests
    {
        [Fact]
        public void DownsamplingStaysWithinTheBoundAndKeepsExtremes()
        {
            var random = new Random(42);
            var points = Enumerable.Range(0, 100_000)
                .Select(i => new ChartPoint(i, random.NextDouble() * 10, i == 0)).ToList();
            points[54_321] = new ChartPoint(54_321, 500, false);
            points[77_777] = new ChartPoint(77_777, -3, false);

            List<ChartPoint> kept = ChartData.Downsample(points, 1000, 100_000);

            Assert.InRange(kept.Count, 900, 1000);
            Assert.Contains(kept, p => p.Value == 500 && p.Seconds == 54_321);
            Assert.Contains(kept, p => p.Value == -3 && p.Seconds == 77_777);
            Assert.Equal(kept.OrderBy(p => p.Seconds), kept);
        }

        [Fact]
        public void DownsamplingKeepsAGapAsABreak()
        {
            var points = Enumerable.Range(0, 5000).Where(i => i < 2000 || i >= 3000)
                .Select(i => new ChartPoint(i, i % 7, i == 0 || i == 3000)).ToList();

            List<List<ChartPoint>> segments = ChartData.Segments(ChartData.Downsample(points, 100, 5000));

            Assert.Equal(2, segments.Count);
            Assert.True(segments[0].Last().Seconds < 2000);
            Assert.True(segments[1].First().Seconds >= 3000);
            Assert.True(segments.Sum(s => s.Count) <= 100);
        }

        [Fact]
        public void ShortLinesAreLeftAlone()
        {
            var points = new[] { new ChartPoint(0, 1, true), new ChartPoint(1, 2, false) };

            Assert.Equal(points, ChartData.Downsample(points, 1000, 1));
        }

        [Theory]
        [InlineData(0.000123, "\u00b5g", 25, 125)]
        [InlineData(0.97, "mg", 200, 1000)]
        [InlineData(20, "g", 5, 20)]
        [InlineData(0, "g", 0.2, 1)]
        public void EmissionAxesUseAReadableUnit(double largest, string unit, double step, double top)
        {
            AxisScale scale = AxisScale.ForValues(largest, AxisScale.Grams);

            Assert.Equal(unit, scale.Unit);
            Assert.Equal(step, scale.Step, 9);
            Assert.Equal(top, scale.Maximum / scale.Divisor, 9);
        }

        [Fact]
        public void AnIdleComponentStillGetsAnAxis()
        {
            AxisScale scale = AxisScale.ForValues(0, AxisScale.Watts);

            Assert.Equal("W", scale.Unit);
            Assert.Equal(1, scale.Maximum);
            Assert.Equal(
                new[] { "0 W", "0.2 W", "0.4 W", "0.6 W", "0.8 W", "1 W" }, scale.Ticks().Select(scale.Label));
        }

        [Theory]
        [InlineData(1.15, "s", "0.2 s")]
        [InlineData(600, "min", "2 min")]
        [InlineData(36_000, "h", "2 h")]
        [InlineData(864_000, "d", "2 d")]
        public void TimeAxesCountInTheLargestUnitThatGivesSeveralTicks(double seconds, string unit, string second)
        {
            AxisScale scale = AxisScale.ForTime(seconds);

            Assert.Equal(unit, scale.Unit);
            Assert.Equal(seconds, scale.Maximum);
            Assert.Equal(second, scale.Label(scale.Ticks()[1]));
            Assert.True(scale.Ticks().Last() <= seconds);
        }

        [Theory]
        [InlineData(0.000124, "0.000124")]
        [InlineData(2.654, "2.654")]
        [InlineData(56.039, "56.04")]
        [InlineData(1234.56, "1235")]
        [InlineData(0, "0")]
        public void ReadableNumbersHaveFourSignificantDigitsAndNoExponent(double value, string text)
        {
            Assert.Equal(text, Html.Readable(value));
        }

        [Fact]
        public void SeriesColoursAndTextContrastInBothThemes()
        {
            // WCAG 2: 3:1 for lines and marks, 4.5:1 for text, against the page background.
            foreach (string c in ReportStyle.LightColours)
            {
                double ratio = Contrast(c, ReportStyle.LightBackground);
                Assert.True(ratio >= 3, $"{c} on the light background: {ratio:F2}");
            }

            foreach (string c in ReportStyle.DarkColours)
            {
                double ratio = Contrast(c, ReportStyle.DarkBackground);
                Assert.True(ratio >= 3, $"{c} on the dark background: {ratio:F2}");
            }

            Assert.True(Contrast(ReportStyle.LightText, ReportStyle.LightBackground) >= 7);
            Assert.True(Contrast(ReportStyle.LightMuted, ReportStyle.LightBackground) >= 4.5);
            Assert.True(Contrast(ReportStyle.DarkText, ReportStyle.DarkBackground) >= 7);
            Assert.True(Contrast(ReportStyle.DarkMuted, ReportStyle.DarkBackground) >= 4.5);
        }

        private static double Contrast(string a, string b)
        {
            double la = Luminance(a);
            double lb = Luminance(b);
            return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
        }

        private static double Luminance(string hex)
        {
            double Channel(int offset)
            {
                double c = int.Parse(hex.Substring(offset, 2), NumberStyles.HexNumber) / 255.0;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }

            return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
        }
    }
}
