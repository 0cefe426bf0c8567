using System;
using System.Linq;
using System.Text;
using Tracarbon.Measurement.Rapl;
using Tracarbon.Platform;
using Xunit;

namespace Tracarbon.Tests.Rapl
{
    /// <summary>The small parsers the discovery and the sampling path rely on.</summary>
    public sealed class RaplParsingTests
    {
        [Theory]
        [InlineData("package-0", RaplZoneKind.Package)]
        [InlineData("package-12", RaplZoneKind.Package)]
        [InlineData("core", RaplZoneKind.Core)]
        [InlineData("uncore", RaplZoneKind.Uncore)]
        [InlineData("dram", RaplZoneKind.Dram)]
        [InlineData("psys", RaplZoneKind.Platform)]
        [InlineData("package-", RaplZoneKind.Other)]
        [InlineData("package-x", RaplZoneKind.Other)]
        [InlineData("Core", RaplZoneKind.Other)]
        [InlineData("cores", RaplZoneKind.Other)]
        [InlineData("", RaplZoneKind.Other)]
        public void ZoneNamesAreClassifiedExactly(string name, RaplZoneKind kind)
        {
            Assert.Equal(kind, RaplTopology.Classify(name));
        }

        [Theory]
        [InlineData("intel-rapl:0", true)]
        [InlineData("intel-rapl:1:2", true)]
        [InlineData("intel-rapl-mmio:0", true)]
        [InlineData("intel-rapl", false)]
        [InlineData("intel-rapl-mmio", false)]
        [InlineData("intel-rapl:", false)]
        [InlineData("intel-rapl:0:", false)]
        [InlineData("intel-rapl:0:1:2", false)]
        [InlineData("intel-rapl:a", false)]
        [InlineData("dtpm:0", false)]
        public void OnlyRaplZoneFoldersAreZones(string name, bool zone)
        {
            Assert.Equal(zone, RaplZoneId.TryParse(name, out _));
        }

        [Fact]
        public void ZonesSortNumericallyWithMirrorsLast()
        {
            string[] names =
            {
                "intel-rapl-mmio:0", "intel-rapl:10", "intel-rapl:9:1", "intel-rapl:9", "intel-rapl:2",
            };

            string[] sorted = names.OrderBy(n => n, RaplZoneId.Order).ToArray();

            string[] expected =
            {
                "intel-rapl:2", "intel-rapl:9", "intel-rapl:9:1", "intel-rapl:10", "intel-rapl-mmio:0",
            };
            Assert.Equal(expected, sorted);
        }

        [Theory]
        [InlineData("262143328850\n", 262_143_328_850UL)]
        [InlineData("0\n", 0UL)]
        [InlineData("18446744073709551615\n", ulong.MaxValue)]
        [InlineData("42", 42UL)]
        public void CounterTextParsesAs64BitUnsigned(string text, ulong expected)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);

            Assert.True(DecimalCounterText.TryParse(bytes, bytes.Length, out ulong value));
            Assert.Equal(expected, value);
        }

        [Theory]
        [InlineData("18446744073709551616\n")]
        [InlineData("\n")]
        [InlineData(" 5\n")]
        [InlineData("+5\n")]
        [InlineData("5 5\n")]
        [InlineData("0x10\n")]
        public void CounterTextRejectsAnythingButDigits(string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);

            Assert.False(DecimalCounterText.TryParse(bytes, bytes.Length, out _));
        }

        [Fact]
        public void TheEnvironmentVariableOverridesTheDefaultRoot()
        {
            string previous = Environment.GetEnvironmentVariable(RaplProbe.RootVariable) ?? string.Empty;
            try
            {
                Environment.SetEnvironmentVariable(RaplProbe.RootVariable, "/tmp/fixture-powercap");
                Assert.Equal("/tmp/fixture-powercap", RaplProbe.FromEnvironment().Root);
                Environment.SetEnvironmentVariable(RaplProbe.RootVariable, " ");
                Assert.Equal(RaplProbe.DefaultRoot, RaplProbe.FromEnvironment().Root);
            }
            finally
            {
                Environment.SetEnvironmentVariable(RaplProbe.RootVariable, previous.Length == 0 ? null : previous);
            }

            Assert.Equal(RaplProbe.DefaultRoot, RaplProbe.RootFrom(null));
        }
    }
}
