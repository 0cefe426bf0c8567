using System;
using System.IO;
using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Rapl;
using Tracarbon.Platform;
using Xunit;
using static Tracarbon.Tests.Rapl.RaplCaseTests;

namespace Tracarbon.Tests.Rapl
{
    /// <summary>Trees that change or lie mid-session, several sockets, mirrors, and no tree at all.</summary>
    public sealed class RaplRobustnessTests
    {
        private static PowercapTree TwoSockets() => new PowercapTree()
            .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000)
            .Zone("intel-rapl:0:0", "dram", PowercapTree.DramMax, 2_000_000)
            .Zone("intel-rapl:1", "package-1", PowercapTree.PackageMax, 3_000_000)
            .Zone("intel-rapl:1:0", "dram", PowercapTree.DramMax, 65_000_000_000);

        [UnixFact]
        public void AWrapOnOneSocketsDramUsesThatZoneOnly()
        {
            using PowercapTree tree = TwoSockets();
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 21_000_000);
            tree.Set("intel-rapl:0:0", 6_000_000);
            tree.Set("intel-rapl:1", 13_000_000);
            tree.Set("intel-rapl:1:0", 1_500_000_000);
            ProbeReadings r = Tick(probe, 2);

            // packages: 20 000 000 + 10 000 000 µJ = 30 J. dram 0: 4 000 000 µJ = 4 J; dram 1 wrapped:
            // (65 712 999 613 - 65 000 000 000) + 1 500 000 000 = 2 212 999 613 µJ = 2212.999613 J.
            // memory = 2216.999613 J; host = 2246.999613 J (1123.4998065 W over 2 s).
            Close(30, Joules(r, Component.Cpu));
            Close(2216.999613, Joules(r, Component.Memory));
            Close(2246.999613, Joules(r, Component.Host));
            Assert.Equal(CounterStatus.Advancing, ZoneAt(probe, "intel-rapl:0:0").Status);
            Assert.Equal(CounterStatus.Wrapped, ZoneAt(probe, "intel-rapl:1:0").Status);
        }

        [UnixFact]
        public void AnMmioMirrorOfAnMsrPackageIsCountedOnce()
        {
            using var tree = new PowercapTree()
                .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000)
                .Zone("intel-rapl:0:0", "core", PowercapTree.PackageMax, 1_000_000)
                .Zone("intel-rapl-mmio:0", "package-0", PowercapTree.PackageMax, 1_000_000);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 8_000_000);
            tree.Set("intel-rapl-mmio:0", 8_000_000);
            ProbeReadings r = Tick(probe, 1);

            // One package seen twice: 7 000 000 µJ = 7 J once, not 14 J.
            Close(7, Joules(r, Component.Cpu));
            Close(7, Joules(r, Component.Host));
            RaplZoneState mirror = ZoneAt(probe, "intel-rapl-mmio:0");
            Assert.Equal("intel-rapl:0", mirror.MirrorOf);
            Assert.Equal(CounterStatus.NotRead, mirror.Status);
            string[] paths = { "intel-rapl:0", "intel-rapl:0:0", "intel-rapl-mmio:0" };
            Assert.Equal(paths, probe.Zones.Select(z => z.Path));
        }

        [UnixFact]
        public void AnMmioPackageWithoutAnMsrTwinIsARealPackage()
        {
            using var tree = new PowercapTree().Zone("intel-rapl-mmio:0", "package-0", PowercapTree.PackageMax, 0);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl-mmio:0", 4_000_000);
            ProbeReadings r = Tick(probe, 1);

            // 4 000 000 µJ = 4 J.
            Close(4, Joules(r, Component.Cpu));
            Assert.Null(ZoneAt(probe, "intel-rapl-mmio:0").MirrorOf);
        }

        [UnixFact]
        public void AZoneRemovedMidSessionMakesItsComponentsMissingUntilItIsBackAndReBaselined()
        {
            using PowercapTree tree = TwoSockets();
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Remove("intel-rapl:1");
            ProbeReadings gone = Tick(probe, 1);
            CounterStatus whileGone = ZoneAt(probe, "intel-rapl:1").Status;
            tree.Zone("intel-rapl:1", "package-1", PowercapTree.PackageMax, 9_000_000);
            ProbeReadings back = Tick(probe, 1);
            CounterStatus afterReturn = ZoneAt(probe, "intel-rapl:1").Status;
            tree.Set("intel-rapl:0", 6_000_000);
            tree.Set("intel-rapl:1", 10_000_000);
            ProbeReadings again = Tick(probe, 1);

            // Without socket 1 the cpu and host sums would be plausible and wrong: both are missing, never
            // 0 W. Memory still has both dram zones (frozen: 0 J). When the zone returns its first read is
            // a baseline; the next interval is whole again: 5 000 000 + 1 000 000 µJ = 6 J.
            Assert.Equal(ReadingKind.Missing, gone.KindOf(Component.Cpu));
            Assert.Equal(ReadingKind.Missing, gone.KindOf(Component.Host));
            Assert.Equal(0.0, Joules(gone, Component.Memory));
            Assert.Equal(ReadingKind.Missing, back.KindOf(Component.Cpu));
            Assert.Equal(CounterStatus.Missing, whileGone);
            Assert.Equal(CounterStatus.Baseline, afterReturn);
            Close(6, Joules(again, Component.Cpu));
            Assert.Equal(CounterStatus.Advancing, ZoneAt(probe, "intel-rapl:1").Status);
        }

        [UnixFact]
        public void AZoneThatStopsAdvancingReadsAFlaggedZero()
        {
            using var tree = new PowercapTree().Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.Set("intel-rapl:0", 2_000_000);
            ProbeReadings moving = Tick(probe, 1);
            ProbeReadings frozen = Tick(probe, 1);

            // 1 J, then 0 J with the flag in the source; the zone says Frozen rather than Advancing.
            Close(1, Joules(moving, Component.Cpu));
            Assert.Equal(0.0, Joules(frozen, Component.Cpu));
            Assert.EndsWith("(a counter did not move)", frozen.SourceOf(Component.Cpu));
            Assert.Equal(CounterStatus.Frozen, ZoneAt(probe, "intel-rapl:0").Status);
        }

        [UnixTheory]
        [InlineData("garbage")]
        [InlineData("12x4")]
        [InlineData("")]
        [InlineData("-5")]
        [InlineData("99999999999999999999")]
        public void AGarbageValueMakesTheIntervalMissingAndTheNextValueABaseline(string garbage)
        {
            using var tree = new PowercapTree().Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            tree.SetText("intel-rapl:0", garbage);
            ProbeReadings bad = Tick(probe, 1);
            RaplZoneState invalid = ZoneAt(probe, "intel-rapl:0");
            tree.Set("intel-rapl:0", 5_000_000);
            ProbeReadings rebased = Tick(probe, 1);
            tree.Set("intel-rapl:0", 7_500_000);
            ProbeReadings good = Tick(probe, 1);

            // The garbage interval and the one after it have no trustworthy predecessor; then 2.5 J.
            Assert.Equal(ReadingKind.Missing, bad.KindOf(Component.Cpu));
            Assert.Equal(CounterStatus.Invalid, invalid.Status);
            Assert.Null(invalid.CounterMicrojoules);
            Assert.Equal(ReadingKind.Missing, rebased.KindOf(Component.Cpu));
            Close(2.5, Joules(good, Component.Cpu));
        }

        [UnixFact]
        public void ADecreaseWithAnUnreadableRangeIsInvalidNotAGuess()
        {
            using var tree = new PowercapTree().Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 9_000_000);
            using var probe = new RaplProbe(tree.Root, InterceptingReader.Denying("max_energy_range_uj"));
            probe.Start();

            tree.Set("intel-rapl:0", 1_000_000);
            ProbeReadings r = Tick(probe, 1);

            Assert.Equal(ReadingKind.Missing, r.KindOf(Component.Cpu));
            Assert.Equal(CounterStatus.Invalid, ZoneAt(probe, "intel-rapl:0").Status);
            Assert.Null(ZoneAt(probe, "intel-rapl:0").MaxEnergyRangeMicrojoules);
        }

        [Fact]
        public void NoPowercapTreeIsAPlainNoNotAnException()
        {
            string missing = Path.Combine(Path.GetTempPath(), "tracarbon-no-powercap-" + Guid.NewGuid().ToString("N"));
            using var probe = new RaplProbe(missing);

            ProbeAvailability availability = probe.CheckAvailability();
            var readings = new ProbeReadings();
            probe.Sample(1, readings);

            Assert.False(availability.Available);
            Assert.Contains("no powercap tree", availability.Reason);
            Assert.Contains(missing, availability.Reason);
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Cpu));
            Assert.Empty(probe.Zones);
        }

        [UnixFact]
        public void ATreeWithoutRaplZonesIsNotAvailable()
        {
            using var tree = new PowercapTree();
            Directory.CreateDirectory(Path.Combine(tree.Root, "dtpm:0"));
            using var probe = new RaplProbe(tree.Root);

            ProbeAvailability availability = probe.CheckAvailability();

            Assert.False(availability.Available);
            Assert.Contains("no intel-rapl zones", availability.Reason);
        }

        [UnixFact]
        public void C03_CountersReadableByRootOnlyMakeTheProbeUnavailableWithTheFix()
        {
            // The name stays readable; energy_uj and max_energy_range_uj answer as they do for a user.
            using var tree = new PowercapTree().Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000);
            using var probe = new RaplProbe(tree.Root, InterceptingReader.Denying("energy_uj", "max_energy_range_uj"));

            ProbeAvailability availability = probe.CheckAvailability();
            var start = Assert.Throws<InvalidOperationException>(() => probe.Start());
            tree.Set("intel-rapl:0", 2_000_000);
            ProbeReadings r = Tick(probe, 1);

            Assert.False(availability.Available);
            Assert.Contains("readable by root only", availability.Reason);
            string chmod = "sudo chmod a+r " + Path.Combine(tree.Root, "intel-rapl*:*") + "/energy_uj";
            Assert.Contains(chmod, availability.Fix);
            Assert.Contains("udev", availability.Fix);
            Assert.Contains("readable by root only", start.Message);
            Assert.Equal(ReadingKind.Missing, r.KindOf(Component.Cpu));
            Assert.Equal(ReadingKind.Missing, r.KindOf(Component.Host));
            RaplZoneState zone = Assert.Single(probe.Zones);
            Assert.Equal("package-0", zone.Name);
            Assert.Equal(CounterStatus.Missing, zone.Status);
        }

        [UnixFact]
        public void AnEnergyFileThatIsAFolderIsUnreadableNotACrash()
        {
            using var tree = new PowercapTree().Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000);
            string energy = Path.Combine(tree.Root, "intel-rapl:0", "energy_uj");
            File.Delete(energy);
            Directory.CreateDirectory(energy);
            using var probe = new RaplProbe(tree.Root);

            ProbeAvailability availability = probe.CheckAvailability();

            Assert.False(availability.Available);
            Assert.Contains("intel-rapl:0", availability.Reason);
        }

        [UnixFact]
        public void ATreeLinkedLikeSysfsIsReadOnceWhetherZonesAreLinkedAtTheTopOrNested()
        {
            // The kernel nests intel-rapl:0:0 inside intel-rapl:0 and links both at the top of the class.
            using var tree = new PowercapTree();
            string devices = Path.Combine(tree.Root, "devices");
            string package = Path.Combine(devices, "intel-rapl:0");
            string dram = Path.Combine(package, "intel-rapl:0:0");
            Directory.CreateDirectory(dram);
            TempTree.WriteAttribute(Path.Combine(package, "name"), "package-0");
            TempTree.WriteAttribute(Path.Combine(package, "max_energy_range_uj"), "262143328850");
            TempTree.WriteAttribute(Path.Combine(package, "energy_uj"), "1000000");
            TempTree.WriteAttribute(Path.Combine(dram, "name"), "dram");
            TempTree.WriteAttribute(Path.Combine(dram, "max_energy_range_uj"), "65712999613");
            TempTree.WriteAttribute(Path.Combine(dram, "energy_uj"), "1000000");
            Directory.CreateSymbolicLink(Path.Combine(tree.Root, "intel-rapl:0"), package);
            Directory.CreateSymbolicLink(Path.Combine(tree.Root, "intel-rapl:0:0"), dram);
            using var probe = new RaplProbe(tree.Root);
            probe.Start();

            TempTree.WriteAttribute(Path.Combine(package, "energy_uj"), "4000000");
            TempTree.WriteAttribute(Path.Combine(dram, "energy_uj"), "2000000");
            ProbeReadings r = Tick(probe, 1);

            // package 3 J + dram 1 J = 4 J; each zone listed once although reachable twice.
            Close(4, Joules(r, Component.Host));
            Assert.Equal(new[] { "intel-rapl:0", "intel-rapl:0:0" }, probe.Zones.Select(z => z.Path));
            Assert.Equal("intel-rapl:0", ZoneAt(probe, "intel-rapl:0:0").ParentPath);
        }
    }
}
