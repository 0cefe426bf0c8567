using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>
    /// Reads the Cloud Carbon Footprint instance tables: RFC 4180 records (quoted fields may hold commas,
    /// doubled quotes and line breaks), CRLF or LF endings, and numbers written with a decimal comma
    /// inside quotes (<c>"19,29"</c>) beside plain ones (<c>30.5</c>).
    /// </summary>
    internal static class CloudCsv
    {
        /// <summary>Splits <paramref name="text"/> into records of fields; blank lines are skipped.</summary>
        /// <exception cref="InvalidDataException">A quoted field is never closed.</exception>
        public static List<string[]> ReadRecords(string text)
        {
            var records = new List<string[]>();
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            bool fieldStarted = false;
            int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;

            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (quoted)
                {
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }

                    continue;
                }

                switch (c)
                {
                    case '"':
                        quoted = true;
                        fieldStarted = true;
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        fieldStarted = true;
                        break;
                    case '\r':
                        break;
                    case '\n':
                        EndRecord(records, fields, field, fieldStarted);
                        fieldStarted = false;
                        break;
                    default:
                        field.Append(c);
                        fieldStarted = true;
                        break;
                }
            }

            if (quoted)
            {
                throw new InvalidDataException("A quoted field is not closed before the end of the table.");
            }

            EndRecord(records, fields, field, fieldStarted);
            return records;
        }

        /// <summary>
        /// A number from a table cell; null for an empty cell or <c>N/A</c>. A comma is read as the
        /// decimal separator, as the tables write it; a cell with both a comma and a point is refused
        /// rather than guessed.
        /// </summary>
        /// <exception cref="FormatException">The cell holds something other than a number.</exception>
        public static double? Number(string cell)
        {
            string text = cell.Trim();
            if (text.Length == 0 || string.Equals(text, "N/A", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (text.IndexOf(',') >= 0)
            {
                if (text.IndexOf('.') >= 0 || text.IndexOf(',') != text.LastIndexOf(','))
                {
                    throw new FormatException($"'{cell}' mixes decimal and thousands separators.");
                }

                text = text.Replace(',', '.');
            }

            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture, out double value) || double.IsInfinity(value))
            {
                throw new FormatException($"'{cell}' is not a number.");
            }

            return value;
        }

        /// <summary>The position of each header name, compared without case.</summary>
        public static Dictionary<string, int> Columns(string[] header)
        {
            var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < header.Length; i++)
            {
                string name = header[i].Trim();
                if (!columns.ContainsKey(name))
                {
                    columns.Add(name, i);
                }
            }

            return columns;
        }

        public static int Require(Dictionary<string, int> columns, string name, string table)
        {
            if (!columns.TryGetValue(name, out int index))
            {
                throw new InvalidDataException($"The table '{table}' has no column '{name}'.");
            }

            return index;
        }

        private static void EndRecord(List<string[]> records, List<string> fields, StringBuilder field, bool started)
        {
            if (started || fields.Count > 0)
            {
                fields.Add(field.ToString());
                records.Add(fields.ToArray());
            }

            fields.Clear();
            field.Clear();
        }
    }
}
