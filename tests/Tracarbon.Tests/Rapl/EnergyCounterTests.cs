using Tracarbon.Measurement;
using Tracarbon.Platform;
using Xunit;

namespace Tracarbon.Tests.Rapl
{
    /// <summary>The counter arithmetic on its own, at the edges of 64 bits.</summary>
    public sealed class EnergyCounterTests
    {
        private static EnergyCounter Counter(ulong maximum, bool wraps = true) =>
            new EnergyCounter(new CounterFile("/nowhere/energy_uj"), maximum, wraps);

        [Fact]
        public void AWrapNearTheTopOf64BitsIsExact()
        {
            var counter = Counter(ulong.MaxValue - 1);
            counter.Apply(ReadOutcome.Ok, ulong.MaxValue - 11, 0);

            counter.Apply(ReadOutcome.Ok, 5, 1);

            // (max - previous) + current = 10 + 5 = 15 µJ; every step stays below 2^64.
            Assert.Equal(CounterStatus.Wrapped, counter.Status);
            Assert.Equal(15UL, counter.DeltaMicrojoules);
        }

        [Fact]
        public void ADecreaseFromAboveTheRangeIsInvalidAndTheNextIntervalIsMeasuredFromIt()
        {
            var counter = Counter(1_000);
            counter.Apply(ReadOutcome.Ok, 5_000, 0);

            counter.Apply(ReadOutcome.Ok, 100, 1);
            CounterStatus afterDecrease = counter.Status;
            counter.Apply(ReadOutcome.Ok, 400, 1);

            // max - previous would be negative: never computed. Then 400 - 100 = 300 µJ.
            Assert.Equal(CounterStatus.Invalid, afterDecrease);
            Assert.Equal(CounterStatus.Advancing, counter.Status);
            Assert.Equal(300UL, counter.DeltaMicrojoules);
        }

        [Theory]
        [InlineData(1.0, CounterStatus.Invalid, null)] // 262,143 J in 1 s: 262 kW, not a wrap
        [InlineData(13.0, CounterStatus.Invalid, null)] // 20.2 kW: over the 20 kW ceiling
        [InlineData(14.0, CounterStatus.Wrapped, 262_143_328_840UL)] // 18.7 kW: under it, let through
        [InlineData(600.0, CounterStatus.Wrapped, 262_143_328_840UL)] // 437 W over 10 min: a real wrap
        public void ASmallStepBackIsAWrapOnlyWhenItsEnergyCouldHaveBeenDrawnInTheInterval(
            double interval, CounterStatus status, ulong? delta)
        {
            const ulong max = 262_143_328_850;
            var counter = Counter(max);
            counter.Apply(ReadOutcome.Ok, 100_000_000_010, 0);

            // 10 µJ back: as a wrap, the whole range less 10 µJ.
            counter.Apply(ReadOutcome.Ok, 100_000_000_000, interval);

            Assert.Equal(status, counter.Status);
            Assert.Equal(delta, counter.HasDelta ? counter.DeltaMicrojoules : (ulong?)null);
            counter.Apply(ReadOutcome.Ok, 100_005_000_000, 1);
            Assert.Equal(5.0, counter.PowerWatts!.Value, 9);
        }

        [Fact]
        public void ACounterThatCannotWrapTreatsADecreaseAsARestart()
        {
            var counter = Counter(0, wraps: false);
            counter.Apply(ReadOutcome.Ok, 9_000_000, 0);

            counter.Apply(ReadOutcome.Ok, 1_000, 1);
            CounterStatus afterDecrease = counter.Status;
            counter.Apply(ReadOutcome.Ok, 2_001_000, 1);

            // The restart loses its interval; then 2 000 000 µJ = 2 J = 2 W over 1 s.
            Assert.Equal(CounterStatus.Reset, afterDecrease);
            Assert.Equal(2.0, counter.EnergyJoules);
            Assert.Equal(2.0, counter.PowerWatts);
        }

        [Fact]
        public void AFailedReadForgetsTheBaseline()
        {
            var counter = Counter(1_000_000);
            counter.Apply(ReadOutcome.Ok, 10, 0);

            counter.Apply(ReadOutcome.Denied, 0, 1);
            CounterStatus afterDenied = counter.Status;
            counter.Apply(ReadOutcome.Ok, 20, 1);

            Assert.Equal(CounterStatus.Missing, afterDenied);
            Assert.Equal(CounterStatus.Baseline, counter.Status);
            Assert.False(counter.HasDelta);
        }
    }
}
