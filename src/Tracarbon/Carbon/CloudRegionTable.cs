using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Tracarbon.Platform;

namespace Tracarbon.Carbon
{
    /// <summary>
    /// Grid intensity per cloud region: Cloud Carbon Footprint's AWS, Azure and GCP tables (metric tonnes
    /// CO2e per kWh) and, for GCP, Google's own 2024 figures, which win where both name a region. Keys are
    /// <c>provider:region</c>, such as <c>aws:eu-west-3</c>, <c>gcp:europe-west1</c>, <c>azure:westeurope</c>.
    /// </summary>
    public sealed class CloudRegionTable
    {
        internal const string AwsPath = "ccf/grid-emissions-factors-aws.csv";
        internal const string AzurePath = "ccf/grid-emissions-factors-azure.csv";
        internal const string GcpPath = "ccf/grid-emissions-factors-gcp.csv";
        internal const string GooglePath = "google/region-carbon-2024.csv";

        // The dirtiest grids average about 1 100 g/kWh; a figure past this bound is a typo in a table
        // (the Azure table writes "000077" where 0.000077 was meant), never a region to report.
        internal const double MaximumGramsPerKilowattHour = 2000;

        private const string CcfSnapshot = "ccf-coefficients, 2026-04-24";
        private const string TonnesColumn = "CO2e (metric ton/kWh)";
        private const decimal GramsPerTonne = 1_000_000m;

