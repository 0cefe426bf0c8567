using System;
using System.IO;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Apple;
using Tracarbon.Tests.Platform;
using Xunit;

namespace Tracarbon.Tests.Apple
{
    public sealed class PowermetricsProbeTests
    {
        private const string Tool = "/usr/bin/powermetrics";

        private static string Fixture(string name) =>
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "apple", name));

        private static ProbeReadings SampleOnce(string output, RecordedProcessRunner? runner = null)
        {
            runner ??= new RecordedProcessRunner(Tool);
            var probe = new PowermetricsProbe(runner.Prints(output), Tool, 1000, new FakeMac(true, true));
            var readings = new ProbeReadings();
            probe.Start();
            probe.Sample(1.0, readings);
            return readings;
        }

        [Fact]
        public void MilliwattsAreDividedByAThousand()
        {
            ProbeReadings readings = SampleOnce(Fixture("powermetrics-m1pro-ventura.txt"));

            // CPU Power: 5200 mW = 5200 / 1000 = 5.2 W (not 5 200 000 W); GPU Power: 1800 mW = 1.8 W,
            // printed twice (processor and GPU sections) with the same value.
            Assert.Equal(5.2, readings.ValueOf(Component.Cpu), 12);
            Assert.Equal(1.8, readings.ValueOf(Component.Gpu), 12);

            // Combined Power (CPU + GPU + ANE): 7000 mW = 7.0 W = 5.2 + 1.8 + 0.
            Assert.Equal(7.0, readings.ValueOf(Component.Host), 12);
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Host));
            Assert.Equal("powermetrics Combined Power (CPU + GPU + ANE)", readings.SourceOf(Component.Host));
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Memory));
        }

        [Fact]
        public void WithoutACombinedLineTheHostIsTheSumOfCpuGpuAndAne()
        {
            ProbeReadings readings = SampleOnce(Fixture("powermetrics-m1-monterey.txt"));

            // CPU 530 mW = 0.53 W; GPU 28 mW = 0.028 W; ANE 0 mW; host = 0.53 + 0.028 + 0 = 0.558 W.
            // The E-Cluster, P-Cluster, DRAM and Package lines are not CPU Power and are not read.
            Assert.Equal(0.53, readings.ValueOf(Component.Cpu), 12);
            Assert.Equal(0.028, readings.ValueOf(Component.Gpu), 12);
            Assert.Equal(0.558, readings.ValueOf(Component.Host), 12);
            Assert.Equal("powermetrics CPU + GPU + ANE Power", readings.SourceOf(Component.Host));
        }

        [Fact]
        public void WattsAreTakenAsWatts()
        {
            ProbeReadings readings = SampleOnce("CPU Power: 5.2 W\nGPU Power: 1.8 W\n");

            // 5.2 W + 1.8 W = 7.0 W; no ANE line, and the source says so.
            Assert.Equal(5.2, readings.ValueOf(Component.Cpu), 12);
            Assert.Equal(1.8, readings.ValueOf(Component.Gpu), 12);
            Assert.Equal(7.0, readings.ValueOf(Component.Host), 12);
            Assert.Equal("powermetrics CPU + GPU Power", readings.SourceOf(Component.Host));
        }

        [Theory]
        [InlineData("5200 mW", 5.2)]
        [InlineData("1.8 W", 1.8)]
        [InlineData("0 mW", 0.0)]
        [InlineData("12345.6 mW", 12.3456)]
        public void OneValueConverts(string value, double watts)
        {
            Assert.Equal(watts, PowermetricsParser.Watts(value, "line"), 12);
        }

        [Fact]
        public void AnIntelMacsOutputIsAnErrorNotAZero()
        {
            var probe = new PowermetricsProbe(
                new RecordedProcessRunner(Tool).Prints(Fixture("powermetrics-intel.txt")), Tool, 1000,
                new FakeMac(true, true));
            var readings = new ProbeReadings();

            var ex = Assert.Throws<InvalidDataException>(() => probe.Sample(1.0, readings));

            Assert.Contains("CPU Power", ex.Message);
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Cpu));
        }

        [Fact]
        public void ItAsksForOneSampleOfTheConfiguredWindow()
        {
            var runner = new RecordedProcessRunner(Tool);
            var probe = new PowermetricsProbe(runner.Prints("CPU Power: 1 mW\n"), Tool, 500, new FakeMac(true, true));

            probe.Sample(1.0, new ProbeReadings());

            var call = Assert.Single(runner.Calls);
            Assert.Equal(Tool, call.Program);
            Assert.Equal(new[] { "--samplers", "cpu_power,gpu_power", "-i", "500", "-n", "1" }, call.Arguments);

            // 500 ms of sampling plus 10 s to start and print.
            Assert.Equal(TimeSpan.FromMilliseconds(10_500), call.Timeout);
        }

        [Fact]
        public void OffMacOSTheProbeIsUnavailableWithTheReason()
        {
            var probe = new PowermetricsProbe(new RecordedProcessRunner(Tool), Tool, 1000, new FakeMac(false, true));

            ProbeAvailability availability = probe.CheckAvailability();

            Assert.False(availability.Available);
            Assert.Contains("only on macOS", availability.Reason);
        }

        [Fact]
        public void WithoutRootTheProbeIsUnavailableWithTheFix()
        {
            var probe = new PowermetricsProbe(new RecordedProcessRunner(Tool), Tool, 1000, new FakeMac(true, false));

            ProbeAvailability availability = probe.CheckAvailability();

            Assert.False(availability.Available);
            Assert.Contains("root", availability.Reason);
            Assert.Contains("sudo", availability.Fix);
        }

        [Fact]
        public void WithoutTheProgramTheProbeIsUnavailable()
        {
            var probe = new PowermetricsProbe(new RecordedProcessRunner(null), Tool, 1000, new FakeMac(true, true));

            ProbeAvailability availability = probe.CheckAvailability();

            Assert.False(availability.Available);
            Assert.Contains(Tool, availability.Reason);
        }

        [Fact]
        public void OnAMacAsRootWithTheProgramItIsAvailable()
        {
            var probe = new PowermetricsProbe(new RecordedProcessRunner(Tool), Tool, 1000, new FakeMac(true, true));

            Assert.True(probe.CheckAvailability().Available);
            Assert.Equal("ApplePowermetrics", probe.Name);
            Assert.Equal(new[] { Component.Host, Component.Cpu, Component.Gpu }, probe.Components);
        }

        [Fact]
        public void OnThisLinuxMachineTheRealHostSaysNotMacOS()
        {
            if (OperatingSystem.IsMacOS())
            {
                return;
            }

            ProbeAvailability availability = PowermetricsProbe.Create().CheckAvailability();

            Assert.False(availability.Available);
            Assert.Equal("powermetrics exists only on macOS.", availability.Reason);
        }

        private sealed class FakeMac : IMacHost
        {
            public FakeMac(bool isMacOS, bool isRoot)
            {
                IsMacOS = isMacOS;
                IsRoot = isRoot;
            }

            public bool IsMacOS { get; }

            public bool IsRoot { get; }
        }
    }
}
