using System;
using System.IO;
using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Cloud;
using Tracarbon.Measurement.Estimation;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Cloud
{
    public sealed class CloudInstanceProbeTests
    {
        private static readonly CloudInstanceCatalog Catalog = CloudInstanceCatalog.LoadEmbedded();

        [Fact]
        public void ItReportsEachComponentAtTheIntervalsUtilisation()
        {
            var probe = new CloudInstanceProbe("aws:m5.8xlarge", new FixedUtilisation(0.3), Catalog);
            var readings = new ProbeReadings();

            probe.Sample(1.0, readings);

            // At 30 %: CPU 81.725 W, memory 55.085 W, host 81.725 + 55.085 + 32.0 = 168.81 W.
            Assert.Equal(81.725, readings.ValueOf(Component.Cpu), 9);
            Assert.Equal(55.085, readings.ValueOf(Component.Memory), 9);
            Assert.Equal(168.81, readings.ValueOf(Component.Host), 9);
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Cpu));
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Gpu));
            Assert.Equal("CloudInstance", probe.Name);
            Assert.Equal(ProbeKind.Estimated, probe.Kind);
            Assert.Contains("m5.8xlarge", readings.SourceOf(Component.Cpu));
        }

        [Fact]
        public void AnUnknownUtilisationLeavesTheIntervalMissingRatherThanIdle()
        {
            var probe = new CloudInstanceProbe("m5.8xlarge", new FixedUtilisation(null), Catalog);
            var readings = new ProbeReadings();

            probe.Sample(1.0, readings);

            Assert.All(new[] { Component.Host, Component.Cpu, Component.Memory },
                c => Assert.Equal(ReadingKind.Missing, readings.KindOf(c)));
        }

        [Fact]
        public void AGpuUtilisationSourceDrivesTheGpuCurve()
        {
            var probe = new CloudInstanceProbe(
                "aws:p3.2xlarge", new FixedUtilisation(0.0), Catalog, new FixedUtilisation(0.5));
            var readings = new ProbeReadings();

            probe.Sample(1.0, readings);

            // CPU idle 3.89 W, memory idle 12.20 W, GPU at 50 % 225.7 W, rest 6.4 W:
            // host = 3.89 + 12.20 + 225.7 + 6.4 = 248.19 W.
            Assert.Equal(3.89, readings.ValueOf(Component.Cpu), 9);
            Assert.Equal(225.7, readings.ValueOf(Component.Gpu), 9);
            Assert.Equal(248.19, readings.ValueOf(Component.Host), 9);
        }

        [Fact]
        public void WithoutAGpuSourceTheGpuFollowsTheCpuAndTheSourceSaysSo()
        {
            var probe = new CloudInstanceProbe("aws:p3.2xlarge", new FixedUtilisation(0.3), Catalog);
            var readings = new ProbeReadings();

            probe.Sample(1.0, readings);

            // GPU at 30 %: 95.5 + (225.7 - 95.5) x 0.5 = 160.6 W.
            Assert.Equal(160.6, readings.ValueOf(Component.Gpu), 9);
            Assert.EndsWith("GPU read at the CPU utilisation", probe.Source);
        }

        [Theory]
        [InlineData("aws:m5.9xlarge", "'aws:m5.9xlarge'")]
        [InlineData("m5.huge", "'m5.huge'")]
        [InlineData("oci:VM.Standard2.1", "'oci'")]
        [InlineData("", "No instance type")]
        public void AnUnknownInstanceTypeFailsAtConstructionNamingTheValue(string type, string named)
        {
            var ex = Assert.Throws<CloudInstanceNotFoundException>(
                () => new CloudInstanceProbe(type, new FixedUtilisation(0.5), Catalog));

            Assert.Contains(named, ex.Message);
            Assert.Equal(type, ex.InstanceType);
        }

        [Fact]
        public void AMisspelledTypeListsItsFamily()
        {
            var ex = Assert.Throws<CloudInstanceNotFoundException>(() => Catalog.Find("aws:m5.8xl"));

            Assert.Contains("m5.8xlarge", ex.Message);
        }

        [Fact]
        public void InASessionThePowerBecomesEnergyOverTheInterval()
        {
            var clock = new ManualClock();
            var probe = new CloudInstanceProbe("aws:m5.8xlarge", new FixedUtilisation(0.5), Catalog);
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));

            session.Start(background: false);
            session.RunUntil(10);
            var report = session.Stop();

            // 10 intervals of 1 s at 50 %: CPU 114.57 W x 10 s = 1145.7 J; host 225.94 W x 10 s = 2259.4 J.
            Assert.Equal(1145.7, report.Single(r => r.Component == Component.Cpu).EnergyJoules, 6);
            Assert.Equal(2259.4, report.Single(r => r.Component == Component.Host).EnergyJoules, 6);
            Assert.Equal(0, session.Errors.Total);
        }

        [Fact]
        public void ASessionShorterThanOneIntervalReadsTheUtilisationSinceStart()
        {
            // Get-CarbonPower's case: one reading, at stop. The baseline is taken at start, so the one
            // sample has the utilisation of the whole session rather than only a baseline.
            string root = Path.Combine(Path.GetTempPath(), "tracarbon-tests", "cloud-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(root);
            try
            {
                string stat = Path.Combine(root, "stat");
                File.WriteAllText(stat, "cpu  1000 0 500 8500 0 0 0 0 0 0\n");
                var clock = new ManualClock();
                var probe = new CloudInstanceProbe("aws:m5.8xlarge", new ProcStatUtilisation(root), Catalog);
                using var session = new TrackingSession(Sessions.Options(clock, 60, probe));

                session.Start(background: false);
                File.WriteAllText(stat, "cpu  1100 0 600 8700 0 0 0 0 0 0\n");
                clock.Now = 2;
                var report = session.Stop();

                // 200 busy of 400 jiffies: 50 %, so CPU 114.57 W and host 225.94 W over 2 s.
                Assert.Equal(114.57, report.Single(r => r.Component == Component.Cpu).AveragePowerWatts!.Value, 6);
                Assert.Equal(225.94, report.Single(r => r.Component == Component.Host).AveragePowerWatts!.Value, 6);
                Assert.Equal(0, session.Errors.Total);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        [Fact]
        public void WithoutTheVariableThereIsNoProbe()
        {
            string? saved = Environment.GetEnvironmentVariable(CloudInstanceProbe.InstanceTypeVariable);
            try
            {
                Environment.SetEnvironmentVariable(CloudInstanceProbe.InstanceTypeVariable, null);
                Assert.Null(CloudInstanceProbe.FromEnvironment(new FixedUtilisation(0.5), Catalog));

                Environment.SetEnvironmentVariable(CloudInstanceProbe.InstanceTypeVariable, "aws:c5.large");
                Assert.Equal("c5.large", CloudInstanceProbe.FromEnvironment(new FixedUtilisation(0.5), Catalog)!
                    .Model.InstanceType);
            }
            finally
            {
                Environment.SetEnvironmentVariable(CloudInstanceProbe.InstanceTypeVariable, saved);
            }
        }

        private sealed class FixedUtilisation : IUtilisationSource
        {
            private readonly double? _value;

            public FixedUtilisation(double? value)
            {
                _value = value;
            }

            public void Start()
            {
            }

            public double? Utilisation(double intervalSeconds) => _value;
        }
    }
}
