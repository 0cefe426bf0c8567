using System;
using System.IO;
using Tracarbon.Measurement.Cloud;
using Xunit;

namespace Tracarbon.Tests.Cloud
{
    public sealed class CloudCsvTests
    {
        [Theory]
        [InlineData("19,29", 19.29)]
        [InlineData("0,0", 0.0)]
        [InlineData("114,57", 114.57)]
        [InlineData("30.5", 30.5)]
        [InlineData("32", 32.0)]
        [InlineData(" 1,2 ", 1.2)]
        public void DecimalCommasAndPointsBothReadAsDecimals(string cell, double expected)
        {
            Assert.Equal(expected, CloudCsv.Number(cell)!.Value, 12);
        }

        [Theory]
        [InlineData("N/A")]
        [InlineData("n/a")]
        [InlineData("")]
        [InlineData("  ")]
        public void EmptyAndNotApplicableCellsHaveNoValue(string cell)
        {
            Assert.Null(CloudCsv.Number(cell));
        }

        [Theory]
        [InlineData("1,234.5")]
        [InlineData("1,234,5")]
        [InlineData("Graviton")]
        public void AmbiguousOrTextCellsAreRefused(string cell)
        {
            Assert.Throws<FormatException>(() => CloudCsv.Number(cell));
        }

        [Fact]
        public void QuotedFieldsKeepTheirCommasQuotesAndLineBreaks()
        {
            string text = "type,idle,note\r\n" +
                "m5.large,\"8,11\",\"Up to 3.1 GHz, \"\"Skylake\"\"\"\r\n" +
                "x1.big,\"0,5\",\"two\nlines\"\r\n" +
                "\r\n" +
                "t3.nano,,N/A";

            var records = CloudCsv.ReadRecords(text);

            Assert.Equal(4, records.Count);
            Assert.Equal(new[] { "m5.large", "8,11", "Up to 3.1 GHz, \"Skylake\"" }, records[1]);
            Assert.Equal(new[] { "x1.big", "0,5", "two\nlines" }, records[2]);

            // An empty cell stays a cell: three fields, not two, so nothing shifts left.
            Assert.Equal(new[] { "t3.nano", string.Empty, "N/A" }, records[3]);
            Assert.Equal(8.11, CloudCsv.Number(records[1][1])!.Value, 12);
        }

        [Fact]
        public void AQuoteThatIsNeverClosedIsAnError()
        {
            Assert.Throws<InvalidDataException>(() => CloudCsv.ReadRecords("a,\"b,c\n1,2,3\n"));
        }

        [Fact]
        public void ALeadingByteOrderMarkIsNotPartOfTheFirstHeader()
        {
            var records = CloudCsv.ReadRecords("\uFEFFInstance type,x\nm5.large,1\n");

            Assert.Equal("Instance type", records[0][0]);
        }
    }
}
