using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Rapl;
using Xunit;

namespace Tracarbon.Tests.Rapl
{
    /// <summary>The powercap cases C-01 to C-07 and C-19 of CASES.md, one interval each.</summary>
    public sealed class RaplCaseTests
    {
        /// <summary>Joules from exact µJ integers: 1e-9 relative leaves room only for the final division.</summary>
        internal const double Relative = 1e-9;

        internal static void Close(double expected, double? actual, double relative = Relative)
        {
            Assert.True(actual.HasValue, $"expected {expected}, got null");
            double tolerance = System.Math.Abs(expected) * relative + 1e-15;
            Assert.True(System.Math.Abs(expected - actual!.Value) <= tolerance, $"expected {expected}, got {actual}");
        }

        internal static ProbeReadings Tick(Probe probe, double seconds)
        {
            var readings = new ProbeReadings();
            probe.Sample(seconds, readings);
            return readings;
        }

        internal static double? Joules(ProbeReadings readings, Component component) =>
            readings.KindOf(component) == ReadingKind.Energy ? readings.ValueOf(component) : (double?)null;

        internal static RaplZoneState ZoneAt(RaplProbe probe, string path) => probe.Zones.Single(z => z.Path == path);

        [UnixFact]
        public void C01_ACounterThatWrapsPastItsOwnMaximumGivesThePositiveEnergyOfTheInterval()
        {
            using var tree = new PowercapTree()
                .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 262_000_000_000);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 1_000_000_000);
            ProbeReadings r = Tick(probe, 15);

