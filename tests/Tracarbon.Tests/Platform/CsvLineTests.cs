using System;
using Tracarbon.Platform;
using Xunit;

namespace Tracarbon.Tests.Platform
{
    public sealed class CsvLineTests
    {
        [Fact]
        public void PlainFieldsSplitOnCommas()
        {
            Assert.Equal(new[] { "AMD EPYC 7513", "200.0" }, CsvLine.Split("AMD EPYC 7513,200.0"));
        }

        [Fact]
        public void EmptyFieldsKeepTheirPlace()
        {
            // C-17's lesson: an empty field is a field, so later columns never shift left.
            Assert.Equal(new[] { "2024", "p", "", "", "16", "machine" }, CsvLine.Split("2024,p,,,16,machine"));
            Assert.Equal(new[] { "", "" }, CsvLine.Split(","));
            Assert.Equal(new[] { "" }, CsvLine.Split(""));
        }

        [Fact]
        public void QuotedFieldsKeepCommasAndDoubledQuotes()
        {
            string[] fields = CsvLine.Split("a1.medium,\"0,29\",\"say \"\"hi\"\"\",\"\",x");

            Assert.Equal(new[] { "a1.medium", "0,29", "say \"hi\"", "", "x" }, fields);
        }

        [Fact]
        public void CpuTableRowWithCommaInQuotes()
        {
            Assert.Equal(
                new[] { "Intel EP80579 Integrated, 1200 MHz", "19.0" },
                CsvLine.Split("\"Intel EP80579 Integrated, 1200 MHz\",19.0"));
        }

        [Theory]
        [InlineData("\"never closed")]
        [InlineData("\"closed\"early,x")]
        public void MalformedQuotingIsRefused(string line)
        {
            Assert.Throws<FormatException>(() => CsvLine.Split(line));
        }

        [Theory]
        [InlineData("0,29", 0.29)]
        [InlineData("3.685327540106952", 3.685327540106952)]
        [InlineData(" 76,80 ", 76.8)]
        [InlineData("-1", -1.0)]
        public void NumbersTakeADecimalPointOrComma(string field, double expected)
        {
            Assert.True(CsvLine.TryParseDouble(field, out double value));
            Assert.Equal(expected, value, 1e-12);
        }

        [Theory]
        [InlineData("1,234.5")]
        [InlineData("27.29.5")]
        [InlineData("N/A")]
        [InlineData("")]
        public void AmbiguousOrNonNumbersAreRefused(string field)
        {
            Assert.False(CsvLine.TryParseDouble(field, out _));
        }
    }
}
