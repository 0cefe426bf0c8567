using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Tracarbon.Carbon;
using Tracarbon.Carbon.Locations;
using Xunit;

namespace Tracarbon.Tests.Carbon.Locations
{
    public sealed class LocationDetectorTests
    {
        [Fact]
        public void AnExplicitCountryWinsWithoutAnyRequest()
        {
            using var server = LoopbackHttpServer.Always(200, "{\"country\":\"DE\"}");
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.IpInfoUrl = server.Url;
            options.AwsMetadataUrl = server.Url;
            options.Country = "fr";
            options.Environment = DetectorFixtures.Environment(("TRACARBON_COUNTRY", "DE"));

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.Explicit, location.Method);
            Assert.Equal("FR", location.Country);
            Assert.Equal("France", location.CountryName);
            Assert.Null(location.Region);
            Assert.Empty(server.Requests);
        }

        [Fact]
        public void AnExplicitRegionBringsItsCountryAndProvider()
        {
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.Region = "AWS:EU-WEST-3";

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.Explicit, location.Method);
            Assert.Equal("aws:eu-west-3", location.Region);
            Assert.Equal("aws", location.CloudProvider);
            Assert.Equal("FR", location.Country);
        }

        [Fact]
        public void AnExplicitUnknownRegionOrCountryFailsWhenTheDetectorIsBuilt()
        {
            LocationDetectorOptions region = DetectorFixtures.Offline();
            region.Region = "aws:mars-1";
            LocationDetectorOptions country = DetectorFixtures.Offline();
            country.Country = "XX";

            Assert.Throws<UnknownRegionException>(() => new LocationDetector(region));
            Assert.Throws<UnknownCountryException>(() => new LocationDetector(country));
        }

        [Fact]
        public void TheEnvironmentCountryComesBeforeAnyService()
        {
            using var server = LoopbackHttpServer.Always(200, "{\"country\":\"DE\"}");
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.IpInfoUrl = server.Url;
            options.Environment = DetectorFixtures.Environment(("TRACARBON_COUNTRY", " gb "));

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.Environment, location.Method);
            Assert.Equal("GB", location.Country);
            Assert.Empty(server.Requests);
        }

        [Fact]
        public void TheEnvironmentRegionTakesAzureDisplayNames()
        {
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.Environment = DetectorFixtures.Environment(("TRACARBON_CLOUD_REGION", "azure:West Europe"));

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.Environment, location.Method);
            Assert.Equal("azure:westeurope", location.Region);
            Assert.Equal("NL", location.Country);
            Assert.Equal("azure", location.CloudProvider);
        }

        [Theory]
        [InlineData("TRACARBON_COUNTRY", "Atlantis")]
        [InlineData("TRACARBON_CLOUD_REGION", "aws:atlantis-1")]
        public void AnUnknownValueInTheEnvironmentNamesTheVariable(string variable, string value)
        {
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.Environment = DetectorFixtures.Environment((variable, value));

            var ex = Assert.Throws<ArgumentException>(() => new LocationDetector(options));

            Assert.Equal(variable, ex.ParamName);
            Assert.Contains(variable, ex.Message);
            Assert.Contains(value, ex.Message);
            Assert.IsAssignableFrom<ArgumentException>(ex.InnerException);
        }

        [Fact]
        public void NothingListeningEndsInNoneQuickly()
        {
            // Connection refused at every source: the answer must not wait for any timeout.
            var detector = new LocationDetector(DetectorFixtures.Offline());
            var watch = Stopwatch.StartNew();

            CarbonLocation location = detector.Detect();

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
            Assert.Equal(LocationMethod.None, location.Method);
            Assert.Null(location.Country);
            Assert.Null(location.Region);
            Assert.Equal(5, location.Attempts.Count);
            Assert.Contains("network error", location.Attempts[0]);
        }

        [Fact]
        public void ServersThatNeverAnswerAreBoundedByTheTimeouts()
        {
            using var silent = new LoopbackHttpServer(_ => Reply.Silent);
            var options = new LocationDetectorOptions
            {
                AwsMetadataUrl = silent.Url,
                GcpMetadataUrl = silent.Url,
                AzureMetadataUrl = silent.Url,
                IpInfoUrl = silent.Url,
                MetadataTimeout = TimeSpan.FromMilliseconds(300),
                GeolocationTimeout = TimeSpan.FromMilliseconds(500),
                Environment = DetectorFixtures.Environment(),
            };
            var watch = Stopwatch.StartNew();

            CarbonLocation location = new LocationDetector(options).Detect();

            // The three metadata probes run at once (0.3 s), then geolocation (0.5 s).
            Assert.Equal(LocationMethod.None, location.Method);
            Assert.InRange(watch.Elapsed.TotalSeconds, 0.75, 2.5);
            Assert.Equal(4, silent.Requests.Count);
            Assert.Contains("no answer within 0.3 s", location.Attempts[0]);
            Assert.Contains("no answer within 0.5 s", location.Attempts[3]);
        }

        [Fact]
        public void TheDefaultTimeoutsBoundAnOfflineDetectionToAFewSeconds()
        {
            using var silent = new LoopbackHttpServer(_ => Reply.Silent);
            var options = new LocationDetectorOptions
            {
                AwsMetadataUrl = silent.Url,
                GcpMetadataUrl = silent.Url,
                AzureMetadataUrl = silent.Url,
                IpInfoUrl = silent.Url,
                Environment = DetectorFixtures.Environment(),
            };
            var watch = Stopwatch.StartNew();

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.None, location.Method);
            Assert.InRange(watch.Elapsed.TotalSeconds, 3.9, 6);
        }

        [Fact]
        public async Task CancellingStopsTheDetectionAtOnce()
        {
            using var silent = new LoopbackHttpServer(_ => Reply.Silent);
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.AwsMetadataUrl = silent.Url;
            options.MetadataTimeout = TimeSpan.FromSeconds(30);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var watch = Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => new LocationDetector(options).DetectAsync(cancel.Token));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        }
    }
}
