using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Cloud;
using Tracarbon.Platform;
using Xunit;

namespace Tracarbon.Tests.Cloud
{
    public sealed class AwsInstanceModelTests
    {
        private static readonly CloudInstanceCatalog Catalog = CloudInstanceCatalog.LoadEmbedded();

        private static AwsInstanceModel Aws(string type) => Assert.IsType<AwsInstanceModel>(Catalog.Find(type));

        [Fact]
        public void TheM58xlargeRowIsReadWithItsDecimalCommas()
        {
            AwsInstanceModel m5 = Aws("m5.8xlarge");

            // The row holds "19,29","48,88","114,57","159,33" (CPU), "19,27","30,80","79,37","127,94"
            // (memory) and "32,0" (Delta Full Machine).
            Assert.Equal(new[] { 19.29, 48.88, 114.57, 159.33 },
                new[] { m5.Cpu!.IdleWatts, m5.Cpu.TenPercentWatts, m5.Cpu.HalfWatts, m5.Cpu.FullWatts });
            Assert.Equal(new[] { 19.27, 30.80, 79.37, 127.94 },
                new[] { m5.Memory!.IdleWatts, m5.Memory.TenPercentWatts, m5.Memory.HalfWatts, m5.Memory.FullWatts });
            Assert.Equal(32.0, m5.RestOfMachineWatts);
            Assert.Equal(32, m5.Vcpus);
            Assert.Equal(128, m5.MemoryGigabytes);
            Assert.Equal(0, m5.GpuCount);
            Assert.Null(m5.Gpu);
            Assert.Equal(new[] { Component.Host, Component.Cpu, Component.Memory }, m5.Components);
        }

        [Theory]
        [InlineData(0.0, 19.29, 19.27)]
        [InlineData(0.1, 48.88, 30.80)]
        [InlineData(0.5, 114.57, 79.37)]
        [InlineData(1.0, 159.33, 127.94)]
        public void AtTheMeasuredPointsTheTableValuesComeBack(double u, double cpu, double memory)
        {
            InstancePower power = Aws("m5.8xlarge").PowerAt(u, u);

            Assert.Equal(cpu, power.CpuWatts!.Value, 9);
            Assert.Equal(memory, power.MemoryWatts!.Value, 9);
        }

        [Fact]
        public void BetweenPointsThePowerLiesOnAStraightLine()
        {
            AwsInstanceModel m5 = Aws("m5.8xlarge");

            // 30 % is halfway from 10 % to 50 %:
            // CPU    48.88 + (114.57 - 48.88) x 0.5 = 48.88 + 32.845 = 81.725 W (a step would give 48.88)
            // memory 30.80 + (79.37 - 30.80) x 0.5 = 30.80 + 24.285 = 55.085 W
            InstancePower at30 = m5.PowerAt(0.3, 0.3);
            Assert.Equal(81.725, at30.CpuWatts!.Value, 9);
            Assert.Equal(55.085, at30.MemoryWatts!.Value, 9);

            // 75 % is halfway from 50 % to 100 %:
            // CPU    114.57 + (159.33 - 114.57) x 0.5 = 114.57 + 22.38 = 136.95 W
            // memory 79.37 + (127.94 - 79.37) x 0.5 = 79.37 + 24.285 = 103.655 W
            InstancePower at75 = m5.PowerAt(0.75, 0.75);
            Assert.Equal(136.95, at75.CpuWatts!.Value, 9);
            Assert.Equal(103.655, at75.MemoryWatts!.Value, 9);

            // 5 % is halfway from idle to 10 %: 19.29 + (48.88 - 19.29) x 0.5 = 34.085 W.
            Assert.Equal(34.085, m5.PowerAt(0.05, 0.05).CpuWatts!.Value, 9);
        }

        [Fact]
        public void TheHostAddsTheRestOfTheMachineToItsParts()
        {
            InstancePower power = Aws("m5.8xlarge").PowerAt(0.5, 0.5);

            // 114.57 (CPU) + 79.37 (memory) + 0 (no GPU) + 32.0 (rest) = 225.94 W; the table's own
            // "Instance @ 50%" column shows it rounded, 225.9.
            Assert.Equal(225.94, power.HostWatts!.Value, 9);
            Assert.Equal(32.0, power.RestOfMachineWatts);
            Assert.Null(power.GpuWatts);
        }

        [Fact]
        public void UtilisationOutsideZeroToOneIsHeldAtTheEnds()
        {
            AwsInstanceModel m5 = Aws("m5.8xlarge");

            Assert.Equal(159.33, m5.PowerAt(1.2, 0).CpuWatts!.Value, 9);
            Assert.Equal(19.29, m5.PowerAt(-0.1, 0).CpuWatts!.Value, 9);
            Assert.Throws<ArgumentOutOfRangeException>(() => m5.PowerAt(double.NaN, 0));
        }

