using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>
    /// Loads <c>azure-instances.csv</c> or <c>gcp-instances.csv</c>. A size offered on several
    /// microarchitectures has one row per microarchitecture; the rows are gathered under one size.
    /// </summary>
    internal sealed class VcpuInstanceTable
    {
        private readonly Dictionary<string, Size> _sizes;

        private VcpuInstanceTable(CloudProvider provider, string fileName, Dictionary<string, Size> sizes)
        {
            Provider = provider;
            FileName = fileName;
            _sizes = sizes;
        }

        public CloudProvider Provider { get; }

        public string FileName { get; }

        public int Count => _sizes.Count;

        /// <exception cref="InvalidDataException">A column is missing, or a size has two vCPU counts.</exception>
        public static VcpuInstanceTable Parse(CloudProvider provider, string fileName, string nameColumn, string text)
        {
            List<string[]> records = CloudCsv.ReadRecords(text);
            if (records.Count == 0)
            {
                throw new InvalidDataException($"The table '{fileName}' is empty.");
            }

            Dictionary<string, int> columns = CloudCsv.Columns(records[0]);
            int name = CloudCsv.Require(columns, nameColumn, fileName);
            int architecture = CloudCsv.Require(columns, "Microarchitecture", fileName);
            int vcpus = CloudCsv.Require(columns, "Instance vCPUs", fileName);

            var sizes = new Dictionary<string, Size>(StringComparer.Ordinal);
            for (int r = 1; r < records.Count; r++)
            {
                string[] cells = records[r];
                string size = Cell(cells, name);
                if (size.Length == 0)
                {
                    continue;
                }

                double count;
                try
                {
                    count = CloudCsv.Number(Cell(cells, vcpus)) ??
                        throw new FormatException("the vCPU count is empty.");
                }
                catch (FormatException ex)
                {
                    throw new InvalidDataException($"{fileName} row {r + 1}, size '{size}': {ex.Message}", ex);
                }

                string key = Normalise(provider, size);
                if (!sizes.TryGetValue(key, out Size? entry))
                {
                    entry = new Size(size, count);
                    sizes.Add(key, entry);
                }
                else if (entry.Vcpus != count)
                {
                    throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture,
                        "{0} row {1}: the size '{2}' has {3} vCPUs here and {4} on an earlier row.",
                        fileName, r + 1, size, count, entry.Vcpus));
                }

                string arch = Cell(cells, architecture);
                if (!entry.Architectures.Contains(arch))
                {
                    entry.Architectures.Add(arch);
                }
            }

            return new VcpuInstanceTable(provider, fileName, sizes);
        }

        /// <summary>
        /// The key a size is found by. Azure users write <c>Standard_D2s_v3</c> where the table has
        /// <c>D2s v3</c>, so the tier prefix is dropped and underscores count as spaces.
        /// </summary>
        public static string Normalise(CloudProvider provider, string size)
        {
            string text = size.Trim().ToLowerInvariant();
            if (provider == CloudProvider.Azure)
            {
                foreach (string tier in new[] { "standard_", "basic_" })
                {
                    if (text.StartsWith(tier, StringComparison.Ordinal))
                    {
                        text = text.Substring(tier.Length);
                    }
                }

                text = text.Replace('_', ' ');
            }

            var collapsed = new StringBuilder(text.Length);
            foreach (string part in text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            {
                collapsed.Append(collapsed.Length > 0 ? " " : string.Empty).Append(part);
            }

            return collapsed.ToString();
        }

        public bool Contains(string size) => _sizes.ContainsKey(Normalise(Provider, size));

        /// <summary>The model for <paramref name="size"/>, or null when the table has no such size.</summary>
        public VcpuInstanceModel? Find(string size, IVcpuCoefficients coefficients)
        {
            if (!_sizes.TryGetValue(Normalise(Provider, size), out Size? entry))
            {
                return null;
            }

            double min = 0;
            double max = 0;
            var known = new List<string>();
            var fallback = new List<string>();
            foreach (string arch in entry.Architectures)
            {
                VcpuWatts? watts = string.IsNullOrWhiteSpace(arch) ? null : coefficients.Find(arch);
                (watts == null ? fallback : known).Add(arch.Length == 0 ? "(empty)" : arch);
                watts ??= coefficients.Average;
                min += watts.MinWatts;
                max += watts.MaxWatts;
            }

            int n = entry.Architectures.Count;
            return new VcpuInstanceModel(
                Provider, FileName, entry.Name, entry.Vcpus, entry.Architectures.AsReadOnly(), min / n, max / n,
                Note(known, fallback));
        }

        private static string Note(List<string> known, List<string> fallback)
        {
            string text = known.Count == 0 ? string.Empty
                : (known.Count == 1 ? "per-vCPU watts of " : "mean per-vCPU watts of ") + string.Join(", ", known);
            if (fallback.Count > 0)
            {
                text += (text.Length > 0 ? ", and " : string.Empty) + "the average of all microarchitectures for " +
                    string.Join(", ", fallback);
            }

            return text;
        }

        private static string Cell(string[] cells, int column) =>
            column < cells.Length ? cells[column].Trim() : string.Empty;

        private sealed class Size
        {
            public Size(string name, double vcpus)
            {
                Name = name;
                Vcpus = vcpus;
            }

            public string Name { get; }

            public double Vcpus { get; }

            public List<string> Architectures { get; } = new List<string>();
        }
    }
}
