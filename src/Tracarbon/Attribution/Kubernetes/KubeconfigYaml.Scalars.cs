using System.Globalization;
using System.Text;

namespace Tracarbon.Attribution.Kubernetes
{
    // The readers of quoted scalars and comments: the parts of a line that hold no structure.
    internal sealed partial class KubeconfigYaml
    {
        private static string Unquote(string quoted, Line line)
        {
            string body = quoted.Substring(1, quoted.Length - 2);
            if (quoted[0] == '\'')
            {
                return body.Replace("''", "'");
            }

            var text = new StringBuilder(body.Length);
            for (int i = 0; i < body.Length; i++)
            {
                if (body[i] != '\\')
                {
                    text.Append(body[i]);
                    continue;
                }

                char c = ++i < body.Length ? body[i] : throw Error(line, "the value ends inside an escape");
                switch (c)
                {
                    case 'n': text.Append('\n'); break;
                    case 't': text.Append('\t'); break;
                    case 'r': text.Append('\r'); break;
                    case '0': text.Append('\0'); break;
                    case 'u' when i + 4 < body.Length:
                        string hex = body.Substring(i + 1, 4);
                        text.Append((char)int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: text.Append(c); break;
                }
            }

            return text.ToString();
        }

        /// <summary>The index of the quote that closes the one at <paramref name="start"/>, or -1.</summary>
        private static int QuotedEnd(string text, int start)
        {
            char quote = text[start];
            for (int i = start + 1; i < text.Length; i++)
            {
                if (quote == '"' && text[i] == '\\')
                {
                    i++;
                }
                else if (text[i] == quote)
                {
                    if (quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        i++;
                        continue;
                    }

                    return i;
                }
            }

            return -1;
        }

        /// <summary>Drops a '#' comment: one at the start or after a space, outside quotes.</summary>
        private static string StripComment(string line)
        {
            char quote = '\0';
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quote != '\0')
                {
                    i += quote == '"' && c == '\\' ? 1 : 0;
                    quote = c == quote ? '\0' : quote;
                }
                else if ((c == '"' || c == '\'') && (i == 0 || line[i - 1] == ' '))
                {
                    quote = c;
                }
                else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
                {
                    return line.Substring(0, i);
                }
            }

            return line;
        }
    }
}
