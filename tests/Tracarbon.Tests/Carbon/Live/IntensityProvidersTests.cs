using System;
using Tracarbon.Carbon;
using Xunit;

namespace Tracarbon.Tests.Carbon.Live
{
    public sealed class IntensityProvidersTests
    {
        [Fact]
        public void WithoutAKeyACountryGetsItsYearlyAverage()
        {
            IIntensityProvider provider = IntensityProviders.ForCountry("fr", environment: _ => null);

            Assert.IsType<FixedIntensityProvider>(provider);
            Assert.Equal(56.039, provider.Current.GramsPerKilowattHour);
            Assert.False(provider.Current.IsFallback);
        }

        [Fact]
        public void WithAKeyACountryGetsALiveProviderAlreadyRefreshing()
        {
            using var server = LoopbackHttpServer.Always(200, LiveFixtures.V3(44));
            Func<string, string?> environment = name => name switch
            {
                "TRACARBON_CO2SIGNAL_URL" => server.Url,
                "TRACARBON_CO2SIGNAL_API_KEY" => LiveFixtures.Key,
                _ => null,
            };

            IIntensityProvider provider = IntensityProviders.ForCountry("FR", environment: environment);
            server.WaitForRequests(1);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (provider.Current.GramsPerKilowattHour != 44 && watch.ElapsedMilliseconds < 5000)
            {
                System.Threading.Thread.Sleep(5);
            }

            var live = Assert.IsType<LiveIntensityProvider>(provider);
            live.Dispose();
            Assert.Equal(44, live.Current.GramsPerKilowattHour);
            Assert.Equal(LiveFixtures.Key, server.Requests[0].Header("auth-token"));
        }

        [Fact]
        public void AnExplicitEmptyKeyIsRefused()
        {
            Assert.Throws<ArgumentException>(() => IntensityProviders.ForCountry("FR", "", _ => null));
        }

        [Fact]
        public void OfflinePrefersTheRegionThenTheCountryThenTheWorld()
        {
            var region = new CarbonLocation("FR", "France", "aws:eu-west-3", "aws", null, LocationMethod.Explicit);
            var unknownRegion = new CarbonLocation(
                "NO", "Norway", "azure:norwayeast", "azure", null, LocationMethod.AzureMetadata);
            var nowhere = new CarbonLocation(null, null, null, null, null, LocationMethod.None);

            Assert.Equal(52, IntensityProviders.Offline(region).GramsPerKilowattHour);
            Assert.Equal("aws:eu-west-3", IntensityProviders.Offline(region).Location);
            Assert.Equal("NO", IntensityProviders.Offline(unknownRegion).Location);
            IntensityValue world = IntensityProviders.Offline(nowhere);
            Assert.Equal(CountryIntensityTable.Default.WorldAverage.GramsPerKilowattHour, world.GramsPerKilowattHour);
            Assert.True(world.IsFallback);
            Assert.EndsWith("as the location is unknown", world.Source);
        }

        [Fact]
        public void ForLocationWithoutAKeyIsFixedOnTheRegion()
        {
            var location = new CarbonLocation(
                "FR", "France", "aws:eu-west-3", "aws", null, LocationMethod.AwsMetadata);

            IIntensityProvider provider = IntensityProviders.ForLocation(location, environment: _ => null);

            Assert.IsType<FixedIntensityProvider>(provider);
            Assert.Equal(52, provider.Current.GramsPerKilowattHour);
        }
    }
}
