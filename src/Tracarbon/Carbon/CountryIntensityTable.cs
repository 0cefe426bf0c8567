using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Tracarbon.Platform;
using Tracarbon.Platform.Json;

namespace Tracarbon.Carbon
{
    /// <summary>
    /// Yearly average carbon intensity per country from CodeCarbon's <c>global_energy_mix.json</c>
    /// (figures by Our World in Data and Ember), looked up by ISO 3166-1 alpha-2 or alpha-3 code.
    /// </summary>
    public sealed class CountryIntensityTable
    {
        internal const string ResourcePath = "codecarbon/global_energy_mix.json";

        internal const string TableName = "Our World in Data / Ember via CodeCarbon global_energy_mix.json";

        // Codes that are not ISO 3166-1 alpha-2 yet are common in the wild: ISO reserves UK for the
        // United Kingdom and the EU writes EL for Greece. Only these are accepted, nothing guessed.
        private static readonly IReadOnlyDictionary<string, string> Aliases =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["UK"] = "GB",
                ["EL"] = "GR",
            };

        private static readonly Lazy<CountryIntensityTable> DefaultTable = new Lazy<CountryIntensityTable>(
            () => Parse(EmbeddedData.ReadAllText(ResourcePath), IsoCountryTable.LoadEmbedded()),
            LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly Dictionary<string, CountryIntensity> _byCode;
        private readonly IReadOnlyList<string> _validCodes;

        private CountryIntensityTable(IReadOnlyList<CountryIntensity> countries, IntensityValue worldAverage)
        {
            // Read-only wrappers: Default is shared by every runspace, so no caller may reorder or edit it.
            Countries = countries.ToList().AsReadOnly();
            WorldAverage = worldAverage;
            _validCodes = countries.Select(c => c.Alpha2).ToList().AsReadOnly();

            // Alpha-2 and alpha-3 codes have different lengths, so one case-insensitive map holds both.
            _byCode = new Dictionary<string, CountryIntensity>(StringComparer.OrdinalIgnoreCase);
            foreach (CountryIntensity country in countries)
            {
                _byCode.Add(country.Alpha2, country);
                _byCode.Add(country.Alpha3, country);
            }
        }

        /// <summary>The table compiled into the engine, parsed on first use.</summary>
        public static CountryIntensityTable Default => DefaultTable.Value;

        /// <summary>Every country of the table, sorted by alpha-2 code.</summary>
        public IReadOnlyList<CountryIntensity> Countries { get; }

        /// <summary>
        /// The mean of the countries' intensities weighted by their electricity generation, for a
        /// machine whose country is unknown.
        /// </summary>
        public IntensityValue WorldAverage { get; }

        /// <summary>
        /// Finds a country by alpha-2 or alpha-3 code in any case, ignoring surrounding white space; UK and EL
        /// are read as GB and GR.
        /// </summary>
        public bool TryFind(string? code, [MaybeNullWhen(false)] out CountryIntensity country)
        {
            country = null;
            if (code == null)
            {
                return false;
            }

            string trimmed = code.Trim();
            if (Aliases.TryGetValue(trimmed, out string? alpha2))
            {
                trimmed = alpha2;
            }

            return _byCode.TryGetValue(trimmed, out country);
        }

        public CountryIntensity Find(string? code)
        {
            return TryFind(code, out CountryIntensity? country)
                ? country
                : throw new UnknownCountryException(code, _validCodes);
        }

        public IntensityValue ToIntensity(CountryIntensity country)
        {
            if (country == null)
            {
                throw new ArgumentNullException(nameof(country));
            }

            return new IntensityValue(country.GramsPerKilowattHour, country.Alpha2, country.Source, country.Year);
        }

        /// <summary>Builds a table from the energy-mix JSON, keyed by alpha-3, and the ISO code list.</summary>
        internal static CountryIntensityTable Parse(string energyMixJson, IReadOnlyList<IsoCountry> isoCountries)
        {
            Dictionary<string, IsoCountry> byAlpha3 = isoCountries.ToDictionary(c => c.Alpha3, StringComparer.Ordinal);
            JsonValue root = JsonValue.Parse(energyMixJson);
            if (root.Kind != JsonKind.Object)
            {
                throw Invalid("the top level is not an object keyed by alpha-3 code");
            }

            var countries = new List<CountryIntensity>();
            double weightedSum = 0;
            double generationSum = 0;
            foreach (KeyValuePair<string, JsonValue> entry in root.Properties)
            {
                if (!byAlpha3.TryGetValue(entry.Key, out IsoCountry? iso))
                {
                    throw Invalid($"the key '{entry.Key}' is not an alpha-3 code of '{IsoCountryTable.ResourcePath}'");
                }

                JsonValue row = entry.Value;
                if (!row.TryGetNumber("carbon_intensity", out double grams) || grams < 0
                    || !row.TryGetNumber("total_TWh", out double generation) || generation < 0
                    || !row.TryGetInt32("year", out int year)
                    || !row.TryGetString("country_name", out string? name))
                {
                    throw Invalid($"the row '{entry.Key}' lacks a carbon_intensity, total_TWh, year or country_name");
                }

                string source = string.Format(CultureInfo.InvariantCulture, "{0} ({1})", TableName, year);
                countries.Add(new CountryIntensity(iso.Alpha2, iso.Alpha3, name, grams, year, source));

                // total_TWh is the country's generation, so large grids weigh in proportion to their output.
                weightedSum += grams * generation;
                generationSum += generation;
            }

            if (countries.Count == 0 || generationSum <= 0)
            {
                throw Invalid("it holds no country with electricity generation");
            }

            countries.Sort((a, b) => string.CompareOrdinal(a.Alpha2, b.Alpha2));
            IntensityValue world = new IntensityValue(
                weightedSum / generationSum, "World", DescribeWorldAverage(countries), MostCommonYear(countries));
            return new CountryIntensityTable(countries, world);
        }

        private static string DescribeWorldAverage(IReadOnlyList<CountryIntensity> countries)
        {
            return string.Format(
                CultureInfo.InvariantCulture,
                "{0} (generation-weighted world average of {1} countries, data years {2} to {3})",
                TableName,
                countries.Count,
                countries.Min(c => c.Year),
                countries.Max(c => c.Year));
        }

        // Countries report different years; the one most of them share labels the average, the later on a tie.
        private static int MostCommonYear(IEnumerable<CountryIntensity> countries) => countries
            .GroupBy(c => c.Year)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Key)
            .First()
            .Key;

        private static InvalidDataException Invalid(string reason) =>
            new InvalidDataException($"The embedded table '{ResourcePath}' is malformed: {reason}.");
    }
}
