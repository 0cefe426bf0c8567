using System.Threading;

namespace Tracarbon.Tracking
{
    /// <summary>
    /// A session's stop request: a manual-reset event that answers a zero-timeout wait from a field.
    /// The sampling thread polls it twice a tick (after its sleep, and under the tick lock); on Unix
    /// polling the event itself goes through the runtime's wait code, a lock and a mode switch each.
    /// Waits with a timeout, and registered waits, use the event as any other.
    /// </summary>
    internal sealed class StopSignal : EventWaitHandle
    {
        private volatile bool _requested;

        public StopSignal()
            : base(false, EventResetMode.ManualReset)
        {
        }

        public bool Requested => _requested;

        public void Request()
        {
            _requested = true;
            Set();
        }

        public override bool WaitOne(int millisecondsTimeout) =>
            millisecondsTimeout == 0 ? _requested : base.WaitOne(millisecondsTimeout);
    }
}
