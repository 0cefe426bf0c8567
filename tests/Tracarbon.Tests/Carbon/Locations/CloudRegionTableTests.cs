using System.Linq;
using Tracarbon.Carbon;
using Xunit;

namespace Tracarbon.Tests.Carbon.Locations
{
    public sealed class CloudRegionTableTests
    {
        private static CloudRegionTable Table => CloudRegionTable.Default;

        [Theory]
        [InlineData("aws:us-east-1", 415.755, "US")]
        [InlineData("aws:eu-west-3", 52, "FR")]
        [InlineData("aws:eu-north-1", 8, "SE")]
        [InlineData("aws:eu-west-2", 228, "GB")]
        [InlineData("aws:ap-east-1", 810, "HK")]
        [InlineData("aws:ap-southeast-1", 408.5, "SG")]
        public void AwsRegionsConvertTonnesToGramsExactly(string key, double grams, string country)
        {
            CloudRegion region = Table.Find(key);

            // 0.000415755 t/kWh x 1e6 = 415.755 g/kWh, with no binary rounding on the way.
            Assert.Equal(grams, region.Intensity.GramsPerKilowattHour);
            Assert.Equal(key, region.Intensity.Location);
            Assert.Equal(key, region.Key);
            Assert.Equal("aws", region.Provider);
            Assert.Equal(country, region.Country);
            Assert.Null(region.Intensity.Year);
            Assert.False(region.Intensity.IsFallback);
            Assert.StartsWith("Cloud Carbon Footprint grid-emissions-factors-aws.csv (", region.Intensity.Source);
        }

        [Theory]
        [InlineData("azure:westeurope")]
        [InlineData("azure:West Europe")]
        [InlineData("AZURE: WEST EUROPE")]
        [InlineData(" azure : westeurope ")]
        public void AzureTakesMetadataAndDisplayNamesInAnyCase(string key)
        {
            CloudRegion region = Table.Find(key);

            Assert.Equal("azure:westeurope", region.Key);
            Assert.Equal("West Europe", region.Name);
            Assert.Equal(390, region.Intensity.GramsPerKilowattHour);
            Assert.Equal("NL", region.Country);
            Assert.Equal("Netherlands", region.Location);
            Assert.Contains("grid-emissions-factors-azure.csv", region.Intensity.Source);
            Assert.Contains("EEA", region.Intensity.Source);
        }

        [Theory]
        [InlineData("azure:eastus", 415.755)]
        [InlineData("azure:francecentral", 67)]
        [InlineData("azure:swedencentral", 9)]
        [InlineData("azure:uksouth", 228)]
        public void AzureRegionsConvertExactly(string key, double grams)
        {
            Assert.Equal(grams, Table.Find(key).Intensity.GramsPerKilowattHour);
        }

        [Fact]
        public void AStateOrCityIsNoCountry()
        {
            CloudRegion eastUs = Table.Find("azure:eastus");

            Assert.Equal("Virginia", eastUs.Location);
            Assert.Null(eastUs.Country);
        }

        [Theory]
        [InlineData("gcp:europe-west1", 103.37, "BE")]
        [InlineData("GCP:Europe-West1", 103.37, "BE")]
        [InlineData("gcp:us-central1", 412.72, null)]
        [InlineData("gcp:europe-west9", 16.30, null)]
        [InlineData("gcp:asia-northeast1", 452.85, "JP")]
        public void GcpPrefersGoogles2024Figures(string key, double grams, string? country)
        {
            CloudRegion region = Table.Find(key);

            // CCF says 0.000196 t/kWh for europe-west1; Google's own 2024 figure is 103.37 g/kWh.
            Assert.Equal(grams, region.Intensity.GramsPerKilowattHour);
            Assert.Equal(2024, region.Intensity.Year);
            Assert.Contains("region-carbon-info", region.Intensity.Source);
            Assert.Contains("2024", region.Intensity.Source);
            Assert.Equal(country, region.Country);
        }

        [Fact]
        public void HoldsEveryUsableRowOfTheFourTables()
        {
            Assert.Equal(25, Table.Regions.Count(r => r.Provider == "aws"));

            // 24 Azure rows, two of them unusable (see below).
            Assert.Equal(22, Table.Regions.Count(r => r.Provider == "azure"));

            // Every CCF GCP region also appears among Google's 44.
            Assert.Equal(44, Table.Regions.Count(r => r.Provider == "gcp"));
            Assert.Equal(Table.Regions.Select(r => r.Key).OrderBy(k => k, System.StringComparer.Ordinal),
                Table.ValidRegions);
            Assert.All(Table.Regions, r => Assert.InRange(r.Intensity.GramsPerKilowattHour, 0, 2000));
        }

        [Theory]
        [InlineData("azure:finlandcentral", "000077")]
        [InlineData("azure:germanywestcentral", "000402")]
        public void AFigureMissingItsDecimalPointIsRefusedNotGuessed(string key, string figure)
        {
            Assert.False(Table.TryFind(key, out _));
            var ex = Assert.Throws<UnknownRegionException>(() => Table.Find(key));

            Assert.Contains(figure, ex.Message);
            Assert.DoesNotContain(key, ex.ValidRegions);
        }

        [Theory]
        [InlineData("aws:mars-north-1")]
        [InlineData("eu-west-3")]
        [InlineData("westeurope")]
        [InlineData("oracle:eu-west-3")]
        public void UnknownRegionsNameTheValueAndTheValidForm(string key)
        {
            var ex = Assert.Throws<UnknownRegionException>(() => Table.Find(key));

            Assert.Equal(key, ex.Region);
            Assert.Contains($"'{key}'", ex.Message);
            Assert.Contains("aws:eu-west-3", ex.Message);
            Assert.Contains("aws:eu-west-3", ex.ValidRegions);
            Assert.IsAssignableFrom<System.ArgumentException>(ex);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void ABlankRegionIsRequired(string? key)
        {
            var ex = Assert.Throws<UnknownRegionException>(() => Table.Find(key));

            Assert.StartsWith("A cloud region is required.", ex.Message);
        }
    }
}
