using System;
using System.Threading;
using Tracarbon.Platform;

namespace Tracarbon.Tests.Carbon.Live
{
    /// <summary>
    /// A clock that only moves when the test advances it, and whose waits block until then, so a background
    /// thread can be driven through hours in steps the test chooses.
    /// </summary>
    internal sealed class SteppedClock : ITickClock
    {
        private readonly object _gate = new object();
        private double _now;

        public double Now
        {
            get
            {
                lock (_gate)
                {
                    return _now;
                }
            }
        }

        public DateTimeOffset WallNow => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Now);

        public void Advance(double seconds)
        {
            lock (_gate)
            {
                _now += seconds;
                Monitor.PulseAll(_gate);
            }
        }

        public bool WaitUntil(double due, WaitHandle stop)
        {
            while (!stop.WaitOne(0))
            {
                lock (_gate)
                {
                    if (_now >= due)
                    {
                        return true;
                    }

                    Monitor.Wait(_gate, 10);
                }
            }

            return false;
        }
    }
}
