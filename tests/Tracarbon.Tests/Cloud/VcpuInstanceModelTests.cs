using System;
using System.Collections.Generic;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Cloud;
using Xunit;

namespace Tracarbon.Tests.Cloud
{
    public sealed class VcpuInstanceModelTests
    {
        /// <summary>Round per-vCPU figures chosen for the arithmetic, not the published ones.</summary>
        internal static readonly TestCoefficients Coefficients = new TestCoefficients(
            new VcpuWatts(1.0, 3.0),
            ("Haswell", new VcpuWatts(2.0, 6.0)),
            ("Cascade Lake", new VcpuWatts(1.0, 4.0)),
            ("Skylake", new VcpuWatts(1.0, 5.0)),
            ("Broadwell", new VcpuWatts(0.5, 3.0)),
            ("EPYC 2nd Gen", new VcpuWatts(0.5, 2.0)));

        private static readonly CloudInstanceCatalog Catalog =
            CloudInstanceCatalog.LoadEmbedded(Coefficients, Coefficients);

        [Fact]
        public void AnAzureSizeIsVcpusTimesItsPerVcpuLine()
        {
            // E8s v4 runs on Cascade Lake only: 8 x (1.0 + (4.0 - 1.0) x 0.5) = 8 x 2.5 = 20 W.
            var model = Assert.IsType<VcpuInstanceModel>(Catalog.Find("azure:E8s v4"));

            Assert.Equal(20.0, model.PowerAt(0.5, 0).CpuWatts!.Value, 12);
            Assert.Equal(8.0, model.PowerAt(0.0, 0).CpuWatts!.Value, 12);
            Assert.Equal(32.0, model.PowerAt(1.0, 0).CpuWatts!.Value, 12);
            Assert.Equal(new[] { "Cascade Lake" }, model.Microarchitectures);
            Assert.Equal(new[] { Component.Cpu }, model.Components);
            Assert.Null(model.PowerAt(0.5, 0).HostWatts);
        }

        [Theory]
        [InlineData("azure:D2s v3")]
        [InlineData("azure:Standard_D2s_v3")]
        [InlineData("standard_d2s_v3")]
        public void ASizeOnSeveralMicroarchitecturesTakesTheirMeanAndAzureNamesMayBeWrittenAsInTheApi(
            string written)
        {
            var model = Assert.IsType<VcpuInstanceModel>(Catalog.Find(written));

            // D2s v3 is listed on Haswell (2, 6), Cascade Lake (1, 4), Skylake (1, 5) and Broadwell (0.5, 3):
            // min = (2 + 1 + 1 + 0.5) / 4 = 1.125 W, max = (6 + 4 + 5 + 3) / 4 = 4.5 W per vCPU;
            // at 50 %: 2 x (1.125 + (4.5 - 1.125) x 0.5) = 2 x 2.8125 = 5.625 W.
            Assert.Equal("D2s v3", model.InstanceType);
            Assert.Equal(CloudProvider.Azure, model.Provider);
            Assert.Equal(1.125, model.MinWattsPerVcpu, 12);
            Assert.Equal(4.5, model.MaxWattsPerVcpu, 12);
            Assert.Equal(5.625, model.PowerAt(0.5, 0).CpuWatts!.Value, 12);
            Assert.Contains("mean per-vCPU watts of Haswell, Cascade Lake, Skylake, Broadwell", model.Source);
        }

        [Fact]
        public void AnUnknownMicroarchitectureGetsTheProvidersAverage()
        {
            // DS11-1 v2: microarchitecture "Unknown", 0.5 vCPU (a constrained size);
            // with the average (1.0, 3.0) at 25 %: 0.5 x (1.0 + 2.0 x 0.25) = 0.5 x 1.5 = 0.75 W.
            var model = Assert.IsType<VcpuInstanceModel>(Catalog.Find("azure:Standard_DS11-1_v2"));

            Assert.Equal(0.5, model.Vcpus);
            Assert.Equal(0.75, model.PowerAt(0.25, 0).CpuWatts!.Value, 12);
            Assert.Contains("the average of all microarchitectures for Unknown", model.Source);
        }

        [Fact]
        public void AGcpMachineTypeIsVcpusTimesItsPerVcpuLine()
        {
            // n2d-standard-8, EPYC 2nd Gen (0.5, 2.0), at 30 %: 8 x (0.5 + 1.5 x 0.3) = 8 x 0.95 = 7.6 W.
            var model = Assert.IsType<VcpuInstanceModel>(Catalog.Find("gcp:n2d-standard-8"));

            Assert.Equal(7.6, model.PowerAt(0.3, 0).CpuWatts!.Value, 12);
            Assert.Equal(CloudProvider.Gcp, model.Provider);
            Assert.Contains("gcp-instances.csv", model.Source);

            // e2-standard-2 is listed on Skylake (1, 5), Broadwell (0.5, 3), Haswell (2, 6) and EPYC 2nd Gen
            // (0.5, 2): min = 4 / 4 = 1.0, max = 16 / 4 = 4.0; at 100 %: 2 x 4.0 = 8 W.
            Assert.Equal(8.0, Catalog.Find("E2-STANDARD-2").PowerAt(1.0, 0).CpuWatts!.Value, 12);
        }

        [Fact]
        public void WithoutCoefficientsAnAzureSizeSaysWhatIsMissing()
        {
            CloudInstanceCatalog awsOnly = CloudInstanceCatalog.LoadEmbedded();

            var ex = Assert.Throws<InvalidOperationException>(() => awsOnly.Find("azure:D2s v3"));

            Assert.Contains("D2s v3", ex.Message);
            Assert.Contains("coefficients", ex.Message);
        }

        internal sealed class TestCoefficients : IVcpuCoefficients
        {
            private readonly Dictionary<string, VcpuWatts> _rows = new Dictionary<string, VcpuWatts>();

            public TestCoefficients(VcpuWatts average, params (string Architecture, VcpuWatts Watts)[] rows)
            {
                Average = average;
                foreach (var row in rows)
                {
                    _rows.Add(row.Architecture, row.Watts);
                }
            }

            public VcpuWatts Average { get; }

            public VcpuWatts? Find(string microarchitecture) =>
                _rows.TryGetValue(microarchitecture, out VcpuWatts? watts) ? watts : null;
        }
    }
}
