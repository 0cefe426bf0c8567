using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Tracarbon.Measurement;
using Tracarbon.Platform;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Tracking
{
    public sealed class SamplingThreadTests
    {
        [Fact]
        public void AStopDuringAHeldTickEndsTheThreadAndNothingRunsAfterIt()
        {
            // C-22: hold one tick inside its payload, stop from another thread, release the tick.
            int calls = 0;
            using var inPayload = new ManualResetEventSlim(false);
            using var release = new ManualResetEventSlim(false);
            var probe = new ScriptedProbe((dt, r) =>
            {
                int n = Interlocked.Increment(ref calls);
                r.SetPower(Component.Cpu, 1, "one watt");
                if (n == 3)
                {
                    inPayload.Set();
                    release.Wait(TimeSpan.FromSeconds(10));
                }
            });
            var options = Sessions.Options(SystemTickClock.Instance, 0.05, probe);
            var session = new TrackingSession(options);
            session.Start();
            Assert.True(inPayload.Wait(TimeSpan.FromSeconds(10)), "the third tick never came");
            Assert.True(session.SamplingThreadAlive);

            System.Collections.Generic.IReadOnlyList<ComponentReport>? report = null;
            var stopper = new Thread(() => report = session.Stop());
            stopper.Start();
            Assert.False(stopper.Join(200), "Stop returned while a tick was still in flight");
            release.Set();
            Assert.True(stopper.Join(TimeSpan.FromSeconds(10)), "Stop did not return");

            int afterStop = Volatile.Read(ref calls);
            Thread.Sleep(400);

            // 3 ticks plus the stop's own sample; a re-armed timer would add about 0.4 / 0.05 = 8 more.
            Assert.Equal(4, afterStop);
            Assert.Equal(afterStop, Volatile.Read(ref calls));
            Assert.False(session.SamplingThreadAlive);
            Assert.Equal(4, report!.Single(r => r.Component == Component.Cpu).Samples);
        }

        [Fact]
        public void TheBackgroundThreadTicksOnTheRealClock()
        {
            var probe = ScriptedProbe.ConstantPower(2);
            using var session = new TrackingSession(Sessions.Options(SystemTickClock.Instance, 0.02, probe));

            session.Start();
            var wait = Stopwatch.StartNew();
            while (session.Ticks < 5 && wait.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(10);
            }

            var report = session.Stop();
            ComponentReport cpu = report.Single(r => r.Component == Component.Cpu);

            // Energy is 2 W times the measured duration, whatever the machine's jitter was.
            Assert.True(cpu.Samples >= 6, $"{cpu.Samples} samples");
            Assert.Equal(2 * cpu.DurationSeconds, cpu.EnergyJoules, 1e-9);
            Assert.True(probe.Disposed);

            // The session's own cost is measured on its thread: present, positive, and far below the
            // wall time it ran for (it sleeps between ticks).
            Assert.NotNull(cpu.OverheadCpuSeconds);
            Assert.True(cpu.OverheadCpuSeconds > 0, $"{cpu.OverheadCpuSeconds}");
            Assert.True(cpu.OverheadCpuSeconds < cpu.DurationSeconds, $"{cpu.OverheadCpuSeconds}");
        }

        [Fact]
        public void TheRealClocksShortWaitEndsNoEarlierThanDueAndAStopAlreadyAskedEndsItFalse()
        {
            // Waits of up to 50 ms sleep without watching the stop handle (one system call on Linux);
            // they must still end at or after the due time, and report a stop asked before or during.
            var clock = SystemTickClock.Instance;
            using var stop = new ManualResetEvent(false);

            double[] dues = { clock.Now + 0.002, clock.Now + 0.02, clock.Now + 0.04 };
            foreach (double due in dues)
            {
                Assert.True(clock.WaitUntil(due, stop));
                Assert.True(clock.Now >= due, $"woke {due - clock.Now} s early");
            }

            stop.Set();
            Assert.False(clock.WaitUntil(clock.Now + 0.01, stop));
            Assert.False(clock.WaitUntil(clock.Now - 1, stop));
        }
    }
}
