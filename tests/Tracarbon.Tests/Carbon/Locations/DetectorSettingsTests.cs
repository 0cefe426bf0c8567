using System;
using Tracarbon.Carbon.Locations;
using Xunit;

namespace Tracarbon.Tests.Carbon.Locations
{
    public sealed class DetectorSettingsTests
    {
        [Fact]
        public void TheDefaultsAreTheWellKnownServices()
        {
            // Only compared as strings: no test ever sends anything to these addresses.
            Assert.Equal("http://169.254.169.254", LocationDetectorOptions.DefaultAwsMetadataUrl);
            Assert.Equal("http://metadata.google.internal", LocationDetectorOptions.DefaultGcpMetadataUrl);
            Assert.Equal("http://169.254.169.254", LocationDetectorOptions.DefaultAzureMetadataUrl);
            Assert.Equal("https://ipinfo.io", LocationDetectorOptions.DefaultIpInfoUrl);

            var detector = new LocationDetector(new LocationDetectorOptions
            {
                Environment = DetectorFixtures.Environment(),
            });

            Assert.Equal("http://169.254.169.254/", detector.AwsMetadataUrl.ToString());
            Assert.Equal("http://metadata.google.internal/", detector.GcpMetadataUrl.ToString());
            Assert.Equal("http://169.254.169.254/", detector.AzureMetadataUrl.ToString());
            Assert.Equal("https://ipinfo.io/", detector.IpInfoUrl.ToString());
            Assert.Equal(TimeSpan.FromSeconds(1), detector.MetadataTimeout);
            Assert.Equal(TimeSpan.FromSeconds(3), detector.GeolocationTimeout);
        }

        [Fact]
        public void ACountryAndARegionBothInTheEnvironmentAreRefusedRatherThanMixed()
        {
            var ex = Assert.Throws<Tracarbon.Carbon.CountryWithRegionException>(() => new LocationDetector(
                new LocationDetectorOptions
                {
                    Environment = DetectorFixtures.Environment(
                        ("TRACARBON_COUNTRY", "FR"), ("TRACARBON_CLOUD_REGION", " aws:eu-central-1 ")),
                }));

            Assert.Equal(
                "Both TRACARBON_COUNTRY 'FR' and TRACARBON_CLOUD_REGION 'aws:eu-central-1' are set; they name two grids.",
                ex.Message);
            Assert.Equal("FR", ex.Country);
            Assert.Equal("aws:eu-central-1", ex.Region);
        }

        [Fact]
        public void EnvironmentUrlsReplaceTheDefaultsAndPropertiesReplaceTheEnvironment()
        {
            var detector = new LocationDetector(new LocationDetectorOptions
            {
                GcpMetadataUrl = "http://127.0.0.1:9/",
                Environment = DetectorFixtures.Environment(
                    ("TRACARBON_AWS_METADATA_URL", "http://127.0.0.1:1"),
                    ("TRACARBON_GCP_METADATA_URL", "http://127.0.0.1:2"),
                    ("TRACARBON_AZURE_METADATA_URL", "http://127.0.0.1:3"),
                    ("TRACARBON_IPINFO_URL", "https://127.0.0.1:4")),
            });

            Assert.Equal("http://127.0.0.1:1/", detector.AwsMetadataUrl.ToString());
            Assert.Equal("http://127.0.0.1:9/", detector.GcpMetadataUrl.ToString());
            Assert.Equal("http://127.0.0.1:3/", detector.AzureMetadataUrl.ToString());
            Assert.Equal("https://127.0.0.1:4/", detector.IpInfoUrl.ToString());
        }

        [Theory]
        [InlineData("file:///etc/passwd")]
        [InlineData("ftp://127.0.0.1/")]
        [InlineData("not a url")]
        [InlineData("127.0.0.1:8080")]
        [InlineData("gopher://127.0.0.1")]
        public void APropertyThatIsNoHttpUrlIsRefusedByName(string value)
        {
            var options = new LocationDetectorOptions
            {
                AwsMetadataUrl = value,
                Environment = DetectorFixtures.Environment(),
            };

            var ex = Assert.Throws<ArgumentException>(() => new LocationDetector(options));

            Assert.Equal("AwsMetadataUrl", ex.ParamName);
            Assert.Contains("http or https", ex.Message);
            Assert.Contains(value, ex.Message);
        }

        [Theory]
        [InlineData("TRACARBON_AWS_METADATA_URL")]
        [InlineData("TRACARBON_GCP_METADATA_URL")]
        [InlineData("TRACARBON_AZURE_METADATA_URL")]
        [InlineData("TRACARBON_IPINFO_URL")]
        public void AVariableThatIsNoHttpUrlIsRefusedByName(string variable)
        {
            var options = new LocationDetectorOptions
            {
                Environment = DetectorFixtures.Environment((variable, "file:///etc/shadow")),
            };

            var ex = Assert.Throws<ArgumentException>(() => new LocationDetector(options));

            Assert.Equal(variable, ex.ParamName);
            Assert.Contains("file:///etc/shadow", ex.Message);
        }

        [Fact]
        public void ATokenAHeaderCannotCarryIsRefusedWithoutQuotingIt()
        {
            var options = new LocationDetectorOptions
            {
                IpInfoToken = "secret\r\nX-Injected: 1",
                Environment = DetectorFixtures.Environment(),
            };

            var ex = Assert.Throws<ArgumentException>(() => new LocationDetector(options));

            Assert.Equal("IpInfoToken", ex.ParamName);
            Assert.DoesNotContain("secret", ex.Message);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(61_000)]
        public void TimeoutsMustBeShortAndPositive(int milliseconds)
        {
            var options = new LocationDetectorOptions
            {
                MetadataTimeout = TimeSpan.FromMilliseconds(milliseconds),
                Environment = DetectorFixtures.Environment(),
            };

            Assert.Throws<ArgumentOutOfRangeException>(() => new LocationDetector(options));
        }
    }
}
