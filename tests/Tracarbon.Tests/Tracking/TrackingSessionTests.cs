using System;
using System.Collections.Generic;
using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Tracking
{
    public sealed class TrackingSessionTests
    {
        private const double Relative = 1e-9;

        private static ComponentReport Row(IReadOnlyList<ComponentReport> report, Component c) =>
            report.Single(r => r.Component == c);

        [Fact]
        public void ASimulatedDayOfOneSecondTicksAddsUpExactlyWithoutDrift()
        {
            var clock = new ManualClock();
            var tickTimes = new List<double>();
            var probe = new ScriptedProbe((dt, r) => r.SetPower(Component.Cpu, 10, "ten watts"));
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));
            session.Sampled += (_, s) => tickTimes.Add(clock.Now);

            session.Start(background: false);
            session.RunUntil(86_400);
            var report = session.Stop();

            // 86 400 intervals of 1 s at 10 W = 864 000 J = 0.24 kWh; at 100 g/kWh = 24 g.
            ComponentReport cpu = Row(report, Component.Cpu);
            Assert.Equal(86_400, cpu.Samples);
            Assert.Equal(864_000, cpu.EnergyJoules, 864_000 * Relative);
            Assert.Equal(0.24, cpu.EnergyKilowattHours, 0.24 * Relative);
            Assert.Equal(24, cpu.EmissionsGrams, 24 * Relative);
            Assert.Equal(10, cpu.AveragePowerWatts!.Value, 10 * Relative);
            Assert.Equal(86_400, cpu.DurationSeconds);
            Assert.Equal(86_400, tickTimes[tickTimes.Count - 1]);
            Assert.Equal(12_345, tickTimes[12_344]);
        }

        [Fact]
        public void SteadyStateTicksAllocateNothingSoMemoryDoesNotGrow()
        {
            var clock = new ManualClock();
            var probe = new ScriptedProbe((dt, r) => r.SetPower(Component.Cpu, 10, "ten watts"));
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));
            session.Start(background: false);

            // Past the 3600 samples of history, whose slots are made as the ring first fills.
            session.RunUntil(4000);
            long before = GC.GetAllocatedBytesForCurrentThread();
            session.RunUntil(104_000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            // 100 000 ticks; a per-tick allocation of even one small object would be > 2 MB.
            Assert.True(allocated < 4096, $"{allocated} bytes allocated over 100 000 ticks");
        }

        [Fact]
        public void SlowTicksNeverOverlapAndTheirIntervalsCoverTheWholeRun()
        {
            // C-23 A: interval 1 s, each payload 2.4 s, run 24 s.
            var clock = new ManualClock();
            int running = 0;
            int maxRunning = 0;
            var intervals = new List<double>();
            var probe = new ScriptedProbe((dt, r) =>
            {
                maxRunning = Math.Max(maxRunning, ++running);
                intervals.Add(dt);
                r.SetPower(Component.Cpu, 1, "one watt");
                clock.Now += 2.4;
                running--;
            });
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));

            session.Start(background: false);
            session.RunUntil(24);
            var report = session.Stop();

            // Ticks at 1, 4, 7, ..., 22 (8 payloads, each skipping the two due times it ran over), the
            // last one ending at 24.4 s; the stop's sample then covers 22 -> 24.4. Intervals: 1, 7 x 3, 2.4.
            Assert.Equal(1, maxRunning);
            Assert.True(intervals.Count <= 10, $"{intervals.Count} payloads");
            Assert.Equal(new[] { 1.0, 3, 3, 3, 3, 3, 3, 3, 2.4 }, intervals.Select(i => Math.Round(i, 9)));
            Assert.Equal(report[0].DurationSeconds, intervals.Sum(), 1e-9);
            Assert.Equal(16, session.SkippedTicks);
        }

        [Fact]
        public void EnergyAndEmissionsAddUpExactlyOverIrregularIntervals()
        {
            var clock = new ManualClock();
            double[] joules = { 5, 0, 12.5, 3.25, 0.125 };
            double[] costs = { 0, 1.7, 0, 0.3, 0 };
            int k = 0;
            var probe = new ScriptedProbe((dt, r) =>
            {
                r.SetEnergy(Component.Cpu, joules[k], "counter");
                clock.Now += costs[k];
                k++;
            });
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));

            session.Start(background: false);
            session.RunUntil(4.5);
            clock.Now = 5.2;
            var report = session.Stop();

            // Ticks at 1, 2 (its payload ends at 3.7, so 3 is skipped) and 4; the run ends at 4.5 and the
            // stop's sample covers 4 -> 5.2. Intervals 1, 1, 2, 1.2 s; energy 5 + 0 + 12.5 + 3.25 = 20.75 J.
            ComponentReport cpu = Row(report, Component.Cpu);
            Assert.Equal(4, cpu.Samples);
            Assert.Equal(20.75, cpu.EnergyJoules, 1e-12);
            Assert.Equal(20.75 / 3.6e6 * 100, cpu.EmissionsGrams, 1e-15);
            Assert.Equal(20.75 / 5.2, cpu.AveragePowerWatts!.Value, 1e-12);
            Assert.Equal(12.5 / 2, cpu.MaximumPowerWatts!.Value, 1e-12);
            Assert.Equal(0, cpu.MinimumPowerWatts!.Value);
        }

        [Fact]
        public void ReportAveragePowerIsEnergyOverTimeNotTheLastSample()
        {
            // C-20: 6.0, 7.0, 6.5 and 0.5 W over four 1 s intervals = 20 J; 20 J / 4 s = 5.0 W.
            var clock = new ManualClock();
            double[] watts = { 6.0, 7.0, 6.5, 0.5 };
            int k = 0;
            var probe = new ScriptedProbe((dt, r) => r.SetPower(Component.Gpu, watts[k++], "gpu"), Component.Gpu);
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));

            session.Start(background: false);
            session.RunUntil(4);
            ComponentReport gpu = Row(session.Stop(), Component.Gpu);

            Assert.Equal(20, gpu.EnergyJoules, 1e-12);
            Assert.Equal(5.0, gpu.AveragePowerWatts!.Value, 1e-12);
            Assert.Equal(0.5, gpu.MinimumPowerWatts);
            Assert.Equal(7.0, gpu.MaximumPowerWatts);
        }

        [Fact]
        public void ASessionShorterThanOneIntervalStillMeasuresItsWholeLength()
        {
            var clock = new ManualClock { Now = 100 };
            var probe = ScriptedProbe.ConstantPower(20);
            using var session = new TrackingSession(Sessions.Options(clock, 60, probe));

            session.Start(background: false);
            clock.Now = 107.5;
            var report = session.Stop();

            // One 7.5 s interval at 20 W = 150 J.
            ComponentReport cpu = Row(report, Component.Cpu);
            Assert.Equal(1, cpu.Samples);
            Assert.Equal(150, cpu.EnergyJoules, 1e-12);
            Assert.Equal(7.5, cpu.DurationSeconds, 1e-12);
        }

        [Fact]
        public void AStopAtTheStartInstantDividesByNothing()
        {
            // C-19: no time elapsed on the monotonic clock: no sample, no NaN, no exception.
            var clock = new ManualClock();
            var probe = new ScriptedProbe((dt, r) => r.SetEnergy(Component.Cpu, 0.045, "counter"));
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));

            session.Start(background: false);
            ComponentReport cpu = Row(session.Stop(), Component.Cpu);

            Assert.Equal(0, probe.Calls);
            Assert.Equal(0, cpu.Samples);
            Assert.Null(cpu.AveragePowerWatts);
            Assert.Equal(0, cpu.EnergyJoules);
        }

        [Fact]
        public void HostIsTheSumOfItsPartsWhenNoProbeReadsIt()
        {
            var clock = new ManualClock();
            var probe = new ScriptedProbe(
                (dt, r) =>
                {
                    r.SetPower(Component.Cpu, 7.5, "cpu model");
                    r.SetPower(Component.Memory, 1.5, "memory model");
                },
                Component.Cpu,
                Component.Memory);
            using var session = new TrackingSession(Sessions.Options(clock, 2, probe));

            session.Start(background: false);
            session.RunUntil(10);
            var report = session.Stop();

            // Five 2 s intervals: (7.5 + 1.5) W x 10 s = 90 J.
            Assert.Equal(90, Row(report, Component.Host).EnergyJoules, 1e-12);
            Assert.Equal("sum of Cpu + Memory", Row(report, Component.Host).PowerSource);
            Assert.Equal(new[] { Component.Host, Component.Cpu, Component.Memory }, report.Select(r => r.Component));
        }

        [Fact]
        public void AProbeThatThrowsIsCountedAndTheSessionGoesOn()
        {
            var clock = new ManualClock();
            int n = 0;
            var probe = new ScriptedProbe((dt, r) =>
            {
                if (n++ % 2 == 1)
                {
                    throw new System.IO.IOException("zone vanished");
                }

                r.SetPower(Component.Cpu, 4, "counter");
            });
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));

            session.Start(background: false);
            session.RunUntil(10);
            ComponentReport cpu = Row(session.Stop(), Component.Cpu);

            // Ten intervals, every second one failed: 5 x 4 J; the failures are missing, not 0 W.
            Assert.Equal(5, cpu.Samples);
            Assert.Equal(5, cpu.MissingIntervals);
            Assert.Equal(20, cpu.EnergyJoules, 1e-12);
            Assert.Equal(4, cpu.MinimumPowerWatts);
            Assert.Equal(5, cpu.Errors);
            Assert.Contains("zone vanished", cpu.ErrorMessages);
            Assert.Single(session.Errors.Messages);
        }

        [Fact]
        public void AnExporterThatThrowsIsCountedAndOthersStillReceiveEverySample()
        {
            var clock = new ManualClock();
            var failing = new RecordingExporter { FailWhen = i => true };
            var healthy = new RecordingExporter();
            var options = Sessions.Options(clock, 1, ScriptedProbe.ConstantPower(3));
            options.Exporters.Add(failing);
            options.Exporters.Add(healthy);
            using var session = new TrackingSession(options);

            session.Start(background: false);
            session.RunUntil(6);
            clock.Now = 6.5;
            var report = session.Stop();

            Assert.Equal(7, healthy.Records.Count);
            Assert.True(healthy.Records[6].Final);
            Assert.Equal(0.5 * 3, healthy.Records[6].HostJoules, 1e-12);
            Assert.Equal(7, Row(report, Component.Cpu).Errors);
        }

        [Fact]
        public void StartingTwiceFailsAndStoppingTwiceReturnsTheSameReport()
        {
            var clock = new ManualClock();
            using var session = new TrackingSession(Sessions.Options(clock, 1, ScriptedProbe.ConstantPower(1)));
            session.Start(background: false);

            Assert.Throws<InvalidOperationException>(() => session.Start(background: false));
            clock.Now = 3;
            var first = session.Stop();
            Assert.Same(first, session.Stop());
            Assert.Equal(SessionState.Stopped, session.State);
        }

        [Fact]
        public void AWholeMachineReadingGetsTheGpuItDoesNotIncludeAddedOnce()
        {
            // A RAPL-like probe: psys 10 W covering the package (6 W) and dram (2 W); a GPU probe 5 W.
            var clock = new ManualClock();
            var rapl = new ScriptedProbe(
                (dt, r) =>
                {
                    r.SetEnergy(Component.Host, 10 * dt, "psys");
                    r.SetEnergy(Component.Cpu, 6 * dt, "packages");
                    r.SetEnergy(Component.Memory, 2 * dt, "dram");
                },
                Component.Host,
                Component.Cpu,
                Component.Memory);
            var gpu = new ScriptedProbe((dt, r) => r.SetPower(Component.Gpu, 5, "nvidia-smi"), Component.Gpu);
            using var session = new TrackingSession(Sessions.Options(clock, 1, rapl, gpu));

            session.Start(background: false);
            session.RunUntil(4);
            var report = session.Stop();

            // Host = psys 10 W + GPU 5 W = 15 W over 4 s = 60 J; never psys + package + dram.
            Assert.Equal(60, Row(report, Component.Host).EnergyJoules, 1e-12);
            Assert.Equal(24, Row(report, Component.Cpu).EnergyJoules, 1e-12);
            Assert.Equal(20, Row(report, Component.Gpu).EnergyJoules, 1e-12);
            Assert.Equal("psys + other parts", Row(report, Component.Host).PowerSource);
        }

        [Fact]
        public void AnIntervalTheMeasuredProbeMissesIsFilledByTheNextProbeAndSaysSo()
        {
            var clock = new ManualClock();
            int n = 0;
            var measured = new ScriptedProbe(
                (dt, r) =>
                {
                    if (n++ != 1)
                    {
                        r.SetEnergy(Component.Cpu, 20 * dt, "rapl");
                    }
                });
            var estimate = ScriptedProbe.ConstantPower(8);
            var exporter = new RecordingExporter();
            var options = Sessions.Options(clock, 1, measured, estimate);
            options.Exporters.Add(exporter);
            using var session = new TrackingSession(options);

            session.Start(background: false);
            session.RunUntil(3);
            ComponentReport cpu = Row(session.Stop(), Component.Cpu);

            // 20 J + 8 J (estimated while the counter was unreadable) + 20 J.
            Assert.Equal(48, cpu.EnergyJoules, 1e-12);
            Assert.Equal(new double?[] { 20, 8, 20 }, exporter.Records.Select(r => r.CpuWatts));
            Assert.Equal(0, cpu.MissingIntervals);
        }

        [Fact]
        public void AHostMissingOneOfItsPartsIsMissingNotLow()
        {
            // The CPU cannot be read in the second interval: the host is not memory alone then.
            var clock = new ManualClock();
            int n = 0;
            var probe = new ScriptedProbe(
                (dt, r) =>
                {
                    if (n++ != 1)
                    {
                        r.SetPower(Component.Cpu, 10, "cpu");
                    }

                    r.SetPower(Component.Memory, 1, "memory");
                },
                Component.Cpu,
                Component.Memory);
            using var session = new TrackingSession(Sessions.Options(clock, 1, probe));

            session.Start(background: false);
            session.RunUntil(3);
            var report = session.Stop();

            // Host: intervals 1 and 3 only, (10 + 1) W x 2 s = 22 J; memory: 3 J over all three.
            Assert.Equal(22, Row(report, Component.Host).EnergyJoules, 1e-12);
            Assert.Equal(1, Row(report, Component.Host).MissingIntervals);
            Assert.Equal(3, Row(report, Component.Memory).EnergyJoules, 1e-12);
        }

        [Fact]
        public void AConstantIntensityIsReportedExactly()
        {
            var clock = new ManualClock();
            var options = Sessions.Options(clock, 0.1, ScriptedProbe.ConstantPower(3.3));
            options.Intensity = new Tracarbon.Carbon.FixedIntensityProvider(
                new Tracarbon.Carbon.IntensityValue(56.039, "FR", "table"));
            using var session = new TrackingSession(options);

            session.Start(background: false);
            session.RunUntil(7.3);

            // emissions / kWh would give 56.038999999999994; the report keeps the exact value.
            Assert.All(session.Stop(), r => Assert.Equal(56.039, r.IntensityGramsPerKilowattHour));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(double.NaN)]
        [InlineData(0.009)]
        [InlineData(86_401)]
        public void IntervalsOutsideTheSupportedRangeAreRefused(double interval)
        {
            var options = Sessions.Options(new ManualClock(), 1, ScriptedProbe.ConstantPower(1));
            options.IntervalSeconds = interval;

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TrackingSession(options));
            Assert.Equal("IntervalSeconds", ex.ParamName);
        }
    }
}
