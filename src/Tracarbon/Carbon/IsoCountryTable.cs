using System;
using System.Collections.Generic;
using System.IO;
using Tracarbon.Platform;

namespace Tracarbon.Carbon
{
    /// <summary>
    /// ISO 3166-1 alpha-2 and alpha-3 codes, read from <c>Data/iso3166.csv</c> (columns
    /// <c>alpha2,alpha3,name</c>, UTF-8, names without commas or quotes).
    /// </summary>
    internal static class IsoCountryTable
    {
        internal const string ResourcePath = "iso3166.csv";

        private const string Header = "alpha2,alpha3,name";

        public static IReadOnlyList<IsoCountry> LoadEmbedded() => Parse(EmbeddedData.ReadAllText(ResourcePath));

        public static IReadOnlyList<IsoCountry> Parse(string csv)
        {
            string[] lines = csv.Replace("\r\n", "\n").Split('\n');
            if (lines[0] != Header)
            {
                throw Invalid(1, $"the header must be '{Header}'");
            }

            var rows = new List<IsoCountry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length == 0)
                {
                    continue;
                }

                string[] fields = lines[i].Split(',');
                if (fields.Length != 3 || !IsCode(fields[0], 2) || !IsCode(fields[1], 3) || fields[2].Length == 0)
                {
                    throw Invalid(i + 1, "expected an upper-case alpha-2 code, an alpha-3 code and a name");
                }

                if (!seen.Add(fields[0]) || !seen.Add(fields[1]))
                {
                    throw Invalid(i + 1, $"the code '{fields[0]}' or '{fields[1]}' appears twice");
                }

                rows.Add(new IsoCountry(fields[0], fields[1], fields[2]));
            }

            return rows;
        }

        private static bool IsCode(string value, int length)
        {
            if (value.Length != length)
            {
                return false;
            }

            foreach (char c in value)
            {
                if (c < 'A' || c > 'Z')
                {
                    return false;
                }
            }

            return true;
        }

        private static InvalidDataException Invalid(int line, string reason) =>
            new InvalidDataException($"The embedded table '{ResourcePath}' is malformed at line {line}: {reason}.");
    }
}
