using System;
using System.Linq;
using System.Threading;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Platform;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Export
{
    public sealed class ExportPipelineTests
    {
        /// <summary>An exporter that blocks until released, then records what it got.</summary>
        private sealed class BlockingExporter : Exporter
        {
            public ManualResetEventSlim Release { get; } = new ManualResetEventSlim(false);

            public int Exported;

            public int Concurrent;

            public int MaxConcurrent;

            public override string Name => "Blocking";

            public override void Export(Sample sample)
            {
                int now = Interlocked.Increment(ref Concurrent);
                MaxConcurrent = Math.Max(MaxConcurrent, now);
                Release.Wait(TimeSpan.FromSeconds(30));
                Interlocked.Increment(ref Exported);
                Interlocked.Decrement(ref Concurrent);
            }
        }

        [Fact]
        public void ABlockedExporterNeitherDelaysTicksNorGrowsTheQueueAndDropsAreReported()
        {
            // Real clock, 20 ms interval; the exporter blocks for the first 10+ intervals.
            var exporter = new BlockingExporter();
            var options = Sessions.Options(SystemTickClock.Instance, 0.02, ScriptedProbe.ConstantPower(1));
            options.Exporters.Add(exporter);
            options.ExportQueueCapacity = 4;
            using var session = new TrackingSession(options);

            session.Start();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (session.Ticks < 12 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }

            long ticksWhileBlocked = session.Ticks;
            exporter.Release.Set();
            var report = session.Stop();

            // The sampler kept ticking while the exporter was stuck; the ring held 4 plus the one in
            // the exporter's hands, and every other sample was dropped, counted and reported.
            Assert.True(ticksWhileBlocked >= 12, $"{ticksWhileBlocked} ticks");
            ComponentReport cpu = report.Single(r => r.Component == Component.Cpu);
            long dropped = cpu.Samples - exporter.Exported;
            Assert.True(dropped >= ticksWhileBlocked - 5, $"{dropped} dropped of {cpu.Samples}");
            Assert.Equal(dropped, session.Errors.CountFor("export queue"));
            Assert.Contains("dropped", cpu.ErrorMessages);
            Assert.Equal(1, exporter.MaxConcurrent);
        }

        [Fact]
        public void QueuedSamplesAreAllExportedBeforeStopReturns()
        {
            var clock = new ManualClock();
            var exporter = new RecordingExporter();
            var options = Sessions.Options(clock, 1, ScriptedProbe.ConstantPower(2));
            options.Exporters.Add(exporter);
            options.ExportQueueCapacity = 64;
            using var session = new TrackingSession(options);

            session.Start(background: false);
            session.RunUntil(50);
            clock.Now = 50.5;
            session.Stop();

            // 50 ticks and the stop's sample, in order, none dropped (the ring holds 64).
            Assert.Equal(51, exporter.Records.Count);
            Assert.Equal(Enumerable.Repeat(2.0, 51).Cast<double?>(), exporter.Records.Select(r => r.CpuWatts));
            Assert.True(exporter.Records[50].Final);
        }

        [Fact]
        public void TicksWithAnExporterAllocateNothingInSteadyState()
        {
            var clock = new ManualClock();
            var options = Sessions.Options(clock, 1, ScriptedProbe.ConstantPower(2));
            options.Exporters.Add(new NullExporter());
            options.ExportQueueCapacity = 0;
            using var session = new TrackingSession(options);
            session.Start(background: false);

            long allocated = Sessions.AllocatedTicking(session, 4000, 14_000);

            Assert.True(allocated < 1024, $"{allocated} bytes over 10 000 ticks");
        }

        [Fact]
        public void CheapExportersRunOnTheTickingThreadEvenBesideOneThatMayBlock()
        {
            // Files and in-memory state export inline even with a queue: a thread hop a tick costs more,
            // and an exporter that may block (a network, a script block) must not hold them up.
            var cheap = new ThreadNotingExporter(inline: true);
            RunFiveTicks(cheap);

            var cheapBeside = new ThreadNotingExporter(inline: true);
            var mayBlock = new ThreadNotingExporter(inline: false);
            RunFiveTicks(cheapBeside, mayBlock);

            int ticking = Environment.CurrentManagedThreadId;
            Assert.Equal(Enumerable.Repeat(ticking, 5), cheap.Threads);
            Assert.Equal(Enumerable.Repeat(ticking, 5), cheapBeside.Threads);
            Assert.Equal(5, mayBlock.Threads.Count);
            Assert.DoesNotContain(ticking, mayBlock.Threads);
            Assert.Single(mayBlock.Threads.Distinct());
        }

        /// <summary>
        /// An exporter whose every call waits for <paramref name="release"/> (at most 30 s); letting go of it
        /// (the session's dispose after the stop timeout) releases the call, after noting it in
        /// <paramref name="closed"/>.
        /// </summary>
        private static CallbackExporter Stuck(ManualResetEventSlim release, Action? closed = null) =>
            new CallbackExporter(
                "Stuck", "stuck", _ => release.Wait(TimeSpan.FromSeconds(30)), open: null, close: () =>
                {
                    closed?.Invoke();
                    release.Set();
                });

        [Fact]
        public void SamplesAnExporterHeldPastTheStopTimeoutAreCountedInEveryRowsErrors()
        {
            var clock = new ManualClock();
            using var release = new ManualResetEventSlim();
            var options = Sessions.Options(clock, 1, ScriptedProbe.ConstantPower(3));
            options.ExportQueueCapacity = 8;
            options.StopTimeout = TimeSpan.FromMilliseconds(200);
            bool closed = false;
            options.Exporters.Add(Stuck(release, () => closed = true));
            using var session = new TrackingSession(options);

            session.Start(background: false);
            session.RunUntil(3);
            clock.Now = 3.5;
            var report = session.Stop();

            // Ticks at 1, 2 and 3 s and the stop's sample: 4 samples, the first stuck in the exporter and 3
            // behind it, none exported. Each is one error on every row (none says 0), and what the exporter
            // throws once it is let go (its close hook ran, so its call could return) is not counted again.
            Assert.All(report, row => Assert.Equal(4, row.Errors));
            Assert.Contains(
                "exporters did not finish within 0.2 s",
                report.Single(r => r.Component == Component.Host).ErrorMessages);
            Assert.True(closed);
        }

        [Fact]
        public void AnExporterStuckPastTheStopTimeoutLosesOnlyItsOwnSamples()
        {
            var file = new ThreadNotingExporter(inline: true);
            using var release = new ManualResetEventSlim();
            var options = Sessions.Options(new ManualClock(), 1, ScriptedProbe.ConstantPower(2));
            options.ExportQueueCapacity = 64;
            options.StopTimeout = TimeSpan.FromMilliseconds(200);
            options.Exporters.Add(file);
            options.Exporters.Add(Stuck(release));
            using var session = new TrackingSession(options);

            session.Start(background: false);
            session.RunUntil(5);
            session.Stop();

            // The inline exporter got the 5 ticks, as it would alone (the stop at 5 s adds no sample); the
            // stuck one lost all 5, one queue error each, and nothing more once it was let go.
            Assert.Equal(5, file.Threads.Count);
            Assert.Equal(5, session.Errors.Total);
            Assert.Equal(5, session.Errors.CountFor(ExportPipeline.QueueOrigin));
        }

        private static void RunFiveTicks(params Exporter[] exporters)
        {
            var options = Sessions.Options(new ManualClock(), 1, ScriptedProbe.ConstantPower(2));
            options.ExportQueueCapacity = 64;
            foreach (Exporter exporter in exporters)
            {
                options.Exporters.Add(exporter);
            }

            using var session = new TrackingSession(options);
            session.Start(background: false);
            session.RunUntil(5);
            session.Stop();
        }

        /// <summary>Notes the thread each export ran on.</summary>
        private sealed class ThreadNotingExporter : Exporter
        {
            private readonly bool _inline;

            public ThreadNotingExporter(bool inline)
            {
                _inline = inline;
            }

            public System.Collections.Generic.List<int> Threads { get; } = new System.Collections.Generic.List<int>();

            public override string Name => "Threads";

            internal override bool ExportsInline => _inline;

            public override void Export(Sample sample)
            {
                lock (Threads)
                {
                    Threads.Add(Environment.CurrentManagedThreadId);
                }
            }
        }

        private sealed class NullExporter : Exporter
        {
            public override string Name => "Null";

            public override void Export(Sample sample)
            {
            }
        }
    }
}
