using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Tracarbon.Carbon;
using Xunit;

namespace Tracarbon.Tests.Carbon
{
    public sealed class CountryIntensityTableTests
    {
        private const string TableName = "Our World in Data / Ember via CodeCarbon global_energy_mix.json";

        private static CountryIntensityTable Table => CountryIntensityTable.Default;

        [Fact]
        public void HoldsEveryCountryOfTheTableSortedByAlpha2()
        {
            string[] codes = Table.Countries.Select(c => c.Alpha2).ToArray();

            Assert.Equal(213, codes.Length);
            Assert.Equal(codes.OrderBy(c => c, StringComparer.Ordinal), codes);
            Assert.Equal(213, codes.Distinct().Count());
            Assert.Equal("AE", codes[0]);
            Assert.Equal("ZW", codes[212]);
        }

        [Fact]
        public void FindsFranceWithItsFigureYearAndSource()
        {
            CountryIntensity france = Table.Find("FR");

            Assert.Equal("FR", france.Alpha2);
            Assert.Equal("FRA", france.Alpha3);
            Assert.Equal("France", france.Name);
            Assert.Equal(56.039, france.GramsPerKilowattHour);
            Assert.Equal(2023, france.Year);
            Assert.Equal(TableName + " (2023)", france.Source);
        }

        [Fact]
        public void GivesEachCountryTheYearOfItsOwnRow()
        {
            CountryIntensity aruba = Table.Find("AW");
            CountryIntensity westernSahara = Table.Find("EH");

            Assert.Equal(561.224, aruba.GramsPerKilowattHour);
            Assert.Equal(2022, aruba.Year);
            Assert.Equal(TableName + " (2022)", aruba.Source);
            Assert.Equal("ESH", westernSahara.Alpha3);
            Assert.Equal(2009, westernSahara.Year);
        }

        [Theory]
        [InlineData("fr")]
        [InlineData("Fr")]
        [InlineData(" FRA ")]
        [InlineData("fra")]
        [InlineData("\tFR\r\n")]
        public void AcceptsEitherCodeInAnyCaseWithSurroundingWhiteSpace(string code)
        {
            Assert.True(Table.TryFind(code, out CountryIntensity? country));
            Assert.Same(Table.Find("FR"), country);
        }

        [Fact]
        public void FindsSwedenBySweNotSwitzerland()
        {
            CountryIntensity sweden = Table.Find("SWE");

            Assert.Equal("SE", sweden.Alpha2);
            Assert.Equal("Sweden", sweden.Name);
            Assert.Equal("Switzerland", Table.Find("CHE").Name);
            Assert.Equal("CH", Table.Find("CHE").Alpha2);
            Assert.False(Table.TryFind("SWI", out _));
        }

        [Fact]
        public void NamesGermanyByDeu()
        {
            CountryIntensity germany = Table.Find("DEU");

            Assert.Equal("Germany", germany.Name);
            Assert.Equal("DE", germany.Alpha2);
            Assert.Same(germany, Table.Find("de"));
        }

        [Fact]
        public void FindsTheUnitedKingdomByGbThroughGbr()
        {
            CountryIntensity kingdom = Table.Find("GB");

            Assert.Equal("GBR", kingdom.Alpha3);
            Assert.Equal("United Kingdom", kingdom.Name);
            Assert.Same(kingdom, Table.Find("GBR"));
            Assert.NotEqual("Canada", kingdom.Name);
        }

        [Theory]
        [InlineData("UK", "GB", "United Kingdom")]
        [InlineData(" uk ", "GB", "United Kingdom")]
        [InlineData("EL", "GR", "Greece")]
        public void AcceptsOnlyTheDeclaredAliases(string alias, string alpha2, string name)
        {
            CountryIntensity country = Table.Find(alias);

            Assert.Equal(alpha2, country.Alpha2);
            Assert.Equal(name, country.Name);
            Assert.Equal(alpha2, Table.ToIntensity(country).Location);
        }

        [Theory]
        [InlineData("France")]
        [InlineData("F")]
        [InlineData("FRAN")]
        [InlineData("F R")]
        [InlineData("UKR1")]
        [InlineData("GBR.")]
        [InlineData("ENG")]
        public void MatchesNothingFuzzy(string code)
        {
            Assert.False(Table.TryFind(code, out CountryIntensity? country));
            Assert.Null(country);
        }

        [Theory]
        [InlineData("XX")]
        [InlineData("ZZZ")]
        [InlineData("Atlantis")]
        public void UnknownCodeThrowsNamingItAndListingTheValidCodes(string code)
        {
            var error = Assert.Throws<UnknownCountryException>(() => Table.Find(code));

            Assert.IsAssignableFrom<ArgumentException>(error);
            Assert.Equal(code, error.Code);
            Assert.Equal(213, error.ValidCodes.Count);
            Assert.Contains("FR", error.ValidCodes);
            Assert.Contains("GB", error.ValidCodes);
            Assert.DoesNotContain("UK", error.ValidCodes);
            Assert.Equal(error.ValidCodes.OrderBy(c => c, StringComparer.Ordinal), error.ValidCodes);
            Assert.Equal(
                $"The country code '{code}' is not known. "
                + "Valid values are ISO 3166-1 alpha-2 codes such as FR, DE, GB (213 known).",
                error.Message);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void MissingCodeThrowsTheSameTypeSayingACodeIsRequired(string? code)
        {
            var error = Assert.Throws<UnknownCountryException>(() => Table.Find(code));

            Assert.Equal(code, error.Code);
            Assert.Equal(213, error.ValidCodes.Count);
            Assert.Contains("FR", error.ValidCodes);
            Assert.StartsWith("A country code is required. Valid values are ISO 3166-1 alpha-2 codes", error.Message);
            Assert.False(Table.TryFind(code, out _));
        }

        [Fact]
        public void WorldAverageIsWeightedByGeneration()
        {
            IntensityValue world = Table.WorldAverage;

            Assert.Equal(480.6174, world.GramsPerKilowattHour, 4);
            Assert.InRange(world.GramsPerKilowattHour, 480.61740136457183 - 1e-9, 480.61740136457183 + 1e-9);
            Assert.Equal("World", world.Location);
            Assert.Equal(2022, world.Year);
            Assert.Equal(
                TableName + " (generation-weighted world average of 213 countries, data years 2009 to 2023)",
                world.Source);
            Assert.False(world.IsFallback);
        }

        [Fact]
        public void ToIntensityCarriesTheFigureLocationYearAndSource()
        {
            IntensityValue value = Table.ToIntensity(Table.Find("fra"));

            Assert.Equal(56.039, value.GramsPerKilowattHour);
            Assert.Equal("FR", value.Location);
            Assert.Equal(2023, value.Year);
            Assert.Equal(TableName + " (2023)", value.Source);
            Assert.Null(value.Timestamp);
            Assert.False(value.IsFallback);
        }

        [Fact]
        public void SharedListsCannotBeChangedByACaller()
        {
            var error = Assert.Throws<UnknownCountryException>(() => Table.Find("XX"));

            Assert.False(Table.Countries is List<CountryIntensity>);
            Assert.False(error.ValidCodes is string[] || error.ValidCodes is List<string>);
        }

        [Fact]
        public void DefaultIsLoadedOnceEvenUnderConcurrentFirstUse()
        {
            CountryIntensityTable[] seen = new CountryIntensityTable[16];

            Parallel.For(0, seen.Length, i => seen[i] = CountryIntensityTable.Default);

            Assert.All(seen, t => Assert.Same(CountryIntensityTable.Default, t));
        }
    }
}
