using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// The real clock: <see cref="Stopwatch"/> for intervals; for sleeping, a wait handle, or on Linux,
    /// for a wait of at most <see cref="NativeSleepLimitSeconds"/>, one <c>nanosleep</c>.
    /// </summary>
    /// <remarks>
    /// At 100 Hz the wait is much of a tick's cost: a timed wait on a handle goes through the runtime's
    /// wait machinery (a lock, a condition variable, a futex and a clock read on each side), where
    /// nanosleep is one system call. A sleeping thread does not see <c>stop</c> until it wakes, so short
    /// waits only: a stop asked during one is seen within <see cref="NativeSleepLimitSeconds"/> (the
    /// session's interval, when that is shorter), and longer waits stay on the handle and end at once.
    /// </remarks>
    public sealed class SystemTickClock : ITickClock
    {
        /// <summary>The longest wait that sleeps without watching <c>stop</c>: 50 ms.</summary>
        public const double NativeSleepLimitSeconds = 0.05;

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

                // Woken early (a signal), it goes round again and sleeps the rest.
                if (remaining <= NativeSleepLimitSeconds && NativeSleep.Sleep(remaining))
                {
                    continue;
                }

                // Round up so the wake-up lands at or after the due time, never a busy spin before it.
                int milliseconds = (int)Math.Min(int.MaxValue, Math.Ceiling(remaining * 1000.0));
                if (stop.WaitOne(milliseconds))
                {
                    return false;
                }
            }
        }

        /// <summary>nanosleep on Linux, where the runtime's monotonic clock is the one it sleeps on.</summary>
        private static class NativeSleep
        {
            private const int Interrupted = 4; // EINTR

            private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
            private static bool _broken;

            /// <summary>False where it cannot sleep here; the caller waits on the handle instead.</summary>
            public static bool Sleep(double seconds)
            {
                if (!IsLinux || _broken)
                {
                    return false;
                }

                long whole = (long)seconds;
                var span = new TimeSpec
                {
                    Seconds = whole,
                    // Rounded up, as the handle's milliseconds are: never back before the due time.
                    Nanoseconds = Math.Min(999_999_999, (long)Math.Ceiling((seconds - whole) * 1e9)),
                };
                try
                {
                    // An interrupted sleep returns early; the caller checks the time again. Any other
                    // failure leaves sleeping to the handle for good.
                    if (nanosleep(ref span, IntPtr.Zero) == 0 || Marshal.GetLastWin32Error() == Interrupted)
                    {
                        return true;
                    }

                    _broken = true;
                    return false;
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
                {
                    _broken = true;
                    return false;
                }
            }

            [StructLayout(LayoutKind.Sequential)]
            private struct TimeSpec
            {
                public long Seconds;
                public long Nanoseconds;
            }

            [DllImport("libc", SetLastError = true)]
            private static extern int nanosleep(ref TimeSpec duration, IntPtr remaining);
        }
    }
}
