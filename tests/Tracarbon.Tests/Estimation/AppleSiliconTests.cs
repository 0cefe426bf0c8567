using Tracarbon.Measurement;
using Tracarbon.Measurement.Estimation;
using Tracarbon.Measurement.Estimation.MacOS;
using Xunit;

namespace Tracarbon.Tests.Estimation
{
    /// <summary>Apple's M chips: the one table row, and the Graviton stand-in for every other one.</summary>
    public sealed class AppleSiliconTests
    {
        private const double Tolerance = 1e-9;

        [Theory]
        [InlineData("Apple M1")]
        [InlineData("Apple M1 Pro")]
        [InlineData("Apple M2 Max")]
        [InlineData("Apple M3 Ultra")]
        [InlineData("Apple M4")]
        [InlineData("  apple  m12 ")]
        public void AppleMNamesAreAppleSilicon(string name)
        {
            Assert.True(AppleSilicon.IsAppleSilicon(name));
            Assert.Equal(CpuFamily.AppleSilicon, CcfCoefficients.Classify(string.Empty, name));
        }

        [Theory]
        [InlineData("")]
        [InlineData("Apple")]
        [InlineData("Apple A14 Bionic")]
        [InlineData("Apple Mx")]
        [InlineData("Intel Core m3-6Y30")]
        [InlineData("Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz")]
        public void OtherNamesAreNot(string name)
        {
            Assert.False(AppleSilicon.IsAppleSilicon(name));
        }

        [Fact]
        public void TheBaseM1IsInTheTable()
        {
            CpuModelMatch match = AppleSilicon.Restrict(CpuPowerTable.Shared.Lookup("Apple M1"));

            Assert.Equal(CpuModelMatchKind.Matched, match.Kind);
            Assert.Equal("Apple M1", match.Row!.Name);
            Assert.Equal(10.0, match.Row.TdpWatts);
        }

        [Fact]
        public void AnM1ProIsNotTheBaseM1()
        {
            CpuModelMatch raw = CpuPowerTable.Shared.Lookup("Apple M1 Pro");

            CpuModelMatch match = AppleSilicon.Restrict(raw);

            // The table alone would take the 10 W M1 row for the larger chip by its words.
            Assert.Equal(CpuModelMatchKind.Matched, raw.Kind);
            Assert.Equal(CpuModelMatchKind.NotFound, match.Kind);
            Assert.Equal("Apple M1 Pro", match.Query);
        }

        [Fact]
        public void OtherTablesAnswersAreLeftAlone()
        {
            CpuModelMatch match = CpuPowerTable.Shared.Lookup("Intel Core i7-8700K");

            Assert.Same(match, AppleSilicon.Restrict(match));
        }

        [Fact]
        public void TheFallbackFamilyIsTheGravitonMean()
        {
            CcfFamilyMean apple = CcfCoefficients.Shared.MeanOf(CpuFamily.AppleSilicon);
            CcfFamilyMean graviton = CcfCoefficients.Shared.MeanOf(CpuFamily.Graviton);

            // Graviton2, 3, 3E and 4 all read 0.47426215 and 1.69296152 W per vCPU in coefficients-aws-use.csv.
            Assert.Equal(4, apple.RowCount);
            Assert.Equal(graviton.MinWatts, apple.MinWatts);
            Assert.Equal(graviton.MaxWatts, apple.MaxWatts);
            Assert.Equal(0.4742621527777777, apple.MinWatts, Tolerance);
            Assert.Equal(1.6929615162037035, apple.MaxWatts, Tolerance);
            Assert.Equal("4 Graviton generations (Arm cores standing in for Apple silicon)", apple.Description);
        }

        [Fact]
        public void AnM2EstimatesWithTheGravitonMeanPerCpuAndSaysSo()
        {
            var host = new EstimatorHost(
                HostOs.MacOS,
                HostOs.MacOS,
                new SteadyCpuTimes(),
                new FixedMemory(MacMemoryInUse.CallName, 0),
                () => MacCpuInfo.FromValues("Apple M2", null, 8, false, 8));

            var probe = new EstimatorProbe(new EstimatorOptions(), host);

            // 8 CPUs x 0.47426215 W = 3.79409722 W idle; 8 x 1.69296152 W = 13.54369213 W at full load.
            Assert.Equal(CpuModelMatchKind.NotFound, probe.ModelMatch!.Kind);
            Assert.Equal(3.794097222222222, probe.CpuPowerModel.MinWatts, Tolerance);
            Assert.Equal(13.543692129629628, probe.CpuPowerModel.MaxWatts, Tolerance);
            Assert.Equal(
                "estimate: 'Apple M2' not in cpu_power.csv; CCF AWS mean of 4 Graviton generations "
                + "(Arm cores standing in for Apple silicon), 8 vCPU x 0.47-1.69 W; "
                + "utilisation from host_statistics HOST_CPU_LOAD_INFO; "
                + "memory 0.375 W/GB in use from host_statistics64 HOST_VM_INFO64",
                probe.Source);
        }

        private sealed class SteadyCpuTimes : ICpuTimesSource
        {
            public string Name => MacCpuTimesSource.CallName;

            public string Fix => "none";

            public CpuTimes Read() => new CpuTimes(100, 1000);
        }
    }
}
