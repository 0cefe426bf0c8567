using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Tracarbon.Platform
{
    /// <summary>
    /// Splits one line of an RFC 4180 table into its fields. A field in double quotes may hold commas
    /// (the CCF AWS table writes decimal commas as <c>"0,29"</c>) and doubled quotes stand for one quote.
    /// The embedded tables hold no line breaks inside a field, so a record is always one line.
    /// </summary>
    internal static class CsvLine
    {
        public static string[] Split(string line)
        {
            if (line == null)
            {
                throw new ArgumentNullException(nameof(line));
            }

            var fields = new List<string>();
            var field = new StringBuilder();
            int i = 0;
            while (true)
            {
                field.Clear();
                if (i < line.Length && line[i] == '"')
                {
                    i = ReadQuoted(line, i + 1, field);
                }
                else
                {
                    while (i < line.Length && line[i] != ',')
                    {
                        field.Append(line[i]);
                        i++;
                    }
                }

                fields.Add(field.ToString());
                if (i >= line.Length)
                {
                    return fields.ToArray();
                }

                // line[i] is the comma that ends this field; an empty field may follow it.
                i++;
            }
        }

        /// <summary>
        /// Reads a number written with either a decimal point or a decimal comma, as the CCF tables mix
        /// both; a field holding both signs is refused rather than guessed at.
        /// </summary>
        public static bool TryParseDouble(string field, out double value)
        {
            string text = field.Trim();
            if (text.IndexOf(',') >= 0)
            {
                if (text.IndexOf('.') >= 0)
                {
                    value = 0;
                    return false;
                }

                text = text.Replace(',', '.');
            }

            return double.TryParse(
                text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        private static int ReadQuoted(string line, int start, StringBuilder field)
        {
            int i = start;
            while (i < line.Length)
            {
                char c = line[i];
                if (c != '"')
                {
                    field.Append(c);
                    i++;
                    continue;
                }

                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                // The closing quote must end the field; anything else means the row is malformed.
                i++;
                if (i < line.Length && line[i] != ',')
                {
                    throw new FormatException(
                        $"Unexpected '{line[i]}' after a closing quote at column {i + 1} of a CSV line.");
                }

                return i;
            }

            throw new FormatException($"A quoted CSV field opened at column {start} is never closed.");
        }
    }
}