        [Fact]
        public void AGpuInstanceHasAGpuCurve()
        {
            AwsInstanceModel p3 = Aws("p3.2xlarge");

            // p3.2xlarge: 1 Tesla V100; GPU "34,8","95,5","225,7","305,6", CPU "3,89","11,10","22,82","31,24",
            // memory "12,20","18,30","24,40","36,60", rest "6,4".
            Assert.Equal(1, p3.GpuCount);
            Assert.Equal(new[] { Component.Host, Component.Cpu, Component.Memory, Component.Gpu }, p3.Components);
            InstancePower power = p3.PowerAt(0.3, 0.3);

            // GPU    95.5 + (225.7 - 95.5) x 0.5 = 95.5 + 65.1 = 160.6 W
            // CPU    11.10 + (22.82 - 11.10) x 0.5 = 11.10 + 5.86 = 16.96 W
            // memory 18.30 + (24.40 - 18.30) x 0.5 = 18.30 + 3.05 = 21.35 W
            // host   16.96 + 21.35 + 160.6 + 6.4 = 205.31 W
            Assert.Equal(160.6, power.GpuWatts!.Value, 9);
            Assert.Equal(16.96, power.CpuWatts!.Value, 9);
            Assert.Equal(21.35, power.MemoryWatts!.Value, 9);
            Assert.Equal(205.31, power.HostWatts!.Value, 9);

            // g4dn.xlarge (1 T4), GPU at 75 % while the CPU idles: 52.7 + (71.3 - 52.7) x 0.5 = 62.0 W.
            Assert.Equal(62.0, Aws("g4dn.xlarge").PowerAt(0.0, 0.75).GpuWatts!.Value, 9);
        }

        [Theory]
        [InlineData("m5.8xlarge")]
        [InlineData("M5.8XLARGE")]
        [InlineData("aws:m5.8xlarge")]
        [InlineData("AWS:m5.8xlarge")]
        [InlineData("  aws: m5.8xlarge ")]
        public void TheTypeIsFoundWithOrWithoutItsProviderAndInAnyCase(string written)
        {
            InstancePowerModel model = Catalog.Find(written);

            Assert.Equal("m5.8xlarge", model.InstanceType);
            Assert.Equal(CloudProvider.Aws, model.Provider);
            Assert.Equal("aws:m5.8xlarge", model.ToString());
            Assert.Contains("aws-instances.csv", model.Source);
        }

        [Fact]
        public void EveryRowLoadsAndItsHostMatchesTheTablesInstanceColumns()
        {
            // The table's "Instance @" columns are CPU + memory + GPU + Delta Full Machine, rounded to
            // 0.1 W, so every row's host must land within that rounding at each measured point.
            List<string[]> records = CloudCsv.ReadRecords(EmbeddedData.ReadAllText("ccf/aws-instances.csv"));
            string[] header = records[0];
            int[] instanceAt = new[] { "Idle", "10%", "50%", "100%" }
                .Select(load => Array.IndexOf(header, "Instance @ " + load)).ToArray();
            double[] loads = { 0.0, 0.1, 0.5, 1.0 };

            Assert.Equal(621, records.Count - 1);
            Assert.Equal(621, Catalog.AwsCount);
            foreach (string[] row in records.Skip(1))
            {
                AwsInstanceModel model = Aws(row[0]);
                for (int i = 0; i < loads.Length; i++)
                {
                    double table = CloudCsv.Number(row[instanceAt[i]])!.Value;
                    double host = model.PowerAt(loads[i], loads[i]).HostWatts!.Value;
                    Assert.True(Math.Abs(host - table) <= 0.15, $"{row[0]} at {loads[i]}: {host} vs {table}");
                }
            }
        }

        [Theory]
        [InlineData("aws-instances.csv", "ca11dd2b62cf45164b32674a851038669c68ca8cbc7d66c7e72777412cff6a0b")]
        [InlineData("azure-instances.csv", "9e617f96896d9c82129f3351862688b8e3a14ed1761f7bfa2574233702c26aee")]
        [InlineData("gcp-instances.csv", "06e90587e0fdec556cc4ae92626d98fda2c3a2f9c69bd89f0fe67695145889a2")]
        public void TheShippedTablesAreTheUnmodifiedSources(string name, string sha256)
        {
            // The SHA-256 of each file as published, CRLF line ends included: a checkout that rewrites
            // line ends, or an edit, shows up here.
            using Stream stream = EmbeddedData.Open("ccf/" + name);
            using var hash = System.Security.Cryptography.SHA256.Create();

            Assert.Equal(sha256, Convert.ToHexString(hash.ComputeHash(stream)).ToLowerInvariant());
        }

        [Fact]
        public void SizesListedOnSeveralMicroarchitecturesCountOnce()
        {
            // 595 Azure rows name 393 sizes and 277 GCP rows name 126 machine types.
            Assert.Equal(393, Catalog.AzureCount);
            Assert.Equal(126, Catalog.GcpCount);
        }
    }
}
