using System;

namespace Tracarbon.Carbon
{
    /// <summary>
    /// Builds the provider a session needs from what the user gave: live Electricity Maps figures when an API
    /// key is at hand, the offline tables otherwise. A live provider comes back already refreshing in the
    /// background; dispose it (it is <see cref="IDisposable"/>) when the session ends.
    /// </summary>
    public static class IntensityProviders
    {
        /// <summary>
        /// Live for <paramref name="country"/> when <paramref name="apiKey"/> or TRACARBON_CO2SIGNAL_API_KEY is set
        /// (an empty one is refused), else the country's yearly average. An unknown code throws
        /// <see cref="UnknownCountryException"/>.
        /// </summary>
        public static IIntensityProvider ForCountry(
            string country, string? apiKey = null, Func<string, string?>? environment = null)
        {
            environment ??= Environment.GetEnvironmentVariable;
            CountryIntensityTable table = CountryIntensityTable.Default;
            CountryIntensity found = table.Find(country);
            if (apiKey == null && environment(ElectricityMapsOptions.ApiKeyVariable) == null)
            {
                return new FixedIntensityProvider(table.ToIntensity(found));
            }

            var client = new ElectricityMapsClient(
                new ElectricityMapsOptions { ApiKey = apiKey, Environment = environment });
            var live = new LiveIntensityProvider(client, found.Alpha2);
            live.StartBackgroundRefresh();
            return live;
        }

        /// <summary>
        /// For a detected location: live for its country when a key is set, else the offline value of
        /// <see cref="Offline"/>.
        /// </summary>
        public static IIntensityProvider ForLocation(
            CarbonLocation location, string? apiKey = null, Func<string, string?>? environment = null)
        {
            if (location == null)
            {
                throw new ArgumentNullException(nameof(location));
            }

            environment ??= Environment.GetEnvironmentVariable;
            bool hasKey = apiKey != null || environment(ElectricityMapsOptions.ApiKeyVariable) != null;
            return hasKey && CountryIntensityTable.Default.TryFind(location.Country, out _)
                ? ForCountry(location.Country!, apiKey, environment)
                : new FixedIntensityProvider(Offline(location));
        }

        /// <summary>
        /// The most specific yearly figure: the cloud region's, else the country's, else the world average,
        /// whose source says why it applies.
        /// </summary>
        public static IntensityValue Offline(CarbonLocation location)
        {
            if (location == null)
            {
                throw new ArgumentNullException(nameof(location));
            }

            if (CloudRegionTable.Default.TryFind(location.Region, out CloudRegion? region))
            {
                return region.Intensity;
            }

            CountryIntensityTable table = CountryIntensityTable.Default;
            if (table.TryFind(location.Country, out CountryIntensity? country))
            {
                return table.ToIntensity(country);
            }

            IntensityValue world = table.WorldAverage;
            return new IntensityValue(
                world.GramsPerKilowattHour,
                world.Location,
                world.Source + ", as the location is unknown",
                world.Year,
                world.Timestamp,
                isFallback: true);
        }
    }
}
