using System;

namespace Tracarbon.Tracking
{
    /// <summary>
    /// Due times on a fixed grid: tick k is due at <c>origin + k x interval</c>. Computing each due time
    /// from the origin, rather than adding the interval to the last wake-up, keeps lateness from
    /// accumulating into drift. A tick that runs past later due times skips them and counts them.
    /// </summary>
    internal sealed class FixedRateSchedule
    {
        private readonly double _origin;
        private readonly double _interval;
        private long _index;

        public FixedRateSchedule(double origin, double intervalSeconds)
        {
            if (!(intervalSeconds > 0) || double.IsInfinity(intervalSeconds))
            {
                throw new ArgumentOutOfRangeException(nameof(intervalSeconds), intervalSeconds,
                    "The interval must be positive.");
            }

            _origin = origin;
            _interval = intervalSeconds;
            _index = 1;
        }

        public double NextDue => _origin + (_index * _interval);

        public long Skipped { get; private set; }

        /// <summary>
        /// Moves to the first due time after <paramref name="now"/>, the moment the tick finished.
        /// </summary>
        /// <returns>How many due times were passed over because the tick ran late.</returns>
        public long Advance(double now)
        {
            long next = _index + 1;
            long firstAfterNow = (long)Math.Floor((now - _origin) / _interval) + 1;
            long skipped = 0;
            if (firstAfterNow > next)
            {
                skipped = firstAfterNow - next;
                next = firstAfterNow;
            }

            _index = next;
            Skipped += skipped;
            return skipped;
        }
    }
}
