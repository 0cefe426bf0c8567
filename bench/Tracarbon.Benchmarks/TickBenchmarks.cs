using System;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using Tracarbon.Export;
using Tracarbon.Measurement.Rapl;
using Tracarbon.Tracking;

namespace Tracarbon.Benchmarks
{
    /// <summary>
    /// Issue items 1 and 2: one engine tick over a 6-counter RAPL tree, bare, with the JSON Lines
    /// exporter writing a file and with the Prometheus exporter's state update, each against reading
    /// the same 6 files and nothing else.
    /// </summary>
    /// <remarks>
    /// Ticks run through the session's own loop (RunUntil on a jumping clock), so a tick costs what it
    /// costs on the sampling thread: the tick lock, the stop check, the thread CPU clock read twice for
    /// the overhead figure, the probe, the sample, the aggregates, the history ring and the exporters.
    /// One RunUntil call runs <see cref="TicksPerCall"/> ticks: RunUntil itself allocates a combined stop
    /// handle per call, a fixed cost of the test driver that the background thread never pays, and over
    /// 10,000 ticks it rounds to 0 B a tick. The heap check (Program.cs, "heap") measures the exact bytes.
    /// </remarks>
    [Config(typeof(ShortConfig))]
    public class TickBenchmarks
    {
        public const int TicksPerCall = 10_000;

        private const int ReadOnly = 0;

        private readonly byte[] _buffer = new byte[32];
        private RaplFixture _tree = null!;
        private byte[][] _nativePaths = null!;
        private string _jsonPath = null!;
        private TrackingSession _bare = null!;
        private TrackingSession _json = null!;
        private TrackingSession _prometheus = null!;

        [GlobalSetup]
        public void Setup()
        {
            _tree = new RaplFixture();
            _nativePaths = Array.ConvertAll(_tree.CounterPaths, p => Encoding.UTF8.GetBytes(p + "\0"));
            _jsonPath = Path.Combine(_tree.Root, "..", Path.GetFileName(_tree.Root) + ".jsonl");
            _bare = BenchSessions.Start(new RaplProbe(_tree.Root));
            _json = BenchSessions.Start(new RaplProbe(_tree.Root), new JsonLinesExporter(_jsonPath));

            // Port 0: the system picks a free loopback port; the listener waits, unscraped, on its thread.
            _prometheus = BenchSessions.Start(
                new RaplProbe(_tree.Root), new PrometheusExporter(IPAddress.Loopback, port: 0));
            foreach (TrackingSession s in new[] { _bare, _json, _prometheus })
            {
                Check(s);
            }
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _bare.Dispose();
            _json.Dispose();
            _prometheus.Dispose();
            File.Delete(_jsonPath);
            _tree.Dispose();
        }

        /// <summary>
        /// The baseline: the cheapest .NET file API (measured against the others below) opening and
        /// reading each counter into a reused buffer. SafeFileHandle plus RandomAccess has no stream, no
        /// strategy object and no buffer of its own; it still allocates the handle object per open.
        /// </summary>
        [Benchmark(Baseline = true, Description = "read 6 counters: File.OpenHandle + RandomAccess.Read")]
        public int ReadCountersOpenHandle()
        {
            int total = 0;
            foreach (string path in _tree.CounterPaths)
            {
                using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                total += RandomAccess.Read(handle, _buffer, 0);
            }

            return total;
        }

        [Benchmark(Description = "read 6 counters: FileStream, bufferSize 0")]
        public int ReadCountersFileStream()
        {
            int total = 0;
            foreach (string path in _tree.CounterPaths)
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0);
                total += stream.Read(_buffer, 0, _buffer.Length);
            }

            return total;
        }

        [Benchmark(Description = "read 6 counters: File.ReadAllBytes")]
        public int ReadCountersReadAllBytes()
        {
            int total = 0;
            foreach (string path in _tree.CounterPaths)
            {
                total += File.ReadAllBytes(path).Length;
            }

            return total;
        }

        /// <summary>Not a .NET file API: the C library's open, read, close, as the engine's reader calls them.</summary>
        [Benchmark(Description = "read 6 counters: libc open/read/close (reference)")]
        public int ReadCountersLibc()
        {
            int total = 0;
            foreach (byte[] path in _nativePaths)
            {
                int fd = Open(path, ReadOnly);
                total += (int)Read(fd, _buffer, (IntPtr)_buffer.Length);
                Close(fd);
            }

            return total;
        }

        [Benchmark(OperationsPerInvoke = TicksPerCall, Description = "tick: RAPL 6 counters, no exporter")]
        public void TickBare() => BenchSessions.Tick(_bare, TicksPerCall);

        /// <summary>
        /// With JSON Lines appended to a file on disk; the file is emptied before each call so a run does
        /// not write gigabytes (one open and ftruncate per 10,000 ticks, under a nanosecond a tick).
        /// </summary>
        [Benchmark(OperationsPerInvoke = TicksPerCall, Description = "tick: RAPL 6 counters + JSON Lines file")]
        public void TickJson()
        {
            using (var file = new FileStream(_jsonPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                file.SetLength(0);
            }

            BenchSessions.Tick(_json, TicksPerCall);
        }

        [Benchmark(OperationsPerInvoke = TicksPerCall, Description = "tick: RAPL 6 counters + Prometheus state")]
        public void TickPrometheus() => BenchSessions.Tick(_prometheus, TicksPerCall);

        private static void Check(TrackingSession session)
        {
            long before = session.Ticks;
            BenchSessions.Tick(session, 10);
            if (session.Ticks != before + 10 || session.Errors.Total != 0)
            {
                throw new InvalidOperationException(
                    $"The bench session did not tick cleanly: {session.Ticks - before} ticks, errors: " +
                    string.Join("; ", session.Errors.Messages));
            }
        }

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int Open(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "read", SetLastError = true)]
        private static extern IntPtr Read(int fd, byte[] buffer, IntPtr count);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        private static extern int Close(int fd);
    }
}