        private static readonly Lazy<CloudRegionTable> DefaultTable = new Lazy<CloudRegionTable>(
            () => Parse(
                EmbeddedData.ReadAllText(AwsPath),
                EmbeddedData.ReadAllText(AzurePath),
                EmbeddedData.ReadAllText(GcpPath),
                EmbeddedData.ReadAllText(GooglePath)),
            LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly Dictionary<string, CloudRegion> _byKey;
        private readonly Dictionary<string, string> _unusable;

        private CloudRegionTable(Dictionary<string, CloudRegion> byKey, Dictionary<string, string> unusable)
        {
            _byKey = byKey;
            _unusable = unusable;
            Regions = byKey.Values.OrderBy(r => r.Key, StringComparer.Ordinal).ToList().AsReadOnly();
            ValidRegions = Regions.Select(r => r.Key).ToList().AsReadOnly();
        }

        /// <summary>The tables compiled into the engine, parsed on first use.</summary>
        public static CloudRegionTable Default => DefaultTable.Value;

        /// <summary>Every region with a usable figure, sorted by key.</summary>
        public IReadOnlyList<CloudRegion> Regions { get; }

        /// <summary>The keys of <see cref="Regions"/>, for completers and error messages.</summary>
        public IReadOnlyList<string> ValidRegions { get; }

        /// <summary>
        /// Finds <c>provider:region</c> in any case and ignoring spaces, so <c>Azure: West Europe</c> and
        /// <c>azure:westeurope</c> (Azure's metadata name) are the same region.
        /// </summary>
        public bool TryFind(string? region, [MaybeNullWhen(false)] out CloudRegion found)
        {
            found = null;
            string? key = NormalizeKey(region);
            return key != null && _byKey.TryGetValue(key, out found);
        }

        public CloudRegion Find(string? region)
        {
            if (TryFind(region, out CloudRegion? found))
            {
                return found;
            }

            string? key = NormalizeKey(region);
            string? reason = key != null && _unusable.TryGetValue(key, out string? why) ? why : null;
            throw new UnknownRegionException(region, ValidRegions, reason);
        }

        /// <summary>Lower case with every white space removed; null for a blank value.</summary>
        internal static string? NormalizeKey(string? region)
        {
            if (string.IsNullOrWhiteSpace(region))
            {
                return null;
            }

            var key = new StringBuilder(region!.Length);
            foreach (char c in region)
            {
                if (!char.IsWhiteSpace(c))
                {
                    key.Append(char.ToLowerInvariant(c));
                }
            }

            return key.ToString();
        }

        internal static CloudRegionTable Parse(string awsCsv, string azureCsv, string gcpCsv, string googleCsv)
        {
            var byKey = new Dictionary<string, CloudRegion>(StringComparer.Ordinal);
            var unusable = new Dictionary<string, string>(StringComparer.Ordinal);
            AddCcf(byKey, unusable, "aws", AwsPath, awsCsv, "Country");
            AddCcf(byKey, unusable, "azure", AzurePath, azureCsv, "Location");
            AddCcf(byKey, unusable, "gcp", GcpPath, gcpCsv, "Location");
            AddGoogle(byKey, unusable, googleCsv);
            return new CloudRegionTable(byKey, unusable);
        }

        private static void AddCcf(
            Dictionary<string, CloudRegion> byKey,
            Dictionary<string, string> unusable,
            string provider,
            string path,
            string csv,
            string placeColumn)
        {
            string file = path.Substring(path.IndexOf('/') + 1);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (TableRow row in ReadRows(path, csv, "Region", placeColumn, TonnesColumn, "Source"))
            {
                string key = provider + ":" + NormalizeKey(row.Region);
                if (!seen.Add(key))
                {
                    throw Invalid(path, row.Line, $"the region '{row.Region}' appears twice");
                }

                if (!TryReadFigure(row.Figure, GramsPerTonne, out double grams))
                {
                    unusable[key] = $"'{file}' gives '{row.Figure}' t/kWh, which is no plausible grid factor";
                    continue;
                }

                string source = string.Format(
                    CultureInfo.InvariantCulture, "Cloud Carbon Footprint {0} ({1}; figure by {2})",
                    file, CcfSnapshot, row.Extra);
                var intensity = new IntensityValue(grams, key, source);
                byKey[key] = new CloudRegion(
                    key, provider, row.Region, row.Place, CountryNames.FindCodeByName(row.Place), intensity);
            }
        }

        // Google's figures are already in g/kWh and describe 2024; they replace CCF's older GCP factors.
        private static void AddGoogle(
            Dictionary<string, CloudRegion> byKey, Dictionary<string, string> unusable, string csv)
        {
            const string source = "Google Cloud region-carbon-info yearly/2024.csv (2024 grid carbon intensity)";
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (TableRow row in ReadRows(
                GooglePath, csv, "Google Cloud Region", "Location", "Grid carbon intensity (gCO2eq / kWh)", null))
            {
                string key = "gcp:" + NormalizeKey(row.Region);
                if (!seen.Add(key))
                {
                    throw Invalid(GooglePath, row.Line, $"the region '{row.Region}' appears twice");
                }

                byKey.TryGetValue(key, out CloudRegion? ccf);
                if (!TryReadFigure(row.Figure, 1m, out double grams))
                {
                    if (ccf == null)
                    {
                        unusable[key] = $"'region-carbon-2024.csv' gives '{row.Figure}' g/kWh";
                    }

                    continue;
                }

                // Google names cities where CCF often names the country (Tokyo against Japan): either will do.
                string? country = CountryNames.FindCodeByName(row.Place) ?? ccf?.Country;
                var intensity = new IntensityValue(grams, key, source, 2024);
                byKey[key] = new CloudRegion(key, "gcp", row.Region, row.Place, country, intensity);
                unusable.Remove(key);
            }
        }

        // Decimal arithmetic keeps the table's digits: 0.000415755 t/kWh is exactly 415.755 g/kWh.
        private static bool TryReadFigure(string text, decimal gramsPerUnit, out double grams)
        {
            grams = 0;
            if (!decimal.TryParse(
                text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            {
                return false;
            }

            grams = (double)(value * gramsPerUnit);
            return grams <= MaximumGramsPerKilowattHour;
        }

        private static IEnumerable<TableRow> ReadRows(
            string path, string csv, string regionColumn, string placeColumn, string figureColumn, string? extraColumn)
        {
            string[] lines = csv.Replace("\r\n", "\n").Split('\n');
            string[] header = CsvLine.Split(lines[0]);
            int region = Column(path, header, regionColumn);
            int place = Column(path, header, placeColumn);
            int figure = Column(path, header, figureColumn);
            int extra = extraColumn == null ? -1 : Column(path, header, extraColumn);
            int needed = Math.Max(Math.Max(region, place), Math.Max(figure, extra)) + 1;
            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0)
                {
                    continue;
                }

                // Extra trailing fields occur (a stray comma in the Azure table) and are ignored.
                string[] fields = CsvLine.Split(lines[i]);
                if (fields.Length < needed || fields[region].Trim().Length == 0)
                {
                    throw Invalid(path, i + 1, $"expected at least {needed} fields with a region name");
                }

                string placeText = fields[place].Trim();
                yield return new TableRow(
                    i + 1,
                    fields[region].Trim(),
                    placeText.Length == 0 ? null : placeText,
                    fields[figure],
                    extra < 0 ? string.Empty : fields[extra].Trim());
            }
        }

        private static int Column(string path, string[] header, string name)
        {
            int index = Array.IndexOf(header, name);
            return index >= 0 ? index : throw Invalid(path, 1, $"the header lacks the column '{name}'");
        }

        private static InvalidDataException Invalid(string path, int line, string reason) =>
            new InvalidDataException($"The embedded table '{path}' is malformed at line {line}: {reason}.");

        private sealed class TableRow
        {
            public TableRow(int line, string region, string? place, string figure, string extra)
            {
                Line = line;
                Region = region;
                Place = place;
                Figure = figure;
                Extra = extra;
            }

            public int Line { get; }

            public string Region { get; }

            public string? Place { get; }

            public string Figure { get; }

            public string Extra { get; }
        }
    }
}
