using System;
using System.Collections.Generic;
using System.Globalization;

namespace Tracarbon.Measurement.Nvidia
{
    /// <summary>
    /// Reads the output of <c>--query-gpu=index,name,power.draw --format=csv,noheader,nounits</c>:
    /// one <c>index, name, watts</c> line per GPU. Every line stands for itself, so a GPU without a
    /// reading, or a warning line, never hides the GPUs around it.
    /// </summary>
    internal static class NvidiaSmiParser
    {
        public static List<GpuPowerReading> Parse(string output)
        {
            var gpus = new List<GpuPowerReading>();
            foreach (string raw in output.Split('\n'))
            {
                string line = raw.Trim();
                if (line.Length > 0)
                {
                    gpus.Add(ParseLine(line));
                }
            }

            return gpus;
        }

        private static GpuPowerReading ParseLine(string line)
        {
            string[] fields = line.Split(',');
            if (fields.Length < 3 ||
                !int.TryParse(fields[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                return new GpuPowerReading(null, null, null, GpuPowerStatus.Unreadable, line);
            }

            // The name sits between the index and the last field; nvidia-smi does not quote it, so a
            // comma inside a name is put back rather than shifting the power column.
            string name = string.Join(",", fields, 1, fields.Length - 2).Trim();
            string power = fields[fields.Length - 1].Trim();
            GpuPowerStatus status = Classify(power, out double? watts);
            if (status == GpuPowerStatus.Unreadable)
            {
                return new GpuPowerReading(index, name, null, status, line);
            }

            return new GpuPowerReading(index, name, watts, status, power);
        }

        private static GpuPowerStatus Classify(string field, out double? watts)
        {
            watts = null;
            string unbracketed = field.Trim('[', ']', ' ');
            if (string.Equals(unbracketed, "N/A", StringComparison.OrdinalIgnoreCase))
            {
                return GpuPowerStatus.NotAvailable;
            }

            if (string.Equals(unbracketed, "Not Supported", StringComparison.OrdinalIgnoreCase))
            {
                return GpuPowerStatus.NotSupported;
            }

            if (field.StartsWith("[", StringComparison.Ordinal) && field.EndsWith("]", StringComparison.Ordinal))
            {
                return GpuPowerStatus.DriverError;
            }

            // Without nounits the field reads "35.20 W"; the unit is dropped so either form is read.
            string number = field.EndsWith(" W", StringComparison.Ordinal)
                ? field.Substring(0, field.Length - 2)
                : field;
            if (double.TryParse(number.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                    out double value) && !double.IsInfinity(value))
            {
                watts = value;
                return GpuPowerStatus.Reported;
            }

            return GpuPowerStatus.Unreadable;
        }
    }
}
