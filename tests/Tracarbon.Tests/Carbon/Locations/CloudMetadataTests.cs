using System.Linq;
using Tracarbon.Carbon.Locations;
using Xunit;

namespace Tracarbon.Tests.Carbon.Locations
{
    public sealed class CloudMetadataTests
    {
        private const string Token = "AQAEAFake-session-token==";

        // An IMDSv2 server: a token only from a PUT that asks for a lifetime, data only with that token.
        private static Reply Imds(RecordedRequest r)
        {
            if (r.Target == "/latest/api/token")
            {
                return r.Method == "PUT" && r.Header("X-aws-ec2-metadata-token-ttl-seconds") != null
                    ? new Reply(200, Token)
                    : new Reply(405, string.Empty);
            }

            if (r.Method != "GET" || r.Header("X-aws-ec2-metadata-token") != Token)
            {
                return new Reply(401, string.Empty);
            }

            return r.Target switch
            {
                "/latest/meta-data/placement/region" => new Reply(200, "eu-west-3"),
                "/latest/meta-data/instance-type" => new Reply(200, "m5.large"),
                _ => new Reply(404, string.Empty),
            };
        }

        private static Reply GoogleMetadata(RecordedRequest r)
        {
            if (r.Header("Metadata-Flavor") != "Google")
            {
                return new Reply(403, "Missing Metadata-Flavor:Google header.");
            }

            (string, string) flavor = ("Metadata-Flavor", "Google");
            return r.Target switch
            {
                "/computeMetadata/v1/instance/zone" => new Reply(200, "projects/1/zones/europe-west1-b", flavor),
                "/computeMetadata/v1/instance/machine-type" =>
                    new Reply(200, "projects/1/machineTypes/e2-medium", flavor),
                _ => new Reply(404, string.Empty, flavor),
            };
        }

        private static Reply AzureMetadata(RecordedRequest r, string location = "westeurope")
        {
            if (r.Header("Metadata") != "true")
            {
                return new Reply(400, "{\"error\":\"Bad request. Required metadata header not specified\"}");
            }

            return r.Target == "/metadata/instance/compute?api-version=2021-02-01"
                ? new Reply(200, $"{{\"location\":\"{location}\",\"vmSize\":\"Standard_D2s_v3\",\"zone\":\"1\"}}")
                : new Reply(404, string.Empty);
        }

        [Fact]
        public void AwsGetsATokenByPutThenReadsRegionAndInstanceTypeWithIt()
        {
            using var server = new LoopbackHttpServer(Imds);
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.AwsMetadataUrl = server.Url;

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.AwsMetadata, location.Method);
            Assert.Equal("aws:eu-west-3", location.Region);
            Assert.Equal("aws", location.CloudProvider);
            Assert.Equal("m5.large", location.InstanceType);
            Assert.Equal("FR", location.Country);
            Assert.Equal("France", location.CountryName);

            var requests = server.Requests;
            Assert.Equal(3, requests.Count);
            Assert.Equal("PUT /latest/api/token", requests[0].ToString());
            Assert.True(int.Parse(requests[0].Header("X-aws-ec2-metadata-token-ttl-seconds")!) > 0);
            Assert.All(requests.Skip(1), r => Assert.Equal(Token, r.Header("X-aws-ec2-metadata-token")));
            Assert.DoesNotContain(location.Attempts, a => a.Contains(Token));
        }

