using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;

namespace Tracarbon.Carbon
{
    /// <summary>
    /// Country names and codes from the ISO 3166-1 table, for labels and for the cloud tables that
    /// name a country in words instead of a code.
    /// </summary>
    internal static class CountryNames
    {
        // Names the cloud tables use that are not the ISO short names. Declared one by one, never guessed:
        // England is part of GB, and the ISO name of HK is "Hong Kong SAR China".
        private static readonly IReadOnlyDictionary<string, string> NameAliases =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["England"] = "GB",
                ["Hong Kong"] = "HK",
            };

        private static readonly Lazy<Tables> Loaded =
            new Lazy<Tables>(Load, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The ISO short name for an alpha-2 code in any case, such as France for <c>fr</c>.</summary>
        public static bool TryGetName(string? alpha2, [NotNullWhen(true)] out string? name)
        {
            name = null;
            return alpha2 != null && Loaded.Value.NameByCode.TryGetValue(alpha2.Trim(), out name);
        }

        /// <summary>The alpha-2 code of a country written in words, or null when the text is no country.</summary>
        public static string? FindCodeByName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return null;
            }

            string trimmed = name!.Trim();
            if (NameAliases.TryGetValue(trimmed, out string? alias))
            {
                return alias;
            }

            return Loaded.Value.CodeByName.TryGetValue(trimmed, out string? code) ? code : null;
        }

        private static Tables Load()
        {
            var tables = new Tables();
            foreach (IsoCountry country in IsoCountryTable.LoadEmbedded())
            {
                tables.NameByCode[country.Alpha2] = country.Name;
                tables.CodeByName[country.Name] = country.Alpha2;
            }

            return tables;
        }

        private sealed class Tables
        {
            public Dictionary<string, string> NameByCode { get; } =
                new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public Dictionary<string, string> CodeByName { get; } =
                new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }
    }
}
