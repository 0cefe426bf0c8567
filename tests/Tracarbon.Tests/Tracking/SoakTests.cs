using System;
using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Tracking
{
    public sealed class SoakTests
    {
        [Fact]
        public void ASimulatedWeekOfOneSecondTicksIsExactToTheJouleWithFlatMemoryAndNoDrift()
        {
            // A counter probe whose energy per interval cycles through 0.000001 J .. 7 J: small terms a
            // plain double sum would lose against a large total.
            var clock = new ManualClock();
            double[] pattern = { 0.000001, 7, 3.25, 0, 1.5 };
            double expected = 0;
            int k = 0;
            var probe = new ScriptedProbe((dt, r) =>
            {
                double joules = pattern[k++ % pattern.Length];
                r.SetEnergy(Component.Cpu, joules, "counter");
            });
            const int week = 7 * 24 * 3600;
            for (int i = 0; i < week; i++)
            {
                expected += pattern[i % pattern.Length];
            }

            var options = Sessions.Options(clock, 1, probe);
            options.ExportQueueCapacity = 0;
            using var session = new TrackingSession(options);
            double lastTick = 0;
            session.Sampled += (_, s) => lastTick = clock.Now;
            session.Start(background: false);
            session.RunUntil(3600 * 2);
            long before = GC.GetAllocatedBytesForCurrentThread();
            session.RunUntil(week);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            ComponentReport cpu = session.Stop().Single(r => r.Component == Component.Cpu);

            // 604 800 intervals; the total is exact to well under a joule (here to 1e-6 J), memory did
            // not grow past the history ring, and the last tick fell exactly on the grid.
            Assert.Equal(week, cpu.Samples);
            Assert.Equal(expected, cpu.EnergyJoules, 1e-6);
            Assert.True(allocated < 4096, $"{allocated} bytes over a simulated week");
            Assert.Equal(week, lastTick);
            Assert.Equal(0, session.SkippedTicks);
        }

        [Fact]
        public void TheWallClockJumpingLeavesTheScheduleAndTimestampsMonotonic()
        {
            var clock = new ManualClock();
            var stamps = new System.Collections.Generic.List<DateTimeOffset>();
            var probe = ScriptedProbe.ConstantPower(1);
            var options = Sessions.Options(clock, 1, probe);
            using var session = new TrackingSession(options);
            session.Sampled += (_, s) => stamps.Add(s.Timestamp);

            session.Start(background: false);
            session.RunUntil(3);
            clock.WallNow += TimeSpan.FromHours(1);
            session.RunUntil(5);
            clock.WallNow -= TimeSpan.FromHours(2);
            session.RunUntil(7);
            var report = session.Stop();

            // Timestamps follow the monotonic clock from the start's wall reading: one second apart.
            DateTimeOffset start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            Assert.Equal(Enumerable.Range(1, 7).Select(i => start.AddSeconds(i)), stamps);
            Assert.Equal(7, report[0].DurationSeconds);
            Assert.Equal(start.AddSeconds(7), report[0].EndTime);
        }
    }
}
