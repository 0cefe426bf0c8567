using System;
using System.IO;
using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Measurement.AmdEnergy;
using Tracarbon.Platform;
using Tracarbon.Tracking;
using Xunit;
using static Tracarbon.Tests.Rapl.RaplCaseTests;

namespace Tracarbon.Tests.AmdEnergy
{
    public sealed class AmdEnergyProbeTests
    {
        /// <summary>Two sockets of two cores: energy1..4 are Ecore000..003, energy5/6 are Esocket0/1.</summary>
        private static HwmonTree TwoSockets() => new HwmonTree()
            .Counter(1, "Ecore000", 1_000_000)
            .Counter(2, "Ecore001", 2_000_000)
            .Counter(3, "Ecore002", 3_000_000)
            .Counter(4, "Ecore003", 4_000_000)
            .Counter(5, "Esocket0", 50_000_000_000)
            .Counter(6, "Esocket1", 60_000_000_000);

        private static AmdEnergyCounterState At(AmdEnergyProbe probe, string label) =>
            probe.Counters.Single(c => c.Label == label);

        [Fact]
        public void TwoSocketsAreTheCpuAndTheHostAndTheirCoresAreDetailOnly()
        {
            using HwmonTree tree = TwoSockets();
            using var probe = new AmdEnergyProbe(tree.Root, includeCores: true);
            probe.Start();

            tree.Set(1, 41_000_000);
            tree.Set(2, 32_000_000);
            tree.Set(3, 23_000_000);
            tree.Set(4, 14_000_000);
            tree.Set(5, 50_150_000_000);
            tree.Set(6, 60_110_000_000);
            ProbeReadings r = Tick(probe, 2);

            // Esocket0: 150 000 000 µJ = 150 J = 75 W over 2 s; Esocket1: 110 J = 55 W.
            // cpu = host = 260 J = 130 W. The cores (40 + 30 + 20 + 10 = 100 J) are inside the sockets.
            Close(260, Joules(r, Component.Cpu));
            Close(260, Joules(r, Component.Host));
            Close(75, At(probe, "Esocket0").PowerWatts);
            Close(55, At(probe, "Esocket1").PowerWatts);
            Close(20, At(probe, "Ecore000").PowerWatts);
            Assert.Equal(AmdEnergyCounterKind.Core, At(probe, "Ecore003").Kind);
            Assert.Equal(3, At(probe, "Ecore003").Index);
            Assert.Equal(1, At(probe, "Esocket1").Index);
            Assert.Equal("hwmon3/energy6_input", At(probe, "Esocket1").Path);
            Assert.Equal(ReadingKind.Missing, r.KindOf(Component.Memory));
        }

        [Fact]
        public void CoresAreNotReadUnlessAskedFor()
        {
            using HwmonTree tree = TwoSockets();
            using var probe = new AmdEnergyProbe(tree.Root);
            probe.Start();

            tree.Set(5, 50_001_000_000);
            tree.Set(6, 60_001_000_000);
            ProbeReadings r = Tick(probe, 1);

            // 1 000 000 µJ per socket = 2 J.
            Close(2, Joules(r, Component.Cpu));
            Assert.Equal(CounterStatus.NotRead, At(probe, "Ecore000").Status);
            Assert.Equal(CounterStatus.Advancing, At(probe, "Esocket0").Status);
        }

        [Fact]
        public void ADecreaseIsARestartThatLosesOneIntervalNotAWrapOrAHugeValue()
        {
            using HwmonTree tree = TwoSockets();
            using var probe = new AmdEnergyProbe(tree.Root);
            probe.Start();

            tree.Set(5, 3_000_000);
            tree.Set(6, 60_004_000_000);
            ProbeReadings restarted = Tick(probe, 1);
            tree.Set(5, 8_000_000);
            tree.Set(6, 60_006_000_000);
            ProbeReadings next = Tick(probe, 1);

            // Socket 0 went back: missing, and 3 000 000 µJ is the new baseline. Then 5 J + 2 J = 7 J.
            Assert.Equal(ReadingKind.Missing, restarted.KindOf(Component.Cpu));
            Assert.Equal(ReadingKind.Missing, restarted.KindOf(Component.Host));
            Close(7, Joules(next, Component.Cpu));
        }

