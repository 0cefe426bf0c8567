using System.Globalization;
using System.Text;

namespace Tracarbon.Export
{
    /// <summary>Pieces of the Prometheus text exposition format 0.0.4.</summary>
    internal static class PrometheusText
    {
        /// <summary>
        /// A metric name from a user's prefix: the format allows [a-zA-Z_:][a-zA-Z0-9_:]*, and colons
        /// belong to recording rules, so anything else becomes an underscore.
        /// </summary>
        public static string Name(string text)
        {
            var name = new StringBuilder(text.Length + 1);
            foreach (char ch in text)
            {
                bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                    ch == '_';
                name.Append(ok ? ch : '_');
            }

            if (name.Length == 0 || (name[0] >= '0' && name[0] <= '9'))
            {
                name.Insert(0, '_');
            }

            return name.ToString();
        }

        public static void Family(StringBuilder text, string name, string type, string help)
        {
            // HELP text escapes backslash and newline; it has no quotes to escape.
            text.Append("# HELP ").Append(name).Append(' ');
            foreach (char ch in help)
            {
                if (ch == '\\')
                {
                    text.Append("\\\\");
                }
                else if (ch == '\n')
                {
                    text.Append("\\n");
                }
                else
                {
                    text.Append(ch);
                }
            }

            text.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        }

        /// <summary>Appends <c>name="value"</c>, escaping backslash, double quote and newline.</summary>
        public static void Label(StringBuilder text, string name, string? value, bool first = false)
        {
            text.Append(first ? '{' : ',').Append(name).Append("=\"");
            foreach (char ch in value ?? string.Empty)
            {
                switch (ch)
                {
                    case '\\': text.Append("\\\\"); break;
                    case '"': text.Append("\\\""); break;
                    case '\n': text.Append("\\n"); break;
                    default: text.Append(ch); break;
                }
            }

            text.Append('"');
        }

        /// <summary>Closes the labels, then the value, in the format's spelling of the special values.</summary>
        public static void Value(StringBuilder text, double value)
        {
            text.Append("} ");
            if (double.IsNaN(value))
            {
                text.Append("NaN");
            }
            else if (double.IsPositiveInfinity(value))
            {
                text.Append("+Inf");
            }
            else if (double.IsNegativeInfinity(value))
            {
                text.Append("-Inf");
            }
            else
            {
                text.Append(value.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }
    }
}
