using System;
using System.Collections.Generic;
using System.Text;

namespace Tracarbon.Platform
{
    /// <summary>
    /// Turns an argument list into the single command-line string that netstandard2.0's
    /// <c>ProcessStartInfo.Arguments</c> takes, since its <c>ArgumentList</c> does not exist there.
    /// </summary>
    internal static class CommandLine
    {
        private static readonly char[] NeedsQuotes = { ' ', '\t', '\n', '\v', '\r', '"' };

        /// <summary>
        /// Builds a command line that the C runtime on Windows, and .NET's own splitter on Unix, turn
        /// back into exactly <paramref name="arguments"/>.
        /// </summary>
        public static string Join(IReadOnlyList<string> arguments)
        {
            var line = new StringBuilder();
            for (int i = 0; i < arguments.Count; i++)
            {
                if (i > 0)
                {
                    line.Append(' ');
                }

                AppendQuoted(line, arguments[i] ?? throw new ArgumentNullException(nameof(arguments)));
            }

            return line.ToString();
        }

        public static string Quote(string argument)
        {
            var line = new StringBuilder();
            AppendQuoted(line, argument);
            return line.ToString();
        }

        private static void AppendQuoted(StringBuilder line, string argument)
        {
            if (argument.IndexOf('\0') >= 0)
            {
                throw new ArgumentException("A command-line argument cannot hold a NUL character.", nameof(argument));
            }

            if (argument.Length > 0 && argument.IndexOfAny(NeedsQuotes) < 0)
            {
                line.Append(argument);
                return;
            }

            // Inside quotes, backslashes are literal except in front of a quote: there each backslash
            // is doubled and the quote itself is escaped, and a run at the very end is doubled so it
            // does not escape the closing quote.
            line.Append('"');
            int backslashes = 0;
            foreach (char c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                if (c == '"')
                {
                    line.Append('\\', (backslashes * 2) + 1);
                }
                else
                {
                    line.Append('\\', backslashes);
                }

                line.Append(c);
                backslashes = 0;
            }

            line.Append('\\', backslashes * 2);
            line.Append('"');
        }
    }
}
