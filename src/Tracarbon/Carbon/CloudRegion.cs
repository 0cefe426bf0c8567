namespace Tracarbon.Carbon
{
    /// <summary>One cloud region of <see cref="CloudRegionTable"/> with its grid intensity.</summary>
    public sealed class CloudRegion
    {
        internal CloudRegion(
            string key, string provider, string name, string? location, string? country, IntensityValue intensity)
        {
            Key = key;
            Provider = provider;
            Name = name;
            Location = location;
            Country = country;
            Intensity = intensity;
        }

        /// <summary>Provider, colon, region in lower case without spaces (<c>azure:westeurope</c>).</summary>
        public string Key { get; }

        /// <summary><c>aws</c>, <c>azure</c> or <c>gcp</c>.</summary>
        public string Provider { get; }

        /// <summary>The region as its table writes it (<c>eu-west-3</c>, <c>West Europe</c>).</summary>
        public string Name { get; }

        /// <summary>The place the table names for the region: a country, a state or a city.</summary>
        public string? Location { get; }

        /// <summary>ISO 3166-1 alpha-2 code when the table names the region's country; null otherwise.</summary>
        public string? Country { get; }

        /// <summary>The region's grid intensity in gCO2eq/kWh, located at <see cref="Key"/>.</summary>
        public IntensityValue Intensity { get; }

        public override string ToString() => Key;
    }
}
