using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Tracarbon.Export;
using Xunit;

namespace Tracarbon.Tests.Export
{
    /// <summary>
    /// The JSON Lines file's numbers and timestamps are written as bytes now; they must read exactly as
    /// the strings the exporter wrote before: <c>ToString("R")</c> and the custom timestamp format.
    /// </summary>
    public sealed class Utf8LineTests
    {
        private static string Text(Utf8Line line) => Encoding.UTF8.GetString(line.Bytes, 0, line.Length);

        private static IEnumerable<double> Doubles()
        {
            double[] chosen =
            {
                0, -0.0, 1, -1, 0.1, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 7.5, 7.5 / 3.6e6 * 100, 100, 1e15, 1e16, 1e17,
                123456789012345678, 1e-5, 1e-7, 1.5e-7, 1e21, 1e22, 1e-300, 5e-324, double.Epsilon,
                double.MaxValue, double.MinValue, 4.9406564584124654E-324, 2.2250738585072014E-308,
                double.NaN, double.PositiveInfinity, double.NegativeInfinity, 9007199254740993,
            };
            foreach (double d in chosen)
            {
                yield return d;
            }

            // Every exponent and mantissa shape: random bit patterns, and random values of the size
            // the exporter writes (watts and grams), from a fixed seed.
            var random = new Random(20261204);
            var bits = new byte[8];
            for (int i = 0; i < 20_000; i++)
            {
                random.NextBytes(bits);
                yield return BitConverter.ToDouble(bits, 0);
                yield return random.NextDouble() * Math.Pow(10, random.Next(-12, 6));
            }
        }

        [Fact]
        public void DoublesReadExactlyAsRoundTripStrings()
        {
            var line = new Utf8Line(16);
            int checkedValues = 0;

            foreach (double value in Doubles())
            {
                line.Clear();
                line.AppendRoundTrip(value);
                string expected = value.ToString("R", CultureInfo.InvariantCulture);
                Assert.True(expected == Text(line), $"{expected} written as {Text(line)}");
                checkedValues++;
            }

            Assert.Equal(40_031, checkedValues);
        }

        [Fact]
        public void TimestampsReadExactlyAsTheCustomFormat()
        {
            var times = new List<DateTime>
            {
                DateTime.MinValue, DateTime.MaxValue, new DateTime(2026, 1, 1, 0, 0, 1, DateTimeKind.Utc),
                new DateTime(2026, 12, 4, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
                new DateTime(999, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(15),
            };
            var random = new Random(4);
            for (int i = 0; i < 5_000; i++)
            {
                times.Add(new DateTime((long)(random.NextDouble() * DateTime.MaxValue.Ticks), DateTimeKind.Utc));
            }

            var line = new Utf8Line(4);
            foreach (DateTime time in times)
            {
                line.Clear();
                line.AppendTimestamp(time);
                Assert.Equal(time.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture), Text(line));
            }

            // The fraction is cut, not rounded, as the format's "ffffff" cuts it.
            line.Clear();
            line.AppendTimestamp(new DateTime(2026, 12, 4, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999));
            Assert.Equal("2026-12-04T23:59:59.999999Z", Text(line));
        }

        [Fact]
        public void PartsAppendInOrderAndTheBufferGrowsAsNeeded()
        {
            var line = new Utf8Line(2);
            line.Append(Utf8Line.Encode("{\"a\":"));
            line.AppendRoundTrip(0.1 + 0.2);
            line.Append((byte)'}');
            line.Append(Utf8Line.Encode("é"));

            Assert.Equal("{\"a\":0.30000000000000004}é", Text(line));
            Assert.Equal(27, line.Length);
        }
    }
}