        [Fact]
        public void AFrozenSocketIsAFlaggedZeroAndAMissingOneMakesTheCpuMissing()
        {
            using HwmonTree tree = TwoSockets();
            using var probe = new AmdEnergyProbe(tree.Root);
            probe.Start();

            tree.Set(6, 60_002_000_000);
            ProbeReadings frozen = Tick(probe, 1);
            tree.Remove(6);
            ProbeReadings missing = Tick(probe, 1);

            // Socket 0 did not move: 0 J; socket 1: 2 J; flagged. Then socket 1 is gone: no cpu at all.
            Close(2, Joules(frozen, Component.Cpu));
            Assert.EndsWith("(a counter did not move)", frozen.SourceOf(Component.Cpu));
            Assert.Equal(ReadingKind.Missing, missing.KindOf(Component.Cpu));
            Assert.Equal(CounterStatus.Missing, At(probe, "Esocket1").Status);
        }

        [Fact]
        public void WithoutTheDriverOrTheTreeTheAnswerIsAPlainNo()
        {
            using var noDriver = new HwmonTree(amdEnergy: false);
            string noTree = Path.Combine(Path.GetTempPath(), "tracarbon-no-hwmon-" + Guid.NewGuid().ToString("N"));
            using var noSockets = new HwmonTree().Counter(1, "Ecore000", 1);

            ProbeAvailability driver = new AmdEnergyProbe(noDriver.Root).CheckAvailability();
            ProbeAvailability tree = new AmdEnergyProbe(noTree).CheckAvailability();
            ProbeAvailability sockets = new AmdEnergyProbe(noSockets.Root).CheckAvailability();

            Assert.False(driver.Available);
            Assert.Contains("amd_energy", driver.Reason);
            Assert.False(tree.Available);
            Assert.Contains("no hwmon tree", tree.Reason);
            Assert.False(sockets.Available);
            Assert.Contains("no Esocket counter", sockets.Reason);
        }

        [Fact]
        public void CountersReadableByRootOnlyGiveTheReasonAndTheFix()
        {
            using HwmonTree tree = TwoSockets();
            var probe = new AmdEnergyProbe(
                tree.Root, includeCores: false, InterceptingReader.Denying("energy5_input", "energy6_input"));

            ProbeAvailability availability = probe.CheckAvailability();

            Assert.False(availability.Available);
            Assert.Contains("readable by root only", availability.Reason);
            Assert.Contains("sudo chmod a+r " + Path.Combine(tree.Device, "energy*_input"), availability.Fix);
            Assert.Throws<InvalidOperationException>(() => probe.Start());
            Assert.Equal(ReadingKind.Missing, Tick(probe, 1).KindOf(Component.Cpu));
        }

        [Fact]
        public void ASessionAddsUpTheSocketJoules()
        {
            using HwmonTree tree = TwoSockets();
            var clock = new ManualClock();
            using var session = new TrackingSession(Sessions.Options(clock, 2, new AmdEnergyProbe(tree.Root)));
            session.Start(background: false);

            ulong s0 = 50_000_000_000, s1 = 60_000_000_000;
            for (int k = 1; k <= 5; k++)
            {
                s0 += 123_456_789;
                s1 += 98_765_432;
                tree.Set(5, s0);
                tree.Set(6, s1);
                session.RunUntil(2 * k);
            }

            ComponentReport cpu = session.Stop().Single(c => c.Component == Component.Cpu);

            // 5 x (123.456789 + 98.765432) J = 5 x 222.222221 J = 1111.111105 J over 10 s = 111.1111105 W.
            Close(1111.111105, cpu.EnergyJoules);
            Close(111.1111105, cpu.AveragePowerWatts);
        }

        [Fact]
        public void SteadyStateSamplesAllocateNothing()
        {
            using HwmonTree tree = TwoSockets();
            using var probe = new AmdEnergyProbe(tree.Root, includeCores: true);
            if (!(CounterFileReader.CreateDefault() is NativeCounterFileReader))
            {
                // The portable reader allocates a FileStream per read; only the native one is held to 0.
                return;
            }

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

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Fact]
        public void LabelsAreMatchedAsPrefixAndNumberOnly()
        {
            Assert.Equal(AmdEnergyCounterKind.Socket, AmdEnergyCounter.Classify("Esocket0", out int socket));
            Assert.Equal(0, socket);
            Assert.Equal(AmdEnergyCounterKind.Core, AmdEnergyCounter.Classify("Ecore127", out int core));
            Assert.Equal(127, core);
            Assert.Equal(AmdEnergyCounterKind.Other, AmdEnergyCounter.Classify("Esocket", out _));
            Assert.Equal(AmdEnergyCounterKind.Other, AmdEnergyCounter.Classify("XEcore1", out _));
            Assert.Equal(AmdEnergyCounterKind.Other, AmdEnergyCounter.Classify("Ecore1a", out _));
            Assert.Equal(AmdEnergyProbe.DefaultRoot, AmdEnergyProbe.RootFrom(""));
            Assert.Equal("/x", AmdEnergyProbe.RootFrom("/x"));
        }
    }
}
