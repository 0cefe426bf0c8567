using System;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Estimation;
using Xunit;
using Xunit.Abstractions;

namespace Tracarbon.Tests.Estimation
{
    public sealed class AllocationTests
    {
        // Opening a file costs a FileStream and its handle on each read (two files per sample); the buffers,
        // the parse and the readings allocate nothing. About 320 B per sample on .NET 10; 1 KB leaves room.
        private const long MaxBytesPerSample = 1024;

        private readonly ITestOutputHelper _output;

        public AllocationTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void SteadyStateSampleAllocatesLittle()
        {
            using var tree = new FixtureTree("unknown-intel");
            var probe = new EstimatorProbe(new EstimatorOptions(tree.Proc, tree.Cgroup));
            var readings = new ProbeReadings();
            probe.Start();
            tree.Apply("next");
            for (int i = 0; i < 10; i++)
            {
                probe.Sample(1.0, readings);
            }

            const int samples = 100;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < samples; i++)
            {
                readings.Clear();
                probe.Sample(1.0, readings);
            }

            long perSample = (GC.GetAllocatedBytesForCurrentThread() - before) / samples;

            _output.WriteLine($"{perSample} bytes allocated per sample");
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Cpu));
            Assert.True(perSample <= MaxBytesPerSample, $"{perSample} bytes per sample");
        }
    }
}
