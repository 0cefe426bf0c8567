using System;
using System.Diagnostics;
using System.Net;
using Tracarbon.Export;
using Tracarbon.Measurement.Rapl;
using Tracarbon.Tracking;

namespace Tracarbon.Benchmarks
{
    /// <summary>
    /// The memory item, outside BenchmarkDotNet: a million ticks over the 6-counter RAPL tree
    /// with the Prometheus exporter's state, the sample-history ring already full. It prints the managed
    /// heap before and after (GC.GetTotalMemory(true)), and the exact bytes a tick allocates: RunUntil's
    /// fixed cost cancels out of the difference between a 1,000,010-tick and a 10-tick call.
    /// </summary>
    internal static class HeapCheck
    {
        public const int Ticks = 1_000_000;

        public static int Run()
        {
            using var tree = new RaplFixture();
            using TrackingSession session = BenchSessions.Start(
                new RaplProbe(tree.Root), new PrometheusExporter(IPAddress.Loopback, port: 0));

            // Both calls follow a full collection: RunUntil's own handles allocate 288 B, or 512 B right
            // after a full GC (a cache of the thread pool's wait registration is collected), per call.
            GC.GetTotalMemory(forceFullCollection: true);
            long shortCall = Allocated(() => BenchSessions.Tick(session, 10));
            long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            int gen0Before = GC.CollectionCount(0);
            var watch = Stopwatch.StartNew();
            long longCall = Allocated(() => BenchSessions.Tick(session, Ticks + 10));
            watch.Stop();
            int gen0 = GC.CollectionCount(0) - gen0Before;
            long heapAfter = GC.GetTotalMemory(forceFullCollection: true);

            double perTick = (longCall - shortCall) / (double)Ticks;
            long growth = heapAfter - heapBefore;
            Console.WriteLine($"heap check: {Ticks:N0} ticks (RAPL 6 counters + Prometheus state, history ring full)");
            Console.WriteLine($"  managed heap before:        {heapBefore,12:N0} B");
            Console.WriteLine($"  managed heap after:         {heapAfter,12:N0} B");
            Console.WriteLine($"  growth:                     {growth,12:N0} B");
            Console.WriteLine($"  allocated by the ticking thread, 10-tick call:        {shortCall:N0} B");
            Console.WriteLine($"  allocated by the ticking thread, 1,000,010-tick call: {longCall:N0} B");
            Console.WriteLine($"  allocated per tick:         {perTick:0.######} B");
            Console.WriteLine($"  gen-0 collections:          {gen0}");
            Console.WriteLine($"  time per tick:              {watch.Elapsed.TotalMilliseconds * 1000 / Ticks:0.00} us");
            Console.WriteLine($"  session errors:             {session.Errors.Total}");

            // Flat: no byte per tick; a few kilobytes of run-time noise (the JIT, timers) are not growth.
            bool flat = perTick == 0 && growth < 64 * 1024 && session.Errors.Total == 0;
            Console.WriteLine(flat ? "  FLAT" : "  NOT FLAT");
            return flat ? 0 : 1;
        }

        private static long Allocated(Action action)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }
}
