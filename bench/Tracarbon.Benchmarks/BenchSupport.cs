using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Platform;
using Tracarbon.Tracking;

namespace Tracarbon.Benchmarks
{
    /// <summary>
    /// A short job, in process: this machine has 2 shared cores, and a default job per benchmark (a
    /// generated project built per class, 15+ iterations) would take most of an hour. Eight measured
    /// iterations of a quarter second each, after three warm-ups, give a median with an error bar.
    /// </summary>
    public sealed class ShortConfig : ManualConfig
    {
        public ShortConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(8)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
                .WithId("Short"));
            AddDiagnoser(MemoryDiagnoser.Default);
            AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
            SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Value);
            Options |= ConfigOptions.DisableLogFile;
        }
    }

    /// <summary>
    /// A clock that jumps to each due time at once, as the tests' ManualClock: ticks run back to back,
    /// so a benchmark measures the tick's work and not the time between ticks.
    /// </summary>
    internal sealed class JumpingClock : ITickClock
    {
        public double Now { get; private set; }

        public DateTimeOffset WallNow { get; } = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public bool WaitUntil(double due, WaitHandle stop)
        {
            if (stop.WaitOne(0))
            {
                return false;
            }

            if (due > Now)
            {
                Now = due;
            }

            return true;
        }
    }

    /// <summary>
    /// A powercap tree in a temp folder: 2 packages, each with a core and a dram sub-zone, 6 energy
    /// counters in all, laid out as the kernel shows them (every zone linked at the top). The counters
    /// hold 12-digit values, as a machine that has run for a while shows; they do not move.
    /// </summary>
    internal sealed class RaplFixture : IDisposable
    {
        private const ulong PackageMax = 262_143_328_850;
        private const ulong DramMax = 65_712_999_613;

        public RaplFixture()
        {
            Root = Path.Combine(Path.GetTempPath(), "tracarbon-bench-powercap-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(Root, "intel-rapl"));
            var counters = new List<string>();
            for (int package = 0; package < 2; package++)
            {
                ulong baseValue = 123_456_789_012UL + (ulong)package * 1_000_000_007UL;
                counters.Add(Zone($"intel-rapl:{package}", $"package-{package}", PackageMax, baseValue));
                counters.Add(Zone($"intel-rapl:{package}:0", "core", PackageMax, baseValue / 2));
                counters.Add(Zone($"intel-rapl:{package}:1", "dram", DramMax, baseValue / 5));
            }

            CounterPaths = counters.ToArray();
        }

        public string Root { get; }

        /// <summary>The 6 energy_uj files a tick reads.</summary>
        public string[] CounterPaths { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a benchmark run for.
            }
        }

        private string Zone(string path, string name, ulong max, ulong energy)
        {
            string dir = Path.Combine(Root, path);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "name"), name + "\n");
            File.WriteAllText(Path.Combine(dir, "max_energy_range_uj"), max.ToString(CultureInfo.InvariantCulture) + "\n");
            string energyFile = Path.Combine(dir, "energy_uj");
            File.WriteAllText(energyFile, energy.ToString(CultureInfo.InvariantCulture) + "\n");
            return energyFile;
        }
    }

    internal static class BenchSessions
    {
        public static IntensityValue France { get; } = new IntensityValue(56.0, "FR", "bench table");

        /// <summary>
        /// A session driven by the caller on a <see cref="JumpingClock"/>, one tick a second, exporters
        /// inline on the ticking thread (ExportQueueCapacity 0) so their cost lands in the tick.
        /// </summary>
        public static TrackingSession Start(Probe probe, params Exporter[] exporters)
        {
            var options = new SessionOptions
            {
                Name = "bench",
                Clock = new JumpingClock(),
                IntervalSeconds = 1,
                Intensity = new FixedIntensityProvider(France),
                ExportQueueCapacity = 0,
            };
            options.Probes.Add(probe);
            foreach (Exporter e in exporters)
            {
                options.Exporters.Add(e);
            }

            var session = new TrackingSession(options);
            session.Start(background: false);

            // Past the sample history, whose slots are made as the ring first fills: steady state.
            session.RunUntil(session.MonotonicNow + options.SampleHistory + 100);
            return session;
        }

        /// <summary>Runs exactly <paramref name="ticks"/> ticks on the caller's thread.</summary>
        public static void Tick(TrackingSession session, int ticks) =>
            session.RunUntil(session.MonotonicNow + ticks);
    }
}