            // (262 143 328 850 - 262 000 000 000) + 1 000 000 000 = 1 143 328 850 µJ = 1143.32885 J over 15 s
            // = 76.2219233 W (76.222 W to the case's three decimals). No psys or dram: host = the package.
            Close(1143.32885, Joules(r, Component.Cpu));
            Close(1143.32885, Joules(r, Component.Host));
            RaplZoneState zone = ZoneAt(probe, "intel-rapl:0");
            Close(1143.32885 / 15, zone.PowerWatts);
            Assert.Equal(76.222, zone.PowerWatts!.Value, 0.0005);
            Assert.Equal(CounterStatus.Wrapped, zone.Status);
            Assert.Equal(ReadingKind.Missing, r.KindOf(Component.Memory));
        }

        [UnixFact]
        public void TheIssuesOwnWrapFixtureGivesEightHundredMilliwatts()
        {
            using var tree = new PowercapTree().Zone("intel-rapl:0", "package-0", 65_532_610_987, 65_532_000_000);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 1_000_000);
            ProbeReadings r = Tick(probe, 2);

            // (65 532 610 987 - 65 532 000 000 + 1 000 000) µJ = 1 610 987 µJ = 1.610987 J; / 2 s = 0.8054935 W.
            Close(1.610987, Joules(r, Component.Cpu));
            Close(0.8054935, ZoneAt(probe, "intel-rapl:0").PowerWatts);
        }

        [UnixFact]
        public void C02_EachZoneWrapsAgainstItsOwnMaximumBeforeZonesAreAdded()
        {
            using var tree = new PowercapTree()
                .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 100_000_000)
                .Zone("intel-rapl:0:0", "dram", PowercapTree.DramMax, 65_711_999_613, nested: true);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 120_000_000);
            tree.Set("intel-rapl:0:0", 2_000_000);
            ProbeReadings r = Tick(probe, 1);

            // package: 120 000 000 - 100 000 000 = 20 000 000 µJ = 20 J.
            // dram wrapped: (65 712 999 613 - 65 711 999 613) + 2 000 000 = 3 000 000 µJ = 3 J.
            // host = (20 + 3) J over 1 s = 23 W, not 262 166.33 W from wrapping the sum.
            Close(20, Joules(r, Component.Cpu));
            Close(3, Joules(r, Component.Memory));
            Close(23, Joules(r, Component.Host));
            Assert.Equal(CounterStatus.Advancing, ZoneAt(probe, "intel-rapl:0").Status);
            Assert.Equal(CounterStatus.Wrapped, ZoneAt(probe, "intel-rapl:0:0").Status);
        }

        [UnixFact]
        public void C04_TwoSocketsKeepTheirOwnStateAlthoughTheirZonesShareNames()
        {
            using var tree = new PowercapTree()
                .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 100_000_000)
                .Zone("intel-rapl:0:0", "dram", PowercapTree.DramMax, 10_000_000)
                .Zone("intel-rapl:1", "package-1", PowercapTree.PackageMax, 200_000_000)
                .Zone("intel-rapl:1:0", "dram", PowercapTree.DramMax, 20_000_000);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 150_000_000);
            tree.Set("intel-rapl:0:0", 15_000_000);
            tree.Set("intel-rapl:1", 240_000_000);
            tree.Set("intel-rapl:1:0", 23_000_000);
            ProbeReadings r = Tick(probe, 1);

            // packages: 50 J + 40 J = 90 W; dram: 5 J + 3 J = 8 W; host = 98 W over 1 s.
            Close(90, Joules(r, Component.Cpu));
            Close(8, Joules(r, Component.Memory));
            Close(98, Joules(r, Component.Host));
            Close(5, ZoneAt(probe, "intel-rapl:0:0").EnergyJoules);
            Close(3, ZoneAt(probe, "intel-rapl:1:0").EnergyJoules);
        }

        [UnixFact]
        public void C05_CoreAndUncoreAreClassifiedByExactNameAndNeverAddedToTheHost()
        {
            using var tree = new PowercapTree()
                .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000_000)
                .Zone("intel-rapl:0:0", "core", PowercapTree.PackageMax, 500_000_000)
                .Zone("intel-rapl:0:1", "uncore", PowercapTree.PackageMax, 700_000_000)
                .Zone("intel-rapl:0:2", "dram", PowercapTree.DramMax, 300_000_000);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 1_030_000_000);
            tree.Set("intel-rapl:0:0", 520_000_000);
            tree.Set("intel-rapl:0:1", 702_000_000);
            tree.Set("intel-rapl:0:2", 303_000_000);
            ProbeReadings r = Tick(probe, 1);

            // host = package + dram = 30 + 3 = 33 W; cpu = the package, 30 W (not core + uncore = 22 W);
            // cores 20 W and uncore 2 W are detail; memory 3 W.
            Close(33, Joules(r, Component.Host));
            Close(30, Joules(r, Component.Cpu));
            Close(3, Joules(r, Component.Memory));
            Close(20, probe.LastEnergyJoules(RaplZoneKind.Core));
            Close(2, probe.LastEnergyJoules(RaplZoneKind.Uncore));
            Assert.Equal(RaplZoneKind.Uncore, ZoneAt(probe, "intel-rapl:0:1").Kind);
        }

        [UnixFact]
        public void C06_PsysAloneIsTheHostBecauseItContainsThePackageAndItsParts()
        {
            using var tree = new PowercapTree()
                .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 10_000_000)
                .Zone("intel-rapl:0:0", "core", PowercapTree.PackageMax, 20_000_000)
                .Zone("intel-rapl:0:1", "uncore", PowercapTree.PackageMax, 30_000_000)
                .Zone("intel-rapl:1", "psys", PowercapTree.PackageMax, 40_000_000);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 13_780_000);
            tree.Set("intel-rapl:0:0", 20_840_000);
            tree.Set("intel-rapl:0:1", 30_210_000);
            tree.Set("intel-rapl:1", 49_610_000);
            ProbeReadings r = Tick(probe, 1);

            // platform = psys alone = 9 610 000 µJ = 9.61 W, not 9.61 + 3.78 + 0.84 + 0.21 = 14.44 W;
            // cpu package = 3 780 000 µJ = 3.78 W; no dram zone, so memory is not measured.
            Close(9.61, Joules(r, Component.Host));
            Close(3.78, Joules(r, Component.Cpu));
            Assert.Equal(ReadingKind.Missing, r.KindOf(Component.Memory));
            Assert.Contains("psys (intel-rapl:1)", r.SourceOf(Component.Host));
        }

        [UnixFact]
        public void C07_AFrozenDramIsAFlaggedZeroAndAnAbsentCoreIsNull()
        {
            using var tree = new PowercapTree()
                .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000)
                .Zone("intel-rapl:0:0", "dram", PowercapTree.DramMax, 0);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 31_000_000);
            ProbeReadings r = Tick(probe, 1);

            // package = 31 000 000 - 1 000 000 = 30 000 000 µJ = 30 W; dram 0 -> 0 = 0 W, flagged as not
            // moving (neither a wrap nor NaN); core absent = null; host = 30 + 0 = 30 W.
            Close(30, Joules(r, Component.Cpu));
            Assert.Equal(0.0, Joules(r, Component.Memory));
            Close(30, Joules(r, Component.Host));
            Assert.Equal(CounterStatus.Frozen, ZoneAt(probe, "intel-rapl:0:0").Status);
            Assert.EndsWith("(a counter did not move)", r.SourceOf(Component.Memory));
            Assert.DoesNotContain("did not move", r.SourceOf(Component.Cpu));
            Assert.Null(probe.LastEnergyJoules(RaplZoneKind.Core));
        }

        [UnixFact]
        public void C19_AShortIntervalKeepsItsEnergyAndAZeroIntervalLeavesOnlyThePowerNull()
        {
            using var tree = new PowercapTree().Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 5_000_000);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 5_045_000);
            ProbeReadings shortTick = Tick(probe, 0.003);
            RaplZoneState afterShort = ZoneAt(probe, "intel-rapl:0");
            tree.Set("intel-rapl:0", 5_090_000);
            ProbeReadings zeroTick = Tick(probe, 0);
            RaplZoneState afterZero = ZoneAt(probe, "intel-rapl:0");

            // 45 000 µJ = 0.045 J in 0.003 s = 15 W. With a 0 s interval the 0.045 J stays and the
            // power stays null: no division by zero, no exception.
            Close(0.045, Joules(shortTick, Component.Cpu));
            Close(15, afterShort.PowerWatts);
            Close(0.045, Joules(zeroTick, Component.Cpu));
            Close(0.045, afterZero.EnergyJoules);
            Assert.Null(afterZero.PowerWatts);
        }
    }
}
