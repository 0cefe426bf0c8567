using System;

namespace Tracarbon
{
    /// <summary>A country's grid carbon intensity, as Get-CarbonIntensity returns it.</summary>
    public sealed class CarbonIntensity
    {
        public CarbonIntensity(
            string country,
            string countryName,
            double intensityGramsPerKilowattHour,
            string source,
            int? year,
            DateTimeOffset? timestamp = null)
        {
            Country = country;
            CountryName = countryName;
            IntensityGramsPerKilowattHour = intensityGramsPerKilowattHour;
            Source = source;
            Year = year;
            Timestamp = timestamp;
        }

        /// <summary>ISO 3166-1 alpha-2 code, or <c>World</c> for the world average.</summary>
        public string Country { get; }

        public string CountryName { get; }

        /// <summary>Grams of CO2-equivalent per kilowatt-hour.</summary>
        public double IntensityGramsPerKilowattHour { get; }

        public string Source { get; }

        /// <summary>The year a yearly average describes; null for live data.</summary>
        public int? Year { get; }

        /// <summary>When live data was valid; null for a yearly average.</summary>
        public DateTimeOffset? Timestamp { get; }
    }
}
