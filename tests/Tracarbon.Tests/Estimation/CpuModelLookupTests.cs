using System.IO;
using System.Linq;
using Tracarbon.Measurement.Estimation;
using Xunit;

namespace Tracarbon.Tests.Estimation
{
    public sealed class CpuModelLookupTests
    {
        // TDPs are read from the table as written; only the idle-fraction product needs a tolerance.
        private const double Tolerance = 1e-9;

        [Fact]
        public void EmbeddedTableLoadsEveryRowWithANumericTdp()
        {
            CpuPowerTable table = CpuPowerTable.Shared;

            // 4,903 rows; four Celeron rows write their TDP as "27.29.5" and the like, which is no number, and
            // the Quark D1000 microcontroller has 0.0 W, which no power model can scale.
            Assert.Equal(4903, table.Count + table.SkippedRows);
            Assert.Equal(5, table.SkippedRows);
        }

        [Fact]
        public void C11_ThreadripperWithCoreCountMatchesItsRow()
        {
            CpuModelMatch match = CpuPowerTable.Shared.Lookup("AMD Ryzen Threadripper 1950X 16-Core Processor");

            Assert.Equal(CpuModelMatchKind.Matched, match.Kind);
            Assert.Equal("AMD Ryzen Threadripper 1950X", match.Row!.Name);
            Assert.Equal(180.0, match.Row.TdpWatts, Tolerance);
        }

        [Fact]
        public void C11_ThreadripperGivesATdpModelWithAnIdleFloor()
        {
            CpuModelMatch match = CpuPowerTable.Shared.Lookup("AMD Ryzen Threadripper 1950X 16-Core Processor");
            double idle = CcfCoefficients.Shared.IdleFraction;

            LinearPowerModel model = CpuPowerModels.FromTdp(match, match.Row!, idle, 32, 32, string.Empty);

            // idle = 0.258821836... x 180 = 46.5879 W; at u = 0.5: 46.5879 + (180 - 46.5879) x 0.5 = 113.294 W.
            Assert.Equal(0.25882183634289146, idle, Tolerance);
            Assert.Equal(180.0, model.MaxWatts, Tolerance);
            Assert.Equal(46.58793054172046, model.MinWatts, Tolerance);
            Assert.Equal(113.29396527086023, model.WattsAt(0.5), Tolerance);
            Assert.Contains("'AMD Ryzen Threadripper 1950X'", model.Source);
        }

        [Fact]
        public void C11_ReorderedProIsAmbiguousNeverTheFirstRow()
        {
            CpuModelMatch match = CpuPowerTable.Shared.Lookup("AMD Ryzen 3 1200 PRO");

            // "AMD Ryzen 3 1200" keeps the query's order, "AMD Ryzen 3 PRO 1200" matches one word more:
            // neither beats the other, so the lookup names both and picks neither.
            Assert.Equal(CpuModelMatchKind.Ambiguous, match.Kind);
            Assert.Null(match.Row);
            Assert.Equal(
                new[] { "AMD Ryzen 3 1200", "AMD Ryzen 3 PRO 1200" },
                match.Candidates.Select(r => r.Name).OrderBy(n => n).ToArray());
        }

        [Fact]
        public void C11_SameRulesOnTheCaseThreeRowTable()
        {
            CpuPowerTable table = CpuPowerTable.Parse(new StringReader(
                "Name,TDP\nAMD Ryzen Threadripper 1950X,180\nAMD Ryzen 3 1200,65\nAMD Ryzen 3 PRO 1200,65\n"));

            Assert.Equal(180.0, table.Lookup("AMD Ryzen Threadripper 1950X 16-Core Processor").Row!.TdpWatts);
            Assert.Equal(CpuModelMatchKind.Ambiguous, table.Lookup("AMD Ryzen 3 1200 PRO").Kind);
            Assert.Equal("AMD Ryzen 3 PRO 1200", table.Lookup("AMD Ryzen 3 PRO 1200").Row!.Name);
        }

        [Theory]
        [InlineData("Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz", "Intel Core i7-8700K", 95.0)]
        [InlineData("AMD EPYC 7513 32-Core Processor", "AMD EPYC 7513", 200.0)]
        [InlineData("Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz", "Intel Core 2 Duo E8400", 65.0)]
        [InlineData("intel® core™ i7-8700k", "Intel Core i7-8700K", 95.0)]
        [InlineData("AMD Ryzen 7 1700 Eight-Core Processor", "AMD Ryzen 7 1700", 65.0)]
        [InlineData("AMD EPYC 7R13 Processor", "AMD EPYC 7R13", 225.0)]
        public void NoiseIsStrippedOnBothSides(string cpuinfoName, string row, double tdp)
        {
            CpuModelMatch match = CpuPowerTable.Shared.Lookup(cpuinfoName);

            Assert.Equal(CpuModelMatchKind.Matched, match.Kind);
            Assert.Equal(row, match.Row!.Name);
            Assert.Equal(tdp, match.Row.TdpWatts, Tolerance);
        }

        [Fact]
        public void RowsThatDifferOnlyByNoiseCountAsOnePart()
        {
            // The table has both "AMD Ryzen 7 1700" and "AMD Ryzen 7 1700 Processor", both 65 W.
            CpuModelMatch match = CpuPowerTable.Shared.Lookup("AMD Ryzen 7 1700");

            Assert.Equal(CpuModelMatchKind.Matched, match.Kind);
            Assert.Equal(65.0, match.Row!.TdpWatts, Tolerance);
        }

        [Fact]
        public void SameNameWithDifferentTdpsIsAmbiguous()
        {
            // "Intel Atom E625CT" is in the table at 3 W and, with a non-breaking space, at 2.7 W.
            CpuModelMatch match = CpuPowerTable.Shared.Lookup("Intel(R) Atom(TM) CPU E625CT");

            Assert.Equal(CpuModelMatchKind.Ambiguous, match.Kind);
            Assert.Equal(2, match.Candidates.Count);
        }

        [Fact]
        public void ThisMachinesModelIsNotInTheTable()
        {
            // "Intel Xeon 2.8" (an 89 W Netburst Xeon) is a row: a normaliser that kept "2.80" from the clock
            // would match it. The base clock is dropped whole, leaving only "intel xeon", which names no part.
            CpuModelMatch match = CpuPowerTable.Shared.Lookup("Intel(R) Xeon(R) Processor @ 2.80GHz");

            Assert.Equal(CpuModelMatchKind.NotFound, match.Kind);
            Assert.Empty(match.Candidates);
        }

        [Theory]
        [InlineData("Intel(R) Xeon(R) Processor @ 2.80GHz", "intel xeon", "Intel Xeon Processor")]
        [InlineData("AMD Ryzen 9 5950X 16-Core Processor", "amd ryzen 9 5950x", "AMD Ryzen 9 5950X 16-Core Processor")]
        [InlineData("  Intel(R)  Core(TM) i5-8400  CPU @ 2.80GHz ", "intel core i5-8400", "Intel Core i5-8400 CPU")]
        [InlineData("AMD Ryzen 5 3500 (OEM Only)", "amd ryzen 5 3500 oem only", "AMD Ryzen 5 3500 (OEM Only)")]
        public void NormalisedAndDisplayForms(string raw, string normalised, string display)
        {
            Assert.Equal(normalised, CpuModelName.Normalise(raw));
            Assert.Equal(display, CpuModelName.Display(raw));
        }

        [Fact]
        public void EmptyModelIsNotFound()
        {
            Assert.Equal(CpuModelMatchKind.NotFound, CpuPowerTable.Shared.Lookup(string.Empty).Kind);
        }
    }
}
