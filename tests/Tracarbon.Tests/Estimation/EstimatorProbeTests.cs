using System;
using System.IO;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Estimation;
using Xunit;

namespace Tracarbon.Tests.Estimation
{
    public sealed class EstimatorProbeTests
    {
        // Watts come from a few multiplications of table values; 1e-9 W is far above double rounding.
        private const double Tolerance = 1e-9;

        [Fact]
        public void C08_VirtualMachineWithoutPowercapEstimatesFiftyWatts()
        {
            using var tree = new FixtureTree("c08-vm");
            var model = new LinearPowerModel(0, 100, "TDP 100 W, no idle floor (case C-08)");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup, cpuPowerModel: model));
            var readings = new ProbeReadings();

            Assert.True(probe.CheckAvailability().Available);
            probe.Start();
            tree.Apply("next");
            probe.Sample(1.0, readings);

            // busy 1500 -> 1700, total 10000 -> 10400: u = 200 / 400 = 0.5; P = 0 + (100 - 0) x 0.5 = 50 W.
            Assert.True(probe.CpuInfo.IsVirtualMachine);
            Assert.Equal(ProbeKind.Estimated, probe.Kind);
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Cpu));
            Assert.Equal(50.0, readings.ValueOf(Component.Cpu), Tolerance);
            Assert.StartsWith("estimate: TDP 100 W", readings.SourceOf(Component.Cpu));
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Host));
        }

        [Fact]
        public void UnknownIntelModelFallsBackToTheCcfIntelMean()
        {
            using var tree = new FixtureTree("unknown-intel");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            tree.Apply("next");
            probe.Sample(1.0, readings);

            // Mean of the 11 Intel rows of coefficients-aws-use.csv: min 1.10275048 W, max 4.72598465 W per vCPU.
            // busy 3000 -> 3100, total 20000 -> 20200: u = 100 / 200 = 0.5.
            // P = 2 vCPU x (1.10275048 + (4.72598465 - 1.10275048) x 0.5) = 2 x 2.91436757 = 5.82873513 W.
            Assert.Equal(CpuModelMatchKind.NotFound, probe.ModelMatch!.Kind);
            Assert.Equal(2.2055009664631133, probe.CpuPowerModel.MinWatts, Tolerance);
            Assert.Equal(9.45196929709172, probe.CpuPowerModel.MaxWatts, Tolerance);
            Assert.Equal(5.828735131777417, readings.ValueOf(Component.Cpu), Tolerance);
            Assert.Equal(
                "estimate: 'Intel Xeon Processor' not in cpu_power.csv; CCF AWS mean of 11 Intel microarchitectures, "
                + "2 vCPU x 1.10-4.73 W; memory 0.375 W/GB in use",
                probe.Source);
        }

        [Fact]
        public void MemoryWattsComeFromMemoryInUse()
        {
            using var tree = new FixtureTree("unknown-intel");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            probe.Sample(1.0, readings);

            // (MemTotal 16000000 - MemAvailable 12000000) kB x 1024 B = 4.096e9 B = 4.096 GB; x 0.375 W/GB = 1.536 W.
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Memory));
            Assert.Equal(1.536, readings.ValueOf(Component.Memory), Tolerance);
            Assert.Contains("0.375 W/GB", readings.SourceOf(Component.Memory));
        }

        [Fact]
        public void C13A_SameJiffyWithoutEarlierUtilisationLeavesCpuMissing()
        {
            using var tree = new FixtureTree("c13");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            tree.Apply("same");
            probe.Sample(0.001, readings);

            // Δtotal = 0 and no earlier interval: no CPU reading at all, and memory is still there.
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Cpu));
            Assert.Null(probe.Utilisation);
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Memory));
        }

        [Fact]
        public void C13B_IdleSecondGivesTheIdleFloorThenASameJiffyReadKeepsIt()
        {
            using var tree = new FixtureTree("c13");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            tree.Apply("idle");
            probe.Sample(1.0, readings);
            double idleWatts = readings.ValueOf(Component.Cpu);

            // Δbusy = 0, Δtotal = 100: u = 0.0, so the CPU draws its idle floor: 2 x 1.10275048 W = 2.20550097 W.
            Assert.Equal(0.0, probe.Utilisation!.Value, Tolerance);
            Assert.Equal(2.2055009664631133, idleWatts, Tolerance);

            readings.Clear();
            probe.Sample(0.001, readings);

            // Nothing moved: the interval still drew power, so the last utilisation (0.0) stands for it.
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Cpu));
            Assert.Equal(idleWatts, readings.ValueOf(Component.Cpu), Tolerance);
        }

        [Fact]
        public void TwoIdenticalReadsGiveNoPowerAndNoNaN()
        {
            using var tree = new FixtureTree("c08-vm");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            probe.Sample(1.0, readings);

            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Cpu));
            Assert.False(double.IsNaN(readings.ValueOf(Component.Cpu)));
            Assert.Null(readings.EnergyJoules(Component.Cpu, 1.0));
        }

        [Fact]
        public void GarbageStatLeavesCpuMissingAndThrowsOnlyProbeReadException()
        {
            using var tree = new FixtureTree("garbage");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            tree.Apply("next");
            ProbeReadException e = Assert.Throws<ProbeReadException>(() => probe.Sample(1.0, readings));

            // Both files are garbage: /proc/stat holds "cpu  11x0 zero ...", meminfo "MemTotal: lots".
            Assert.Equal(Component.Cpu, e.Component);
            Assert.Contains("stat", e.Message);
            Assert.Contains("meminfo", e.Message);
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Cpu));
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Memory));
        }

        [Fact]
        public void AVanishedFileMissesOneIntervalAndTheBaselineSurvives()
        {
            using var tree = new FixtureTree("c08-vm");
            var model = new LinearPowerModel(0, 100, "TDP 100 W, no idle floor");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup, cpuPowerModel: model));
            var readings = new ProbeReadings();

            probe.Start();
            tree.Delete("proc/stat");
            ProbeReadException e = Assert.Throws<ProbeReadException>(() => probe.Sample(1.0, readings));
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Cpu));
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Memory));
            Assert.EndsWith("stat", e.Path);

            readings.Clear();
            tree.Apply("next");
            probe.Sample(1.0, readings);

            // Measured against the Start baseline: u = 200 / 400 = 0.5 -> 50 W.
            Assert.Equal(50.0, readings.ValueOf(Component.Cpu), Tolerance);
        }

        [Fact]
        public void NoProcTreeMeansNotAvailableWithAReason()
        {
            string nowhere = Path.Combine(Path.GetTempPath(), "tracarbon-no-proc-" + Guid.NewGuid().ToString("N"));
            var probe = new EstimatorProbe(new EstimatorOptions(nowhere, nowhere));

            ProbeAvailability availability = probe.CheckAvailability();

            Assert.False(availability.Available);
            Assert.Contains("stat", availability.Reason);
            Assert.NotNull(availability.Fix);
            Assert.Throws<ProbeReadException>(() => probe.Start());
        }

        [Fact]
        public void ExplicitModelNameOverridesCpuinfo()
        {
            using var tree = new FixtureTree("unknown-intel");
            var options = new EstimatorOptions(tree.Proc, tree.Cgroup, cpuModelName: "Intel Core i7-8700K");
            var probe = new EstimatorProbe(options);

            // The 95 W row with no quota: idle 0.258821836 x 95 = 24.58807445 W, full 95 W.
            Assert.Equal(CpuModelMatchKind.Matched, probe.ModelMatch!.Kind);
            Assert.Equal(95.0, probe.CpuPowerModel.MaxWatts, Tolerance);
            Assert.Equal(24.588074452574688, probe.CpuPowerModel.MinWatts, Tolerance);
        }

        [Fact]
        public void ProbeDescribesItself()
        {
            using var tree = new FixtureTree("c08-vm");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));

            Assert.Equal("Estimator", probe.Name);
            Assert.Equal(new[] { Component.Cpu, Component.Memory }, probe.Components);
        }
    }
}
