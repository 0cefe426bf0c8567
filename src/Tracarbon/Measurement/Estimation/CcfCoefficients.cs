using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>The processor families the CCF fallback averages over.</summary>
    internal enum CpuFamily
    {
        Unknown,
        Intel,
        Epyc,
        Graviton,

        /// <summary>Apple's M chips, which CCF does not list: its Graviton rows stand in (see AppleSilicon).</summary>
        AppleSilicon,
    }

    /// <summary>The mean of some rows of the CCF table: watts per vCPU at idle and at full load.</summary>
    internal sealed class CcfFamilyMean
    {
        public CcfFamilyMean(string description, int rowCount, double minWatts, double maxWatts)
        {
            Description = description;
            RowCount = rowCount;
            MinWatts = minWatts;
            MaxWatts = maxWatts;
        }

        /// <summary>Says which rows were averaged, such as <c>11 Intel microarchitectures</c>.</summary>
        public string Description { get; }

        public int RowCount { get; }

        /// <summary>Watts per vCPU at 0 % utilisation.</summary>
        public double MinWatts { get; }

        /// <summary>Watts per vCPU at 100 % utilisation.</summary>
        public double MaxWatts { get; }
    }

    /// <summary>
    /// Cloud Carbon Footprint's per-microarchitecture coefficients for AWS
    /// (<c>,Architecture,Min Watts,Max Watts,GB/Chip</c>; watts per vCPU), from the embedded copy.
    /// </summary>
    internal sealed class CcfCoefficients
    {
        public const string ResourcePath = "ccf/coefficients-aws-use.csv";

        // CCF's own grouping of the Intel server and desktop generations it lists.
        private static readonly string[] IntelArchitectures =
        {
            "Broadwell", "Cascade Lake", "Coffee Lake", "Emerald Rapids", "Granite Rapids", "Haswell",
            "Ice Lake", "Ivy Bridge", "Sandy Bridge", "Sapphire Rapids", "Skylake",
        };

        private static readonly Lazy<CcfCoefficients> Embedded = new Lazy<CcfCoefficients>(LoadEmbedded);

        private readonly IReadOnlyList<Row> _rows;

        private CcfCoefficients(IReadOnlyList<Row> rows)
        {
            if (rows.Count == 0)
            {
                throw new InvalidDataException($"'{ResourcePath}' holds no usable row.");
            }

            _rows = rows;

            // The idle share of full power, averaged over every row's Min/Max; about 0.26 for this table.
            IdleFraction = rows.Average(r => r.MinWatts / r.MaxWatts);
        }

        public static CcfCoefficients Shared => Embedded.Value;

        /// <summary>The mean over the rows of Min Watts / Max Watts: the idle floor as a fraction of TDP.</summary>
        public double IdleFraction { get; }

        public int Count => _rows.Count;

        public static CcfCoefficients Parse(TextReader reader)
        {
            string header = reader.ReadLine() ?? string.Empty;
            string[] names = CsvLine.Split(header);
            int architecture = Array.IndexOf(names, "Architecture");
            int min = Array.IndexOf(names, "Min Watts");
            int max = Array.IndexOf(names, "Max Watts");
            if (architecture < 0 || min < 0 || max < 0)
            {
                throw new InvalidDataException(
                    $"'{ResourcePath}' lacks an Architecture, Min Watts or Max Watts column.");
            }

            var rows = new List<Row>();
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                string[] fields = CsvLine.Split(line);
                if (fields.Length <= Math.Max(architecture, Math.Max(min, max))
                    || !CsvLine.TryParseDouble(fields[min], out double minWatts)
                    || !CsvLine.TryParseDouble(fields[max], out double maxWatts)
                    || minWatts < 0 || maxWatts <= 0 || minWatts > maxWatts)
                {
                    continue;
                }

                rows.Add(new Row(fields[architecture].Trim(), minWatts, maxWatts));
            }

            return new CcfCoefficients(rows);
        }

        /// <summary>
        /// Which rows stand for a processor: EPYC for an EPYC name, the Intel generations for an Intel one,
        /// Graviton for Graviton or Arm Neoverse and for Apple silicon, and every row when the family is unknown.
        /// </summary>
        public static CpuFamily Classify(string vendor, string modelName)
        {
            if (AppleSilicon.IsAppleSilicon(modelName))
            {
                return CpuFamily.AppleSilicon;
            }

            var words = new HashSet<string>(
                CpuModelName.Tokens(CpuModelName.Normalise(modelName)), StringComparer.Ordinal);
            if (words.Contains("epyc"))
            {
                return CpuFamily.Epyc;
            }

            if (words.Contains("xeon") || words.Contains("intel") || words.Contains("core")
                || string.Equals(vendor, "GenuineIntel", StringComparison.Ordinal))
            {
                return CpuFamily.Intel;
            }

            if (words.Any(w => w.StartsWith("graviton", StringComparison.Ordinal)
                || w.StartsWith("neoverse", StringComparison.Ordinal)))
            {
                return CpuFamily.Graviton;
            }

            return CpuFamily.Unknown;
        }

        public CcfFamilyMean MeanOf(CpuFamily family)
        {
            List<Row> rows;
            string label;
            switch (family)
            {
                case CpuFamily.Intel:
                    rows = _rows.Where(r => IntelArchitectures.Contains(r.Architecture, StringComparer.Ordinal))
                        .ToList();
                    label = "Intel microarchitectures";
                    break;
                case CpuFamily.Epyc:
                    rows = _rows.Where(r => r.Architecture.StartsWith("EPYC ", StringComparison.Ordinal)).ToList();
                    label = "AMD EPYC generations";
                    break;
                case CpuFamily.Graviton:
                    rows = _rows.Where(r => r.Architecture.StartsWith("Graviton", StringComparison.Ordinal)).ToList();
                    label = "Graviton generations";
                    break;
                case CpuFamily.AppleSilicon:
                    rows = _rows.Where(r => r.Architecture.StartsWith("Graviton", StringComparison.Ordinal)).ToList();
                    label = "Graviton generations (Arm cores standing in for Apple silicon)";
                    break;
                default:
                    rows = new List<Row>();
                    label = string.Empty;
                    break;
            }

            if (rows.Count == 0)
            {
                rows = _rows.ToList();
                label = "microarchitectures (all rows)";
            }

            return new CcfFamilyMean(
                string.Format(CultureInfo.InvariantCulture, "{0} {1}", rows.Count, label),
                rows.Count,
                rows.Average(r => r.MinWatts),
                rows.Average(r => r.MaxWatts));
        }

        private static CcfCoefficients LoadEmbedded()
        {
            using Stream stream = EmbeddedData.Open(ResourcePath);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return Parse(reader);
        }

        private sealed class Row
        {
            public Row(string architecture, double minWatts, double maxWatts)
            {
                Architecture = architecture;
                MinWatts = minWatts;
                MaxWatts = maxWatts;
            }

            public string Architecture { get; }

            public double MinWatts { get; }

            public double MaxWatts { get; }
        }
    }
}
