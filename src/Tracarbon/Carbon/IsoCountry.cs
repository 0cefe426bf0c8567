namespace Tracarbon.Carbon
{
    /// <summary>One row of the ISO 3166-1 table shipped as <c>Data/iso3166.csv</c>.</summary>
    internal sealed class IsoCountry
    {
        public IsoCountry(string alpha2, string alpha3, string name)
        {
            Alpha2 = alpha2;
            Alpha3 = alpha3;
            Name = name;
        }

        public string Alpha2 { get; }

        public string Alpha3 { get; }

        public string Name { get; }
    }
}