        [Fact]
        public void AwsWithoutATokenFindsNothing()
        {
            using var server = new LoopbackHttpServer(
                r => r.Method == "PUT" ? new Reply(403, string.Empty) : new Reply(200, "eu-west-3"));
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.AwsMetadataUrl = server.Url;
            options.UseGeolocation = false;

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.None, location.Method);
            Assert.Contains("AWS metadata", location.Attempts[0]);
            Assert.Contains("HTTP 403", location.Attempts[0]);
            Assert.Single(server.Requests);
        }

        [Fact]
        public void AnHtmlPageIsNoRegion()
        {
            // A captive portal answers 200 to anything.
            using var portal = LoopbackHttpServer.Always(200, "<html><body>Sign in to the Wi-Fi</body></html>");
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.AwsMetadataUrl = portal.Url;
            options.GcpMetadataUrl = portal.Url;
            options.AzureMetadataUrl = portal.Url;
            options.UseGeolocation = false;

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.None, location.Method);
            Assert.Contains("unreadable session token", location.Attempts[0]);
            Assert.Contains("Metadata-Flavor", location.Attempts[1]);
            Assert.Contains("'location'", location.Attempts[2]);
        }

        [Fact]
        public void GcpSendsTheFlavorHeaderAndCutsTheZoneToItsRegion()
        {
            using var server = new LoopbackHttpServer(GoogleMetadata);
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.GcpMetadataUrl = server.Url;

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.GcpMetadata, location.Method);
            Assert.Equal("gcp:europe-west1", location.Region);
            Assert.Equal("e2-medium", location.InstanceType);
            Assert.Equal("BE", location.Country);
            Assert.Equal(2, server.Requests.Count);
            Assert.All(server.Requests, r => Assert.Equal("Google", r.Header("Metadata-Flavor")));
        }

        [Fact]
        public void AzureSendsTheMetadataHeaderAndReadsLocationAndVmSize()
        {
            using var server = new LoopbackHttpServer(r => AzureMetadata(r));
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.AzureMetadataUrl = server.Url;

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.AzureMetadata, location.Method);
            Assert.Equal("azure:westeurope", location.Region);
            Assert.Equal("Standard_D2s_v3", location.InstanceType);
            Assert.Equal("NL", location.Country);
            RecordedRequest request = Assert.Single(server.Requests);
            Assert.Equal("true", request.Header("Metadata"));
        }

        [Fact]
        public void ARegionMissingFromTheTableIsKeptWithoutACountry()
        {
            using var server = new LoopbackHttpServer(r => AzureMetadata(r, "norwayeast"));
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.AzureMetadataUrl = server.Url;

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.AzureMetadata, location.Method);
            Assert.Equal("azure:norwayeast", location.Region);
            Assert.Null(location.Country);
            Assert.Contains(location.Attempts, a => a.Contains("'azure:norwayeast' is not in the cloud region table"));
        }

        [Fact]
        public void AwsWinsWhenSeveralCloudsAnswer()
        {
            using var aws = new LoopbackHttpServer(Imds);
            using var gcp = new LoopbackHttpServer(GoogleMetadata);
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.AwsMetadataUrl = aws.Url;
            options.GcpMetadataUrl = gcp.Url;

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.AwsMetadata, location.Method);
            Assert.Equal("aws:eu-west-3", location.Region);
        }

        [Fact]
        public void IpInfoGivesTheCountryAndCarriesItsTokenInAHeader()
        {
            const string token = "ipinfo-secret-1234";
            using var server = LoopbackHttpServer.Always(
                200, "{\"ip\":\"203.0.113.7\",\"city\":\"Lyon\",\"country\":\"fr\",\"timezone\":\"Europe/Paris\"}");
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.IpInfoUrl = server.Url;
            options.Environment = DetectorFixtures.Environment(("TRACARBON_IPINFO_TOKEN", token));

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.IpGeolocation, location.Method);
            Assert.Equal("FR", location.Country);
            Assert.Equal("France", location.CountryName);
            Assert.Null(location.Region);
            RecordedRequest request = Assert.Single(server.Requests);
            Assert.Equal("/json", request.Target);
            Assert.Equal("Bearer " + token, request.Header("Authorization"));
            Assert.DoesNotContain(location.Attempts, a => a.Contains(token));
        }

        [Fact]
        public void IpInfoWithoutATokenSendsNoAuthorization()
        {
            using var server = LoopbackHttpServer.Always(200, "{\"country\":\"SE\"}");
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.IpInfoUrl = server.Url;

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal("SE", location.Country);
            Assert.Null(Assert.Single(server.Requests).Header("Authorization"));
        }

        [Theory]
        [InlineData(200, "{\"ip\":\"203.0.113.7\",\"bogon\":true}")]
        [InlineData(200, "{\"country\":\"France\"}")]
        [InlineData(200, "not json")]
        [InlineData(429, "{\"error\":\"rate limited\"}")]
        public void IpInfoWithoutATwoLetterCountryFindsNothing(int status, string body)
        {
            using var server = LoopbackHttpServer.Always(status, body);
            LocationDetectorOptions options = DetectorFixtures.Offline();
            options.IpInfoUrl = server.Url;
            options.UseCloudMetadata = false;

            CarbonLocation location = new LocationDetector(options).Detect();

            Assert.Equal(LocationMethod.None, location.Method);
            Assert.Null(location.Country);
            Assert.Contains("IP geolocation", location.Attempts[0]);
        }
    }
}
