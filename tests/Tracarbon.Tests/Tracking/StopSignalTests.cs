using System.Threading;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Tracking
{
    public sealed class StopSignalTests
    {
        [Fact]
        public void APollTheWaitsAndARegisteredWaitAllSeeTheRequest()
        {
            using var signal = new StopSignal();
            using var seen = new ManualResetEventSlim(false);
            RegisteredWaitHandle registration = ThreadPool.RegisterWaitForSingleObject(
                signal, (_, timedOut) => { if (!timedOut) seen.Set(); }, null, -1, true);

            Assert.False(signal.WaitOne(0));
            Assert.False(signal.Requested);
            Assert.False(WaitHandle.WaitAny(new WaitHandle[] { signal }, 0) == 0);

            signal.Request();

            Assert.True(signal.WaitOne(0));
            Assert.True(signal.Requested);
            Assert.True(signal.WaitOne(10_000));
            Assert.Equal(0, WaitHandle.WaitAny(new WaitHandle[] { signal }, 10_000));
            Assert.True(seen.Wait(10_000));
            registration.Unregister(null);
        }
    }
}
