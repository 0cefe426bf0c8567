using System;
using Tracarbon.Carbon;
using Xunit;

namespace Tracarbon.Tests.Carbon.Live
{
    public sealed class ElectricityMapsClientTests
    {
        [Fact]
        public void ReadsTheV3AnswerAndSendsTheKeyAsAuthToken()
        {
            using var server = LoopbackHttpServer.Always(200, LiveFixtures.V3France);

            LiveIntensityResult result = LiveFixtures.Client(server.Url).GetLatest("fr");

            Assert.Equal(LiveIntensityStatus.Success, result.Status);
            Assert.Equal(38, result.Value!.GramsPerKilowattHour);
            Assert.Equal("FR", result.Value.Location);
            Assert.Equal(new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), result.Value.Timestamp);
            Assert.False(result.Value.IsFallback);
            Assert.Equal("Electricity Maps live (v3 latest) at 2026-01-01T10:00Z, estimated", result.Value.Source);
            RecordedRequest request = Assert.Single(server.Requests);
            Assert.Equal("/v3/carbon-intensity/latest?zone=FR", request.Target);
            Assert.Equal(LiveFixtures.Key, request.Header("auth-token"));
        }

        [Fact]
        public void ReadsTheLegacyCo2SignalAnswer()
        {
            using var server = LoopbackHttpServer.Always(200, LiveFixtures.LegacyFrance);

            LiveIntensityResult result = LiveFixtures.Client(server.Url).GetLatest("FR");

            Assert.True(result.IsSuccess);
            Assert.Equal(42.5, result.Value!.GramsPerKilowattHour);
            Assert.Equal(new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), result.Value.Timestamp);
            Assert.Contains("CO2 Signal v1 format", result.Value.Source);
        }

        [Theory]
        [InlineData("/v1/latest?countryCode=", "/v1/latest?countryCode=DE")]
        [InlineData("/custom/path?zone=", "/custom/path?zone=DE")]
        [InlineData("", "/v3/carbon-intensity/latest?zone=DE")]
        [InlineData("/", "/v3/carbon-intensity/latest?zone=DE")]
        [InlineData("/proxy", "/proxy/v3/carbon-intensity/latest?zone=DE")]
        public void TakesTracarbonsUrlFormOrABareBaseUrl(string suffix, string expectedTarget)
        {
            using var server = LoopbackHttpServer.Always(200, LiveFixtures.LegacyFrance);
            var client = new ElectricityMapsClient(new ElectricityMapsOptions
            {
                Environment = name => name switch
                {
                    "TRACARBON_CO2SIGNAL_URL" => server.Url + suffix,
                    "TRACARBON_CO2SIGNAL_API_KEY" => LiveFixtures.Key,
                    _ => null,
                },
            });

            Assert.True(client.GetLatest("DE").IsSuccess);
            Assert.Equal(expectedTarget, Assert.Single(server.Requests).Target);
            Assert.Equal(LiveFixtures.Key, server.Requests[0].Header("auth-token"));
        }

        [Fact]
        public void TheDefaultServiceIsElectricityMaps()
        {
            // Compared as a string only; nothing is sent.
            var client = new ElectricityMapsClient(new ElectricityMapsOptions
            {
                ApiKey = LiveFixtures.Key,
                Environment = _ => null,
            });

            Assert.Equal("https://api.electricitymap.org", ElectricityMapsOptions.DefaultBaseUrl);
            Assert.Equal("https://api.electricitymap.org/", client.Endpoint.ToString());
        }

        [Theory]
        [InlineData(401, "", LiveIntensityStatus.Unauthorized, "HTTP 401")]
        [InlineData(403, "{}", LiveIntensityStatus.HttpError, "HTTP 403")]
        [InlineData(404, "{}", LiveIntensityStatus.HttpError, "HTTP 404")]
        [InlineData(429, "{}", LiveIntensityStatus.RateLimited, "HTTP 429")]
        [InlineData(500, "{}", LiveIntensityStatus.ServerError, "HTTP 500")]
        [InlineData(503, "<html>busy</html>", LiveIntensityStatus.ServerError, "HTTP 503")]
        [InlineData(200, "<html>maintenance</html>", LiveIntensityStatus.InvalidBody, "invalid body")]
        [InlineData(200, "[38]", LiveIntensityStatus.InvalidBody, "invalid body")]
        [InlineData(200, LiveFixtures.C14EmptyData, LiveIntensityStatus.MissingValue, "no carbonIntensity")]
        [InlineData(200, "{\"zone\":\"FR\",\"carbonIntensity\":null}", LiveIntensityStatus.MissingValue,
            "no carbonIntensity")]
        [InlineData(200, "{\"zone\":\"FR\",\"carbonIntensity\":\"38\"}", LiveIntensityStatus.MissingValue,
            "no carbonIntensity")]
        [InlineData(200, "{\"carbonIntensity\":-5}", LiveIntensityStatus.ImplausibleValue, "implausible value")]
        [InlineData(200, "{\"carbonIntensity\":2500}", LiveIntensityStatus.ImplausibleValue, "implausible value")]
        [InlineData(200, "{\"carbonIntensity\":1e6}", LiveIntensityStatus.ImplausibleValue, "implausible value")]
        [InlineData(200, "{\"carbonIntensity\":1e999}", LiveIntensityStatus.InvalidBody, "invalid body")]
        public void EachFailureIsATypedResultWithoutAValue(
            int status, string body, LiveIntensityStatus expected, string reason)
        {
            using var server = LoopbackHttpServer.Always(status, body);

            LiveIntensityResult result = LiveFixtures.Client(server.Url).GetLatest("FR");

            Assert.Equal(expected, result.Status);
            Assert.False(result.IsSuccess);
            Assert.Null(result.Value);
            Assert.Equal(reason, result.Reason);
            Assert.Equal(status, result.HttpStatus);
        }

        [Fact]
        public void TheBoundsThemselvesAreAccepted()
        {
            using var zero = LoopbackHttpServer.Always(200, "{\"carbonIntensity\":0}");
            using var top = LoopbackHttpServer.Always(200, "{\"carbonIntensity\":2000}");

            Assert.Equal(0, LiveFixtures.Client(zero.Url).GetLatest("IS").Value!.GramsPerKilowattHour);
            Assert.Equal(2000, LiveFixtures.Client(top.Url).GetLatest("IS").Value!.GramsPerKilowattHour);
        }

        [Fact]
        public void ASilentServerIsATimeoutAtTheTimeout()
        {
            using var server = new LoopbackHttpServer(_ => Reply.Silent);
            var watch = System.Diagnostics.Stopwatch.StartNew();

            LiveIntensityResult result = LiveFixtures.Client(server.Url, timeout: TimeSpan.FromMilliseconds(400))
                .GetLatest("FR");

            Assert.Equal(LiveIntensityStatus.Timeout, result.Status);
            Assert.Null(result.HttpStatus);
            Assert.InRange(watch.Elapsed.TotalSeconds, 0.35, 2.5);
        }

        [Fact]
        public void NothingListeningIsANetworkError()
        {
            LiveIntensityResult result = LiveFixtures.Client(LoopbackHttpServer.ClosedPortUrl()).GetLatest("FR");

            Assert.Equal(LiveIntensityStatus.NetworkError, result.Status);
            Assert.StartsWith("network error", result.Message);
        }
    }
}
