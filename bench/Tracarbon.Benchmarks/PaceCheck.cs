using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement.Rapl;
using Tracarbon.Tracking;

namespace Tracarbon.Benchmarks
{
    /// <summary>
    /// "pace": sessions on the real clock at a fixed rate, in this process, to take the 100 Hz figure of
    /// bench/cpu-per-tick.sh apart: the bare tick, the JSON exporter with queue 0, and the JSON exporter
    /// with the queue of 64 that Start-CarbonTracking asks for (the JSON exporter exports inline, so
    /// both run it on the sampling thread; the two rows show the noise). Each is measured as the
    /// process CPU clock over a window minus the same process idle over an equal window.
    /// </summary>
    internal static class PaceCheck
    {
        private const int ProcessCpuClock = 2; // CLOCK_PROCESS_CPUTIME_ID: every thread, the exited ones too.

        public static int Run(double hz, double seconds)
        {
            using var tree = new RaplFixture();
            string json = Path.Combine(Path.GetTempPath(), "tracarbon-pace-" + Guid.NewGuid().ToString("N") + ".jsonl");
            Console.WriteLine($"pace check: {hz} Hz, windows of {seconds} s after 1 s of warm-up, RAPL 6 counters");
            try
            {
                // Twice: the first pass also pays the JIT's second, optimising compile of what a
                // configuration runs for the first time (thirty calls in, on a background thread).
                foreach (string pass in new[] { "first", "again" })
                {
                    Measure("no exporter, " + pass, hz, seconds, tree, null, 0);
                    Measure("JSON inline (queue 0), " + pass, hz, seconds, tree, json, 0);
                    Measure("JSON, queue 64, " + pass, hz, seconds, tree, json, 64);
                }
            }
            finally
            {
                File.Delete(json);
            }

            return 0;
        }

        private static void Measure(string label, double hz, double seconds, RaplFixture tree, string? json, int queue)
        {
            double idle = CpuOver(seconds);
            var options = new SessionOptions
            {
                Name = "pace",
                IntervalSeconds = 1 / hz,
                Intensity = new FixedIntensityProvider(BenchSessions.France),
                ExportQueueCapacity = queue,
            };
            options.Probes.Add(new RaplProbe(tree.Root));
            if (json != null)
            {
                options.Exporters.Add(new JsonLinesExporter(json));
            }

            using var session = new TrackingSession(options);
            session.Start(background: true);
            Thread.Sleep(1000);
            long ticks = session.Ticks;
            double busy = CpuOver(seconds);
            ticks = session.Ticks - ticks;
            session.Stop();

            double net = busy - idle;
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "  {0,-30} {1,6} ticks | idle {2,7:0.000} ms | tracking {3,8:0.000} ms | {4,6:0.0} us CPU per tick | skipped {5}",
                label, ticks, idle * 1e3, busy * 1e3, net / ticks * 1e6, session.SkippedTicks));
        }

        private static double CpuOver(double seconds)
        {
            double before = ProcessCpu();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            return ProcessCpu() - before;
        }

        private static double ProcessCpu() =>
            clock_gettime(ProcessCpuClock, out TimeSpec t) == 0 ? t.Seconds + (t.Nanoseconds / 1e9) : double.NaN;

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int clock_gettime(int clock, out TimeSpec time);
    }
}
