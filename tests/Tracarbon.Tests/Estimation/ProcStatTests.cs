using System;
using System.Text;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Estimation;
using Xunit;

namespace Tracarbon.Tests.Estimation
{
    public sealed class ProcStatTests
    {
        // Jiffy arithmetic is exact in doubles at these sizes; 1e-12 only absorbs the final division.
        private const double Tolerance = 1e-12;

        [Fact]
        public void C08_UtilisationIsBusyDeltaOverTotalDelta()
        {
            CpuTimes t0 = Parse("cpu  1000 0 500 8500 0 0 0 0 0 0\n");
            CpuTimes t1 = Parse("cpu  1100 0 600 8700 0 0 0 0 0 0\n");

            double? utilisation = ProcStat.Utilisation(t0, t1);

            // busy: (1100 + 600) - (1000 + 500) = 200; total: 10400 - 10000 = 400; 200 / 400 = 0.50.
            Assert.Equal(1500UL, t0.Busy);
            Assert.Equal(10000UL, t0.Total);
            Assert.Equal(1700UL, t1.Busy);
            Assert.Equal(10400UL, t1.Total);
            Assert.NotNull(utilisation);
            Assert.Equal(0.50, utilisation!.Value, Tolerance);
        }

        [Fact]
        public void C13A_SameJiffyGivesNoValue()
        {
            CpuTimes t = Parse("cpu  4705 356 584 3699 23 23 0 0 0 0\n");

            // Δtotal = 0: no utilisation at all, so nothing downstream can become NaN or Inf.
            Assert.Null(ProcStat.Utilisation(t, t));
        }

        [Fact]
        public void C13B_IdleSecondGivesZero()
        {
            CpuTimes t0 = Parse("cpu  4705 356 584 3699 23 23 0 0 0 0\n");
            CpuTimes t1 = Parse("cpu  4705 356 584 3799 23 23 0 0 0 0\n");

            double? utilisation = ProcStat.Utilisation(t0, t1);

            // busy = 4705 + 356 + 584 + 23 (irq) = 5668 both times; Δtotal = 100 (idle only); 0 / 100 = 0.0.
            Assert.Equal(5668UL, t0.Busy);
            Assert.Equal(t0.Busy, t1.Busy);
            Assert.Equal(100UL, t1.Total - t0.Total);
            Assert.Equal(0.0, utilisation!.Value, Tolerance);
        }

        [Fact]
        public void GuestTimeIsNotCountedTwice()
        {
            // guest 300 and guest_nice 40 are already inside user 1000 and nice 50.
            CpuTimes t = Parse("cpu  1000 50 200 5000 30 7 3 10 300 40\n");

            // busy = 1000 + 50 + 200 + 7 + 3 + 10 = 1270; total = 1270 + 5000 + 30 = 6300.
            Assert.Equal(1270UL, t.Busy);
            Assert.Equal(6300UL, t.Total);
        }

        [Fact]
        public void OldKernelWithFourFieldsParses()
        {
            CpuTimes t = Parse("cpu  10 20 30 40\n");

            Assert.Equal(60UL, t.Busy);
            Assert.Equal(100UL, t.Total);
        }

        [Theory]
        [InlineData("")]
        [InlineData("garbage\n")]
        [InlineData("cpu0 1 2 3 4 5 6 7 8 9 10\n")]
        [InlineData("cpu  11x0 zero 600 ### 0\n")]
        [InlineData("cpu  1 2 3\n")]
        [InlineData("cpu  99999999999999999999999 0 0 0\n")]
        public void GarbageIsRefused(string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);

            Assert.False(ProcStat.TryParse(bytes, bytes.Length, out _));
        }

        [Fact]
        public void CounterGoingBackwardsGivesNoValue()
        {
            CpuTimes t0 = Parse("cpu  1000 0 500 8500 0 0 0 0 0 0\n");
            CpuTimes t1 = Parse("cpu  900 0 500 8700 0 0 0 0 0 0\n");

            Assert.Null(ProcStat.Utilisation(t0, t1));
        }

        [Fact]
        public void ParsingAllocatesNothingAfterWarmUp()
        {
            byte[] bytes = Encoding.ASCII.GetBytes("cpu  2959 0 1672 52450 561 0 45 635 0 0\ncpu0 1 2 3 4\n");
            ProcStat.TryParse(bytes, bytes.Length, out _);

            long before = GC.GetAllocatedBytesForCurrentThread();
            ulong sum = 0;
            for (int i = 0; i < 1000; i++)
            {
                ProcStat.TryParse(bytes, bytes.Length, out CpuTimes times);
                sum += times.Total;
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            // 2959 + 1672 + 45 + 635 busy, + 52450 + 561 idle = 58322 per parse; exactly 0 bytes allocated.
            Assert.Equal(58322UL * 1000, sum);
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void ReaderReportsAMissingFileAsProbeReadException()
        {
            var reader = new ProcStatReader("/nonexistent-tracarbon-proc");

            ProbeReadException e = Assert.Throws<ProbeReadException>(() => reader.Read());

            Assert.Equal(Component.Cpu, e.Component);
            Assert.Equal("Estimator", e.ProbeName);
        }

        private static CpuTimes Parse(string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            Assert.True(ProcStat.TryParse(bytes, bytes.Length, out CpuTimes times));
            return times;
        }
    }
}
