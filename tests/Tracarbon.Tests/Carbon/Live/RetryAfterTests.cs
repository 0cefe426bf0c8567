using System;
using Tracarbon.Carbon;
using Xunit;

namespace Tracarbon.Tests.Carbon.Live
{
    public sealed class RetryAfterTests
    {
        [Fact]
        public void NoRequestLeavesBeforeARetryAfterInSeconds()
        {
            var clock = new ManualClock { Now = 1000 };
            int calls = 0;
            using var server = new LoopbackHttpServer(_ => ++calls == 1
                ? new Reply(429, "{\"error\":\"Too many requests\"}", ("Retry-After", "120"))
                : new Reply(200, LiveFixtures.V3(50)));
            ElectricityMapsClient client = LiveFixtures.Client(server.Url, clock);

            LiveIntensityResult limited = client.GetLatest("FR");
            clock.Now = 1119.5;
            LiveIntensityResult heldBack = client.GetLatest("FR");
            int requestsWhileHeld = server.Requests.Count;
            clock.Now = 1120;
            LiveIntensityResult after = client.GetLatest("FR");

            Assert.Equal(LiveIntensityStatus.RateLimited, limited.Status);
            Assert.Equal(TimeSpan.FromSeconds(120), limited.RetryAfter);
            Assert.Equal(1120, client.NotBefore);
            Assert.Equal(LiveIntensityStatus.RateLimited, heldBack.Status);
            Assert.Null(heldBack.HttpStatus);
            Assert.Equal(1, requestsWhileHeld);
            Assert.True(after.IsSuccess);
            Assert.Equal(2, server.Requests.Count);
        }

        [Fact]
        public void ARetryAfterDateIsMeasuredFromTheWallClock()
        {
            var clock = new ManualClock { Now = 0, WallNow = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) };
            using var server = LoopbackHttpServer.Always(429, "{}", ("Retry-After", "Thu, 01 Jan 2026 00:05:00 GMT"));
            ElectricityMapsClient client = LiveFixtures.Client(server.Url, clock);

            LiveIntensityResult limited = client.GetLatest("FR");
            clock.Now = 299;
            client.GetLatest("FR");

            Assert.Equal(TimeSpan.FromMinutes(5), limited.RetryAfter);
            Assert.Equal(300, client.NotBefore);
            Assert.Single(server.Requests);
        }

        [Fact]
        public void ARateLimitWithoutRetryAfterHoldsNothingBack()
        {
            var clock = new ManualClock();
            using var server = LoopbackHttpServer.Always(429, "{}");
            ElectricityMapsClient client = LiveFixtures.Client(server.Url, clock);

            client.GetLatest("FR");
            client.GetLatest("FR");

            Assert.Equal(2, server.Requests.Count);
        }

        [Fact]
        public void TheProviderWaitsForALongRetryAfterBeyondItsInterval()
        {
            var clock = new ManualClock();
            int calls = 0;
            using var server = new LoopbackHttpServer(_ => ++calls == 1
                ? new Reply(429, "{}", ("Retry-After", "7200"))
                : new Reply(200, LiveFixtures.V3(70)));
            using var provider = new LiveIntensityProvider(LiveFixtures.Client(server.Url, clock), "FR");

            provider.RefreshIfDue();
            clock.Now = 3600;
            LiveIntensityResult? atInterval = provider.RefreshIfDue();
            clock.Now = 7199.9;
            LiveIntensityResult? justBefore = provider.RefreshIfDue();
            clock.Now = 7200;
            LiveIntensityResult? due = provider.RefreshIfDue();

            Assert.Null(atInterval);
            Assert.Null(justBefore);
            Assert.True(due!.IsSuccess);
            Assert.Equal(2, server.Requests.Count);
            Assert.Equal(70, provider.Current.GramsPerKilowattHour);
        }
    }
}
