using System;
using System.Collections.Generic;
using System.Threading;
using Tracarbon.Carbon;
using Tracarbon.Carbon.Locations;
using Tracarbon.Tests.Carbon.Locations;
using Xunit;

namespace Tracarbon.Tests.Carbon.Live
{
    /// <summary>A canary key sent down every path; it may reach the server's header and nothing else.</summary>
    public sealed class SecretTests
    {
        private const string Canary = "CANARY-5e1f0c-never-log-me";

        [Fact]
        public void TheApiKeyAppearsInNoResultSourceWarningOrUrl()
        {
            var texts = new List<string>();
            var clock = new ManualClock();
            Reply[] script =
            {
                new Reply(200, LiveFixtures.V3France),
                new Reply(401, LiveFixtures.C14Unauthorized),
                new Reply(429, "{}", ("Retry-After", "60")),
                new Reply(503, "{\"error\":\"upstream\"}"),
                new Reply(200, "<html>not json</html>"),
                new Reply(200, LiveFixtures.C14EmptyData),
                new Reply(200, "{\"carbonIntensity\":5000}"),
                new Reply(200, LiveFixtures.LegacyFrance),
            };
            int next = 0;
            using var server = new LoopbackHttpServer(_ => script[Interlocked.Increment(ref next) - 1]);
            ElectricityMapsClient client = LiveFixtures.Client(server.Url, clock, Canary);
            using var provider = new LiveIntensityProvider(client, "FR");
            EventHandler<IntensityWarningEventArgs> collect =
                (_, e) => texts.AddRange(new[] { e.Message, e.Result.Message, e.InUse.Source });
            provider.Warning += collect;
            var results = new List<LiveIntensityResult>();

            for (int i = 0; i < script.Length; i++)
            {
                clock.Now = i * 3600;
                LiveIntensityResult result = provider.RefreshIfDue()!;
                results.Add(result);
                Collect(texts, provider);
                if (result.Status == LiveIntensityStatus.RateLimited)
                {
                    // Asked again at once: held back by the Retry-After without a request.
                    results.Add(provider.Refresh());
                    Collect(texts, provider);
                }
            }

            // A server that never answers, and a port where nothing listens.
            using var silent = new LoopbackHttpServer(_ => Reply.Silent);
            using var stalled = new LiveIntensityProvider(
                LiveFixtures.Client(silent.Url, clock, Canary, TimeSpan.FromSeconds(1)), "FR");
            stalled.Warning += collect;
            results.Add(stalled.Refresh());
            Collect(texts, stalled);
            using var refused = new LiveIntensityProvider(
                LiveFixtures.Client(LoopbackHttpServer.ClosedPortUrl(), clock, Canary), "FR");
            refused.Warning += collect;
            results.Add(refused.Refresh());
            Collect(texts, refused);
            foreach (LiveIntensityResult result in results)
            {
                texts.AddRange(new[] { result.Message, result.Reason, result.ToString(), result.Value?.Source ?? "" });
            }

            texts.Add(client.Endpoint.ToString());
            Assert.Equal(
                new[] { "Success", "Unauthorized", "RateLimited", "RateLimited", "ServerError", "InvalidBody",
                    "MissingValue", "ImplausibleValue", "Success", "Timeout", "NetworkError" },
                results.ConvertAll(r => r.Status.ToString()));
            Assert.Equal(9, texts.FindAll(t => t.StartsWith("Electricity Maps gave no intensity")).Count);
            AssertNowhere(texts);
            Assert.Equal(Canary, Assert.Single(silent.Requests).Header("auth-token"));
            Assert.All(server.Requests, r => Assert.Equal(Canary, r.Header("auth-token")));
            Assert.All(server.Requests, r => Assert.DoesNotContain(Canary, r.Target));
        }

        [Fact]
        public void TheApiKeyAppearsInNoExceptionText()
        {
            var texts = new List<string>();
            texts.Add(Assert.Throws<ArgumentException>(() => new ElectricityMapsClient(
                new ElectricityMapsOptions { ApiKey = Canary + "\r\nX: 1", Environment = _ => null })).ToString());
            texts.Add(Assert.Throws<ArgumentException>(() => new ElectricityMapsClient(
                new ElectricityMapsOptions { Environment = n => n.EndsWith("API_KEY") ? " " + Canary + " x" : null }))
                .ToString());
            texts.Add(Assert.Throws<ArgumentException>(() => new ElectricityMapsClient(
                new ElectricityMapsOptions { ApiKey = Canary, Url = "ftp://127.0.0.1/", Environment = _ => null }))
                .ToString());

            ElectricityMapsClient client = LiveFixtures.Client(LoopbackHttpServer.ClosedPortUrl(), key: Canary);
            texts.Add(Assert.Throws<ArgumentException>(() => client.GetLatest("F R")).ToString());
            var provider = new LiveIntensityProvider(client, "FR");
            texts.Add(Assert.ThrowsAny<OperationCanceledException>(
                () => provider.Refresh(new CancellationToken(canceled: true))).ToString());
            provider.Dispose();
            texts.Add(Assert.Throws<ObjectDisposedException>(() => provider.Refresh()).ToString());

            AssertNowhere(texts);
        }

        [Fact]
        public void TheIpInfoTokenAppearsInNoAttemptOrException()
        {
            using var server = LoopbackHttpServer.Always(401, "{\"error\":\"bad token " + Canary + "\"}");
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.IpInfoUrl = server.Url;
            options.IpInfoToken = Canary;
            var texts = new List<string>(new LocationDetector(options).Detect().Attempts);
            options.IpInfoToken = Canary + " with a space";
            texts.Add(Assert.Throws<ArgumentException>(() => new LocationDetector(options)).ToString());

            AssertNowhere(texts);
            Assert.Equal("Bearer " + Canary, Assert.Single(server.Requests).Header("Authorization"));
        }

        private static void Collect(List<string> texts, LiveIntensityProvider provider)
        {
            texts.Add(provider.Current.Source);
            texts.Add(provider.Current.Location);
            texts.Add(provider.LastResult?.ToString() ?? "");
        }

        private static void AssertNowhere(List<string> texts)
        {
            Assert.NotEmpty(texts);
            foreach (string text in texts)
            {
                Assert.DoesNotContain(Canary, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("CANARY", text, StringComparison.Ordinal);
            }
        }
    }
}
