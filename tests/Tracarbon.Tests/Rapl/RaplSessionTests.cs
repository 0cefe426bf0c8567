using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Rapl;
using Tracarbon.Platform;
using Tracarbon.Tracking;
using Xunit;
using static Tracarbon.Tests.Rapl.RaplCaseTests;

namespace Tracarbon.Tests.Rapl
{
    /// <summary>The probe inside a real session, and the cost of its sampling path.</summary>
    public sealed class RaplSessionTests
    {
        [UnixFact]
        public void ASessionOverAMovingTreeAddsUpToTheKnownJoules()
        {
            using var tree = new PowercapTree()
                .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 262_100_000_000)
                .Zone("intel-rapl:0:0", "core", PowercapTree.PackageMax, 0)
                .Zone("intel-rapl:0:1", "dram", PowercapTree.DramMax, 65_700_000_000)
                .Zone("intel-rapl:1", "package-1", PowercapTree.PackageMax, 5_000_000);
            var clock = new ManualClock();
            var probe = new RaplProbe(tree.Root);
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));
            session.Start(background: false);

            // Per 1 s tick: package-0 +12.345678 J, package-1 +7.654321 J, dram +1.234567 J, core +9 J. Both
            // package-0 (after about 3.5 ticks) and dram (after about 10.5 ticks) wrap during the run.
            ulong p0 = 262_100_000_000, p1 = 5_000_000, dram = 65_700_000_000, core = 0;
            const int ticks = 20;
            for (int k = 1; k <= ticks; k++)
            {
                p0 = (p0 + 12_345_678) % PowercapTree.PackageMax;
                p1 += 7_654_321;
                dram = (dram + 1_234_567) % PowercapTree.DramMax;
                core += 9_000_000;
                tree.Set("intel-rapl:0", p0);
                tree.Set("intel-rapl:1", p1);
                tree.Set("intel-rapl:0:1", dram);
                tree.Set("intel-rapl:0:0", core);
                session.RunUntil(k);
            }

            IReadOnlyList<ComponentReport> report = session.Stop();

            // 20 ticks: cpu = 20 x (12.345678 + 7.654321) = 399.99998 J; memory = 20 x 1.234567 = 24.69134 J;
            // host = packages + dram = 424.69132 J. The counter reduced modulo its maximum is exactly the
            // wrap rule's (max - previous) + current. The stop at t = 20 adds an empty interval, so no tick.
            ComponentReport cpu = report.Single(r => r.Component == Component.Cpu);
            Close(399.99998, cpu.EnergyJoules);
            Close(24.69134, report.Single(r => r.Component == Component.Memory).EnergyJoules);
            Close(424.69132, report.Single(r => r.Component == Component.Host).EnergyJoules);
            Close(399.99998 / 20, cpu.AveragePowerWatts);
            Assert.Equal(ticks, cpu.Samples);
            Assert.Equal(0, cpu.MissingIntervals);
            Assert.Equal(0, session.Errors.Total);
        }

        [UnixFact]
        public void ACounterThatVanishesThenComesBackResetIsCountedWithItsReasonAndItsIntervalsAreMissing()
        {
            using var tree = new PowercapTree()
                .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000)
                .Zone("intel-rapl:0:1", "dram", PowercapTree.DramMax, 1_000_000);
            var clock = new ManualClock();
            using var session = new TrackingSession(Sessions.Options(clock, 1, new RaplProbe(tree.Root)));
            session.Start(background: false);
            string dram = Path.Combine(tree.Root, "intel-rapl:0:1", "energy_uj");

            // Package +10 J a tick throughout; dram +1 J, except that its file is gone at ticks 3 and 4,
            // comes back reset to 0 at tick 5 (a new baseline), then moves on by 1 J a tick.
            ulong package = 1_000_000, memory = 1_000_000;
            for (int k = 1; k <= 8; k++)
            {
                package += 10_000_000;
                tree.Set("intel-rapl:0", package);
                if (k == 3)
                {
                    File.Delete(dram);
                }
                else if (k == 5)
                {
                    memory = 0;
                    PowercapTree.WriteAttribute(dram, "0");
                }
                else if (k != 4)
                {
                    memory += 1_000_000;
                    tree.Set("intel-rapl:0:1", memory);
                }

                session.RunUntil(k);
            }

            clock.Now = 8;
            IReadOnlyList<ComponentReport> report = session.Stop();
            ComponentReport row(Component c) => report.Single(r => r.Component == c);

            // Cpu: 8 x 10 J. Memory: ticks 1, 2, 6, 7, 8 = 5 J (3 and 4 unreadable, 5 a new baseline). Host
            // needs both, so it has the same 5 intervals: 5 x 11 J. Two ticks could not read the file:
            // two errors, on every row, saying which file and why.
            Close(80, row(Component.Cpu).EnergyJoules);
            Close(5, row(Component.Memory).EnergyJoules);
            Close(55, row(Component.Host).EnergyJoules);
            Assert.Equal((3, 3), (row(Component.Memory).MissingIntervals, row(Component.Host).MissingIntervals));
            Assert.All(report, r => Assert.Equal(2, r.Errors));
            Assert.Equal(
                $"probe 'Rapl': the counter '{dram}' could not be read (gone, or not readable); its interval is missing",
                Assert.Single(session.Errors.Messages));
        }

        [UnixFact]
        public void C03_ASessionWithRootOnlyCountersReportsOneErrorAtStartAndNoneOnTicks()
        {
            using var tree = new PowercapTree().Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000);
            var clock = new ManualClock();
            var probe = new RaplProbe(tree.Root, InterceptingReader.Denying("energy_uj", "max_energy_range_uj"));
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));
            var cpuPresent = new List<bool>();
            session.Sampled += (_, s) => cpuPresent.Add(s[Component.Cpu].Present);

            session.Start(background: false);
            session.RunUntil(10);
            ComponentReport cpu = session.Stop().Single(r => r.Component == Component.Cpu);

            // One message at start; ten ticks with the cpu absent (null, not 0 W); no error per tick.
            Assert.Equal(1, session.Errors.Total);
            Assert.Contains("readable by root only", Assert.Single(session.Errors.Messages));
            Assert.Equal(10, cpuPresent.Count);
            Assert.All(cpuPresent, Assert.False);
            Assert.Equal(0, cpu.Samples);
            Assert.Equal(10, cpu.MissingIntervals);
        }

        [UnixFact]
        public void C19_AThreeMillisecondSessionMeasuresFifteenWattsOnTheMonotonicClock()
        {
            using var tree = new PowercapTree().Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 7_000_000);
            var clock = new ManualClock();
            var probe = new RaplProbe(tree.Root);
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));
            session.Start(background: false);

            tree.Set("intel-rapl:0", 7_045_000);
            clock.Now = 0.003;
            ComponentReport cpu = session.Stop().Single(r => r.Component == Component.Cpu);

            // 45 000 µJ = 0.045 J over 0.003 s on the monotonic clock = 15 W.
            Close(0.045, cpu.EnergyJoules);
            Close(15, cpu.AveragePowerWatts);
            Assert.Equal(0.003, cpu.DurationSeconds, 1e-12);
        }

        [UnixFact]
        public void SteadyStateSamplesAllocateNothing()
        {
            using var tree = new PowercapTree()
                .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000)
                .Zone("intel-rapl:0:0", "core", PowercapTree.PackageMax, 1_000_000)
                .Zone("intel-rapl:0:1", "uncore", PowercapTree.PackageMax, 1_000_000)
                .Zone("intel-rapl:0:2", "dram", PowercapTree.DramMax, 1_000_000)
                .Zone("intel-rapl:1", "package-1", PowercapTree.PackageMax, 1_000_000)
                .Zone("intel-rapl:2", "psys", PowercapTree.PackageMax, 1_000_000);
            using var probe = new RaplProbe(tree.Root);
            Assert.IsType<NativeCounterFileReader>(CounterFileReader.CreateDefault());
            probe.Start();
            var readings = new ProbeReadings();
            for (int i = 0; i < 10; i++)
            {
                probe.Sample(1, readings);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                readings.Clear();
                probe.Sample(1, readings);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            // 1000 ticks of six files each: not one byte on the managed heap.
            Assert.Equal(0, allocated);
            Assert.Equal(ReadingKind.Energy, readings.KindOf(Component.Host));
        }
    }
}
