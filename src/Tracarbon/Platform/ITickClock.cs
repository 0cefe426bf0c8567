using System;
using System.Diagnostics;
using System.Threading;

namespace Tracarbon.Platform
{
    /// <summary>
    /// The time a session runs on: a monotonic reading for intervals and the schedule, a wall
    /// reading taken once at start for timestamps, and a wait that a stop request interrupts.
    /// </summary>
    public interface ITickClock
    {
        /// <summary>Monotonic seconds since an arbitrary origin.</summary>
        double Now { get; }

        DateTimeOffset WallNow { get; }

        /// <summary>Waits until <see cref="Now"/> reaches <paramref name="due"/>.</summary>
        /// <returns>False when <paramref name="stop"/> was signalled first.</returns>
        bool WaitUntil(double due, WaitHandle stop);
    }

    /// <summary>The real clock: <see cref="Stopwatch"/> for intervals, a wait handle for sleeping.</summary>
    public sealed class SystemTickClock : ITickClock
    {
        public static SystemTickClock Instance { get; } = new SystemTickClock();

        private static readonly double SecondsPerTick = 1.0 / Stopwatch.Frequency;

        public double Now => Stopwatch.GetTimestamp() * SecondsPerTick;

        public DateTimeOffset WallNow => DateTimeOffset.UtcNow;

        public bool WaitUntil(double due, WaitHandle stop)
        {
            while (true)
            {
                double remaining = due - Now;
                if (remaining <= 0)
                {
                    return !stop.WaitOne(0);
                }

                // Round up so the wake-up lands at or after the due time, never a busy spin before it.
                int milliseconds = (int)Math.Min(int.MaxValue, Math.Ceiling(remaining * 1000.0));
                if (stop.WaitOne(milliseconds))
                {
                    return false;
                }
            }
        }
    }
}
