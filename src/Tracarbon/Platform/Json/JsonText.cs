using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Tracarbon.Platform.Json
{
    /// <summary>Writes .NET strings as JSON string literals, quotes included.</summary>
    public static class JsonText
    {
        public static void WriteString(StringBuilder builder, string value)
        {
            if (builder == null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            builder.Append('"');
            int runStart = 0;
            for (int i = 0; i < value.Length; i++)
            {
                string? escape = Escape(value, i);
                if (escape != null)
                {
                    builder.Append(value, runStart, i - runStart).Append(escape);
                    runStart = i + 1;
                }
            }

            builder.Append(value, runStart, value.Length - runStart).Append('"');
        }

        public static void WriteString(TextWriter writer, string value)
        {
            if (writer == null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            writer.Write(Quote(value));
        }

        /// <summary>The JSON literal for <paramref name="value"/>, such as <c>"a\"b"</c>.</summary>
        public static string Quote(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            var builder = new StringBuilder(value.Length + 2);
            WriteString(builder, value);
            return builder.ToString();
        }

        private static string? Escape(string value, int index)
        {
            char c = value[index];
            switch (c)
            {
                case '"': return "\\\"";
                case '\\': return "\\\\";
                case '\b': return "\\b";
                case '\f': return "\\f";
                case '\n': return "\\n";
                case '\r': return "\\r";
                case '\t': return "\\t";
            }

            if (c < ' ')
            {
                return Unicode(c);
            }

            if (char.IsSurrogate(c) && !IsPairedSurrogate(value, index))
            {
                // A lone surrogate cannot be encoded as UTF-8 and an encoder would turn it into U+FFFD;
                // as an escape it survives any file encoding and reads back as the same string.
                return Unicode(c);
            }

            return null;
        }

        private static bool IsPairedSurrogate(string value, int index)
        {
            return char.IsHighSurrogate(value[index])
                ? index + 1 < value.Length && char.IsLowSurrogate(value[index + 1])
                : index > 0 && char.IsHighSurrogate(value[index - 1]);
        }

        private static string Unicode(char c)
        {
            return "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        }
    }
}
