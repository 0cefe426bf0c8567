using System;
using System.Linq;
using Tracarbon.Measurement.Estimation;
using Xunit;

namespace Tracarbon.Tests.Estimation
{
    public sealed class CpuInfoAndCcfTests
    {
        // The expected means are the table's values averaged in the same order; 1e-12 W absorbs rounding.
        private const double Tolerance = 1e-12;

        [Fact]
        public void CpuinfoGivesVendorModelCountAndHypervisor()
        {
            const string text =
                "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor @ 2.80GHz\n"
                + "flags\t\t: fpu vme hypervisor lahf_lm\n\n"
                + "processor\t: 1\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor @ 2.80GHz\n"
                + "flags\t\t: fpu vme hypervisor lahf_lm\n\n";

            CpuInfo info = CpuInfo.Parse(text)!;

            Assert.Equal("GenuineIntel", info.Vendor);
            Assert.Equal("Intel(R) Xeon(R) Processor @ 2.80GHz", info.ModelName);
            Assert.Equal(2, info.LogicalCpus);
            Assert.True(info.IsVirtualMachine);
        }

        [Fact]
        public void HypervisorMustBeAWholeFlag()
        {
            CpuInfo info = CpuInfo.Parse("processor : 0\nmodel name : X\nflags : fpu nothypervisor\n")!;

            Assert.False(info.IsVirtualMachine);
        }

        [Fact]
        public void ArmNeoverseIsNamedFromItsPartNumber()
        {
            const string text = "processor\t: 0\nBogoMIPS\t: 243.75\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n\n"
                + "processor\t: 1\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n";

            CpuInfo info = CpuInfo.Parse(text)!;

            Assert.Equal("ARM Neoverse-N1", info.ModelName);
            Assert.Equal(2, info.LogicalCpus);
            Assert.Equal(CpuFamily.Graviton, CcfCoefficients.Classify(info.Vendor, info.ModelName));
        }

        [Fact]
        public void TextWithoutProcessorsIsNotCpuinfo()
        {
            Assert.Null(CpuInfo.Parse("garbage\n"));
        }

        [Fact]
        public void IdleFractionIsTheMeanMinOverMaxOfTheAwsRows()
        {
            // Mean over the 20 rows of Min Watts / Max Watts (Broadwell 0.71283 / 3.68533 = 0.19342, ...).
            Assert.Equal(20, CcfCoefficients.Shared.Count);
            Assert.Equal(0.25882183634289146, CcfCoefficients.Shared.IdleFraction, Tolerance);
        }

        [Theory]
        [InlineData("Intel", 11, 1.1027504832315567, 4.72598464854586)]
        [InlineData("Epyc", 5, 1.239649381423699, 3.499610452473587)]
        [InlineData("Graviton", 4, 0.4742621527777777, 1.6929615162037035)]
        [InlineData("Unknown", 20, 1.0112775416888362, 3.8127864730593606)]
        public void FamilyMeansAverageTheirRows(string family, int rows, double min, double max)
        {
            CcfFamilyMean mean = CcfCoefficients.Shared.MeanOf(Enum.Parse<CpuFamily>(family));

            Assert.Equal(rows, mean.RowCount);
            Assert.Equal(min, mean.MinWatts, Tolerance);
            Assert.Equal(max, mean.MaxWatts, Tolerance);
        }

        [Theory]
        [InlineData("GenuineIntel", "Intel(R) Xeon(R) Processor @ 2.80GHz", "Intel")]
        [InlineData("AuthenticAMD", "AMD EPYC 7R13 Processor", "Epyc")]
        [InlineData("AuthenticAMD", "AMD Ryzen 9 5950X 16-Core Processor", "Unknown")]
        [InlineData("", "AWS Graviton3", "Graviton")]
        [InlineData("", "", "Unknown")]
        public void FamiliesFollowTheModelName(string vendor, string model, string family)
        {
            // "16-Core" is noise, so an AMD desktop part is not taken for an Intel "Core".
            Assert.Equal(Enum.Parse<CpuFamily>(family), CcfCoefficients.Classify(vendor, model));
        }

        [Fact]
        public void AmbiguousModelFallsBackToCcfAndListsTheCandidates()
        {
            CpuModelMatch match = CpuPowerTable.Shared.Lookup("AMD Ryzen 3 1200 PRO");
            CcfFamilyMean all = CcfCoefficients.Shared.MeanOf(CpuFamily.Unknown);

            LinearPowerModel model = CpuPowerModels.FromCcf(CpuPowerModels.WhyNotTdp(match), all, 4, 4, string.Empty);

            // 4 vCPU x the all-rows mean: 4 x 1.01127754 = 4.04511017 W idle, 4 x 3.81278647 = 15.25114589 W full.
            Assert.Equal(4.045110166755345, model.MinWatts, 1e-9);
            Assert.Equal(15.251145892237442, model.MaxWatts, 1e-9);
            Assert.Contains("ambiguous in cpu_power.csv", model.Source);
            Assert.Contains("'AMD Ryzen 3 1200'", model.Source);
            Assert.Contains("'AMD Ryzen 3 PRO 1200'", model.Source);
            Assert.True(match.Candidates.All(r => r.TdpWatts == 65.0));
        }
    }
}
