using System.Collections.Generic;
using System.IO;
using System.Linq;
using Tracarbon.Carbon;
using Tracarbon.Platform;
using Tracarbon.Platform.Json;
using Xunit;

namespace Tracarbon.Tests.Carbon
{
    // The shipped tables checked against each other, and the loaders against small made-up tables.
    public sealed class CountryDataTests
    {
        private static readonly IReadOnlyList<IsoCountry> Iso = new[]
        {
            new IsoCountry("AA", "AAA", "Alpha"),
            new IsoCountry("BB", "BBB", "Beta"),
            new IsoCountry("CC", "CCC", "Gamma"),
        };

        [Fact]
        public void EveryEnergyMixKeyMapsToItsOwnAlpha2Row()
        {
            JsonValue mix = JsonValue.Parse(EmbeddedData.ReadAllText("codecarbon/global_energy_mix.json"));
            var isoByAlpha3 = IsoCountryTable.LoadEmbedded().ToDictionary(c => c.Alpha3);

            Assert.Equal(213, mix.Properties.Count);
            foreach (KeyValuePair<string, JsonValue> row in mix.Properties)
            {
                Assert.True(isoByAlpha3.ContainsKey(row.Key), $"'{row.Key}' has no ISO 3166-1 row");
                Assert.True(CountryIntensityTable.Default.TryFind(row.Key, out CountryIntensity? country));

                // Same row, not a neighbour: the figure and the name travel with the key.
                Assert.Equal(isoByAlpha3[row.Key].Alpha2, country.Alpha2);
                Assert.Equal(row.Key, country.Alpha3);
                Assert.Equal(row.Value["country_name"].GetString(), country.Name);
                Assert.Equal(row.Value["carbon_intensity"].GetNumber(), country.GramsPerKilowattHour);
                Assert.Equal(row.Value["year"].GetNumber(), country.Year);
            }
        }

        [Theory]
        [InlineData("SE", "SWE", "Sweden")]
        [InlineData("CH", "CHE", "Switzerland")]
        [InlineData("DE", "DEU", "Germany")]
        [InlineData("GB", "GBR", "United Kingdom")]
        [InlineData("EH", "ESH", "Western Sahara")]
        [InlineData("CI", "CIV", "Côte d’Ivoire")]
        public void IsoTableHoldsTheStandardCodes(string alpha2, string alpha3, string name)
        {
            IsoCountry row = Assert.Single(IsoCountryTable.LoadEmbedded(), c => c.Alpha2 == alpha2);

            Assert.Equal(alpha3, row.Alpha3);
            Assert.Equal(name, row.Name);
        }

        [Fact]
        public void IsoTableHasOneRowPerEnergyMixCountry()
        {
            Assert.Equal(213, IsoCountryTable.LoadEmbedded().Count);
        }

        [Fact]
        public void WorldAverageWeighsEachCountryByItsGeneration()
        {
            const string json =
                "{\"AAA\":{\"carbon_intensity\":100,\"total_TWh\":1,\"year\":2021,\"country_name\":\"A\"},"
                + "\"BBB\":{\"carbon_intensity\":400,\"total_TWh\":3,\"year\":2023,\"country_name\":\"B\"},"
                + "\"CCC\":{\"carbon_intensity\":900,\"total_TWh\":0,\"year\":2021,\"country_name\":\"C\"}}";

            CountryIntensityTable table = CountryIntensityTable.Parse(json, Iso);

            // (100 x 1 + 400 x 3 + 900 x 0) / 4; a plain mean would give 466.67.
            Assert.Equal(325.0, table.WorldAverage.GramsPerKilowattHour, 12);
            Assert.Equal(2021, table.WorldAverage.Year);
            Assert.Equal(new[] { "AA", "BB", "CC" }, table.Countries.Select(c => c.Alpha2));
        }

        [Fact]
        public void MostCommonYearTieGoesToTheLaterYear()
        {
            const string json =
                "{\"AAA\":{\"carbon_intensity\":1,\"total_TWh\":1,\"year\":2021,\"country_name\":\"A\"},"
                + "\"BBB\":{\"carbon_intensity\":1,\"total_TWh\":1,\"year\":2023,\"country_name\":\"B\"}}";

            Assert.Equal(2023, CountryIntensityTable.Parse(json, Iso).WorldAverage.Year);
        }

        [Theory]
        [InlineData("SWI", "1", "2021", "'SWI'")]
        [InlineData("AAA", "\"1\"", "2021", "'AAA'")]
        [InlineData("AAA", "-1", "2021", "'AAA'")]
        [InlineData("AAA", "1", "2021.5", "'AAA'")]
        [InlineData("AAA", "1", "null", "'AAA'")]
        public void RejectsARowItCannotTrust(string key, string grams, string year, string named)
        {
            string json = $"{{\"{key}\":{{\"carbon_intensity\":{grams},\"total_TWh\":1,\"year\":{year},"
                + "\"country_name\":\"X\"}}";

            var error = Assert.Throws<InvalidDataException>(() => CountryIntensityTable.Parse(json, Iso));

            Assert.Contains(named, error.Message);
        }

        [Theory]
        [InlineData("[]", "top level")]
        [InlineData("{}", "no country")]
        public void RejectsATableItCannotTrust(string json, string named)
        {
            var error = Assert.Throws<InvalidDataException>(() => CountryIntensityTable.Parse(json, Iso));

            Assert.Contains(named, error.Message);
        }

        [Theory]
        [InlineData("alpha2,alpha3,name\nGB,GBR,United Kingdom\nUK,GBR,United Kingdom\n", 3)]
        [InlineData("alpha2,alpha3,name\ngb,GBR,United Kingdom\n", 2)]
        [InlineData("alpha2,alpha3,name\nGB,GBR\n", 2)]
        [InlineData("alpha2,alpha3,name\nKR,KOR,Korea, Republic of\n", 2)]
        [InlineData("code,name\n", 1)]
        public void IsoParserRejectsMalformedRows(string csv, int line)
        {
            var error = Assert.Throws<InvalidDataException>(() => IsoCountryTable.Parse(csv));

            Assert.Contains($"at line {line}:", error.Message);
        }

        [Fact]
        public void IsoParserAcceptsWindowsLineEndings()
        {
            IReadOnlyList<IsoCountry> rows = IsoCountryTable.Parse("alpha2,alpha3,name\r\nFR,FRA,France\r\n");

            Assert.Equal("France", Assert.Single(rows).Name);
        }
    }
}
