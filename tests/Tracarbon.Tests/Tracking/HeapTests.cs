using System;
using System.Net;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Tracking
{
    /// <summary>
    /// Alone in its collection: GC.GetTotalMemory sees the whole process, so another test allocating at
    /// the same time would be counted as growth here.
    /// </summary>
    [CollectionDefinition(nameof(HeapTests), DisableParallelization = true)]
    public sealed class HeapTestsCollection
    {
    }

    [Collection(nameof(HeapTests))]
    public sealed class HeapTests
    {
        [Fact]
        public void AMillionTicksWithAFullHistoryLeaveTheManagedHeapFlat()
        {
            var clock = new ManualClock();
            var probe = new ScriptedProbe(
                (dt, r) =>
                {
                    r.SetPower(Component.Cpu, 42.5, "scripted cpu");
                    r.SetPower(Component.Memory, 3.25, "scripted memory");
                    r.SetEnergy(Component.Gpu, 71.0 * dt, "scripted gpu");
                },
                Component.Cpu,
                Component.Memory,
                Component.Gpu);
            SessionOptions options = Sessions.Options(clock, 1, probe);
            options.Exporters.Add(new PrometheusExporter(IPAddress.Loopback, port: 0));
            using var session = new TrackingSession(options);
            session.Start(background: false);

            // Past the sample history (3600), whose slots are made as the ring first fills.
            session.RunUntil(options.SampleHistory + 400);
            long heapBefore = SettledHeap();
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            session.RunUntil(session.MonotonicNow + 1_000_000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            long heapAfter = GC.GetTotalMemory(forceFullCollection: true);

            // A million ticks of host, cpu, memory and gpu into the aggregates, the history ring and the
            // Prometheus state, all on this thread (exporters inline). RunUntil allocates a few hundred
            // bytes per call for its stop handles; one small object per tick would be 24 MB.
            Assert.Equal(options.SampleHistory + 400 + 1_000_000, session.Ticks);
            Assert.Equal(0, session.Errors.Total);
            Assert.True(allocated < 4096, $"{allocated} bytes allocated over a million ticks");
            Assert.True(heapAfter - heapBefore < 256 * 1024, $"the heap grew from {heapBefore} to {heapAfter} bytes");
        }

        /// <summary>
        /// The heap once the test host is quiet. GC.GetTotalMemory sees the whole process, and in its
        /// first seconds the host keeps up to a few megabytes of its own (its message channel's caches),
        /// measured with no session at all: polled, within 10 s, until two readings agree.
        /// </summary>
        private static long SettledHeap()
        {
            long previous = GC.GetTotalMemory(forceFullCollection: true);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                System.Threading.Thread.Sleep(250);
                long now = GC.GetTotalMemory(forceFullCollection: true);
                if (now == previous)
                {
                    return now;
                }

                previous = now;
            }

            return previous;
        }
    }
}
