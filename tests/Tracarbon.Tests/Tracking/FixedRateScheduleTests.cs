using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Tracking
{
    public sealed class FixedRateScheduleTests
    {
        [Fact]
        public void OnTimeTicksFollowTheGrid()
        {
            var schedule = new FixedRateSchedule(origin: 10, intervalSeconds: 0.5);

            Assert.Equal(10.5, schedule.NextDue);
            schedule.Advance(10.5);
            Assert.Equal(11.0, schedule.NextDue);
            schedule.Advance(11.01);
            Assert.Equal(11.5, schedule.NextDue);
            Assert.Equal(0, schedule.Skipped);
        }

        [Fact]
        public void ALateTickSkipsThePassedDueTimesAndCountsThem()
        {
            var schedule = new FixedRateSchedule(origin: 0, intervalSeconds: 1);

            // Tick 1 was due at 1 s and finished at 3.5 s: due times 2 and 3 have passed.
            long skipped = schedule.Advance(3.5);

            Assert.Equal(2, skipped);
            Assert.Equal(4.0, schedule.NextDue);
            Assert.Equal(2, schedule.Skipped);
        }

        [Fact]
        public void DueTimesComeFromTheOriginSoLatenessNeverAccumulates()
        {
            var schedule = new FixedRateSchedule(origin: 0, intervalSeconds: 1);

            // C-23 B: every tick finishes 4.3 ms late; 3600 ticks later the grid is where it was.
            for (int k = 1; k <= 3600; k++)
            {
                schedule.Advance(k + 0.0043);
            }

            Assert.Equal(3601.0, schedule.NextDue);
            Assert.Equal(0, schedule.Skipped);
        }
    }
}
