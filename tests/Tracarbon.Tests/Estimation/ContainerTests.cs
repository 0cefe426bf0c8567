using Tracarbon.Measurement;
using Tracarbon.Measurement.Estimation;
using Xunit;

namespace Tracarbon.Tests.Estimation
{
    /// <summary>C-12: a container's CPU quota sizes the power, and its own counter gives the utilisation.</summary>
    public sealed class ContainerTests
    {
        // Watts here are products and quotients of small integers and table values: 1e-9 W is far below
        // anything a user could see, and far above double rounding.
        private const double Tolerance = 1e-9;

        [Fact]
        public void C12_V2QuotaGivesTwoCpusAndTheTdpShare()
        {
            using var tree = new FixtureTree("c12-v2");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            tree.Apply("next");
            probe.Sample(1.0, readings);

            // cpu.max "200000 100000": 200000 / 100000 = 2.0 CPUs of 128. usage_usec 1000000 -> 3000000 is
            // 2.0 CPU-seconds in 1 s on 2 CPUs: u = 2.0 / (1 x 2) = 1.0. P = 200 W x 2 / 128 = 3.125 W.
            Assert.Equal(2.0, probe.EffectiveCpus, Tolerance);
            Assert.True(probe.UsesCgroupCpuUsage);
            Assert.Equal(1.0, probe.Utilisation!.Value, Tolerance);
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Cpu));
            Assert.Equal(3.125, readings.ValueOf(Component.Cpu), Tolerance);
            Assert.Contains("cgroup v2 cpu.max 200000 100000", readings.SourceOf(Component.Cpu));
            Assert.Contains("'AMD EPYC 7513'", probe.Source);

            // memory.max 4294967296 is a limit, so memory.current counts: 2e9 B / 1e9 x 0.375 W/GB = 0.75 W.
            Assert.Equal(0.75, readings.ValueOf(Component.Memory), Tolerance);
        }

        [Fact]
        public void C12_V2QuotaIdleFloorIsTheTdpShareOfTheIdleFraction()
        {
            using var tree = new FixtureTree("c12-v2");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));

            // idle = 0.258821836... x 200 W x 2 / 128 = 0.808818 W; full = 3.125 W.
            Assert.Equal(0.8088182385715358, probe.CpuPowerModel.MinWatts, Tolerance);
            Assert.Equal(3.125, probe.CpuPowerModel.MaxWatts, Tolerance);
        }

        [Fact]
        public void C12_V2MaxIsNoLimit()
        {
            using var tree = new FixtureTree("c12-v2");
            tree.Write("cgroup/cpu.max", "max 100000\n");
            tree.Write("cgroup/memory.max", "max\n");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));

            // No quota: all 128 CPUs, the whole 200 W TDP, utilisation from /proc/stat.
            Assert.Equal(128.0, probe.EffectiveCpus, Tolerance);
            Assert.False(probe.UsesCgroupCpuUsage);
            Assert.Equal(200.0, probe.CpuPowerModel.MaxWatts, Tolerance);
            Assert.Contains("meminfo", probe.MemorySource);
        }

        [Fact]
        public void C12_V1QuotaGivesTwoCpusAndTheTdpShare()
        {
            using var tree = new FixtureTree("c12-v1");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            tree.Apply("next");
            probe.Sample(1.0, readings);

            // cfs_quota_us 200000 / cfs_period_us 100000 = 2.0 CPUs. cpuacct.usage 5e9 -> 7e9 ns is 2.0 s in
            // 1 s on 2 CPUs: u = 1.0, P = 200 W x 2 / 128 = 3.125 W.
            Assert.Equal(2.0, probe.EffectiveCpus, Tolerance);
            Assert.Equal(3.125, readings.ValueOf(Component.Cpu), Tolerance);
            Assert.Contains("cgroup v1 cpu.cfs_quota_us 200000", readings.SourceOf(Component.Cpu));

            // memory.limit_in_bytes 9223372036854771712 means no limit: MemTotal - MemAvailable of meminfo,
            // (16000000 - 12000000) kB x 1024 = 4.096e9 B, x 0.375 W/GB = 1.536 W.
            Assert.Equal(1.536, readings.ValueOf(Component.Memory), Tolerance);
        }

        [Fact]
        public void C12_V1MinusOneIsNoLimit()
        {
            using var tree = new FixtureTree("c12-v1");
            tree.Write("cgroup/cpu/cpu.cfs_quota_us", "-1\n");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));

            Assert.Equal(128.0, probe.EffectiveCpus, Tolerance);
            Assert.False(probe.UsesCgroupCpuUsage);
            Assert.Equal(200.0, probe.CpuPowerModel.MaxWatts, Tolerance);
        }

        [Fact]
        public void HalfUsedQuotaGivesHalfUtilisation()
        {
            using var tree = new FixtureTree("c12-v2");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            tree.Apply("next");
            probe.Sample(2.0, readings);

            // 2.0 CPU-seconds over 2 s x 2 CPUs = 0.5; P = 0.808818 + (3.125 - 0.808818) x 0.5 = 1.966909 W.
            Assert.Equal(0.5, probe.Utilisation!.Value, Tolerance);
            Assert.Equal(1.9669091192857677, readings.ValueOf(Component.Cpu), Tolerance);
        }

        [Fact]
        public void AVanishedGroupCounterLeavesCpuMissing()
        {
            using var tree = new FixtureTree("c12-v2");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            tree.Delete("cgroup/cpu.stat");
            ProbeReadException e = Assert.Throws<ProbeReadException>(() => probe.Sample(1.0, readings));

            Assert.Equal(Component.Cpu, e.Component);
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Cpu));
            Assert.Equal(0.75, readings.ValueOf(Component.Memory), Tolerance);
        }

        [Fact]
        public void AFailedReadIsCoveredByTheNextGoodOne()
        {
            using var tree = new FixtureTree("c12-v2");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();

            probe.Start();
            tree.Write("cgroup/cpu.stat", "usage_usec garbage\n");
            Assert.Throws<ProbeReadException>(() => probe.Sample(1.0, readings));
            tree.Apply("next");
            readings.Clear();
            probe.Sample(1.0, readings);

            // 2.0 CPU-seconds since the Start baseline, over the 2 s of both intervals on 2 CPUs: u = 0.5.
            Assert.Equal(0.5, probe.Utilisation!.Value, Tolerance);
        }

        [Fact]
        public void QuotaAboveTheHostIsCappedAtTheLogicalCpus()
        {
            using var tree = new FixtureTree("c12-v2");
            tree.Write("cgroup/cpu.max", "25600000 100000\n");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));

            // 256 CPUs of quota on a 128-CPU host: min(128, 256) = 128.
            Assert.Equal(128.0, probe.EffectiveCpus, Tolerance);
        }
    }
}
