using System;

namespace Tracarbon.Carbon
{
    /// <summary>
    /// A country and a cloud region given together, here by TRACARBON_COUNTRY and TRACARBON_CLOUD_REGION:
    /// a region has a grid figure of its own, so the two name different intensities and which one was meant
    /// cannot be guessed.
    /// </summary>
    public sealed class CountryWithRegionException : ArgumentException
    {
        public CountryWithRegionException(string country, string region, string countrySource, string regionSource)
            : base($"Both {countrySource} '{country}' and {regionSource} '{region}' are set; they name two grids.")
        {
            Country = country;
            Region = region;
        }

        public string Country { get; }

        public string Region { get; }
    }
}
