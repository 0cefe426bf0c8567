using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>
    /// Cloud Carbon Footprint's minimum and maximum watts per vCPU by microarchitecture, from the
    /// embedded <c>coefficients-{provider}-use.csv</c> (columns: index, Architecture, Min Watts, Max Watts,
    /// GB/Chip). <see cref="Average"/> is the plain mean of the rows, as CCF uses for unknown hardware.
    /// </summary>
    public sealed class CcfVcpuCoefficients : IVcpuCoefficients
    {
        private readonly Dictionary<string, VcpuWatts> _rows =
            new Dictionary<string, VcpuWatts>(StringComparer.OrdinalIgnoreCase);

        private CcfVcpuCoefficients(TextReader reader, string table)
        {
            reader.ReadLine();
            double minSum = 0, maxSum = 0;
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                string[] fields = CsvLine.Split(line);
                if (fields.Length < 4 ||
                    !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double min) ||
                    !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double max))
                {
                    throw new InvalidDataException($"The row '{line}' of {table} has no min and max watts.");
                }

                var watts = new VcpuWatts(min, max);
                _rows[fields[1].Trim()] = watts;
                minSum += min;
                maxSum += max;
            }

            if (_rows.Count == 0)
            {
                throw new InvalidDataException($"{table} has no rows.");
            }

            Average = new VcpuWatts(minSum / _rows.Count, maxSum / _rows.Count);
        }

        public VcpuWatts Average { get; }

        public int Count => _rows.Count;

        /// <param name="provider"><c>aws</c>, <c>azure</c> or <c>gcp</c>.</param>
        public static CcfVcpuCoefficients LoadEmbedded(string provider)
        {
            string table = "ccf/coefficients-" + provider.ToLowerInvariant() + "-use.csv";
            using var reader = new StringReader(EmbeddedData.ReadAllText(table));
            return new CcfVcpuCoefficients(reader, table);
        }

        public VcpuWatts? Find(string microarchitecture) =>
            _rows.TryGetValue(microarchitecture.Trim(), out VcpuWatts? watts) ? watts : null;
    }
}
