using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>Loads <c>aws-instances.csv</c>, one model per EC2 instance type.</summary>
    internal static class AwsInstanceTable
    {
        public const string FileName = "aws-instances.csv";

        private static readonly string[] Loads = { "Idle", "10%", "50%", "100%" };

        /// <summary>The models keyed by instance type, compared without case.</summary>
        /// <exception cref="InvalidDataException">A column is missing or a cell is not a number.</exception>
        public static Dictionary<string, AwsInstanceModel> Parse(string text)
        {
            List<string[]> records = CloudCsv.ReadRecords(text);
            if (records.Count == 0)
            {
                throw new InvalidDataException($"The table '{FileName}' is empty.");
            }

            Dictionary<string, int> columns = CloudCsv.Columns(records[0]);
            int type = CloudCsv.Require(columns, "Instance type", FileName);
            int vcpu = CloudCsv.Require(columns, "Instance vCPU", FileName);
            int memory = CloudCsv.Require(columns, "Instance Memory (in GB)", FileName);
            int gpus = CloudCsv.Require(columns, "Instance Number of GPU", FileName);
            int delta = CloudCsv.Require(columns, "Delta Full Machine", FileName);
            int[] cpuAt = CurveColumns(columns, "PkgWatt");
            int[] memoryAt = CurveColumns(columns, "RAMWatt");
            int[] gpuAt = CurveColumns(columns, "GPUWatt");

            var models = new Dictionary<string, AwsInstanceModel>(StringComparer.OrdinalIgnoreCase);
            for (int r = 1; r < records.Count; r++)
            {
                var row = new Row(records[r], r + 1);
                string name = row.Text(type);
                if (name.Length == 0)
                {
                    continue;
                }

                if (models.ContainsKey(name))
                {
                    throw new InvalidDataException($"{FileName} row {r + 1}: the type '{name}' appears twice.");
                }

                models.Add(name, new AwsInstanceModel(
                    name,
                    row.Number(vcpu, "Instance vCPU") ?? 0,
                    row.Number(memory, "Instance Memory (in GB)"),
                    (int)(row.Number(gpus, "Instance Number of GPU") ?? 0),
                    row.Curve(cpuAt, records[0]),
                    row.Curve(memoryAt, records[0]),
                    row.Curve(gpuAt, records[0]),
                    row.Number(delta, "Delta Full Machine")));
            }

            return models;
        }

        private static int[] CurveColumns(Dictionary<string, int> columns, string prefix)
        {
            var indexes = new int[Loads.Length];
            for (int i = 0; i < Loads.Length; i++)
            {
                indexes[i] = CloudCsv.Require(columns, prefix + " @ " + Loads[i], FileName);
            }

            return indexes;
        }

        /// <summary>One record, with the row number every error message names.</summary>
        private readonly struct Row
        {
            private readonly string[] _cells;
            private readonly int _number;

            public Row(string[] cells, int number)
            {
                _cells = cells;
                _number = number;
            }

            public string Text(int column) => column < _cells.Length ? _cells[column].Trim() : string.Empty;

            public double? Number(int column, string name)
            {
                try
                {
                    return CloudCsv.Number(Text(column));
                }
                catch (FormatException ex)
                {
                    throw new InvalidDataException(
                        string.Format(CultureInfo.InvariantCulture, "{0} row {1}, column '{2}': {3}",
                            FileName, _number, name, ex.Message),
                        ex);
                }
            }

            /// <summary>A curve, or null when any of its four points is empty or N/A.</summary>
            public PowerCurve? Curve(int[] columns, string[] header)
            {
                double? idle = Number(columns[0], header[columns[0]]);
                double? ten = Number(columns[1], header[columns[1]]);
                double? half = Number(columns[2], header[columns[2]]);
                double? full = Number(columns[3], header[columns[3]]);
                return idle.HasValue && ten.HasValue && half.HasValue && full.HasValue
                    ? new PowerCurve(idle.Value, ten.Value, half.Value, full.Value)
                    : null;
            }
        }
    }
}
