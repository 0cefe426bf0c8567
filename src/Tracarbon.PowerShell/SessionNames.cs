using System.Globalization;
using System.Management.Automation;

namespace Tracarbon.PowerShell
{
    /// <summary>What a session name may hold: it ends up in every exported record, tag and label.</summary>
    internal static class SessionNames
    {
        /// <summary>
        /// Why a session name is refused, or null: one that is too long, or that holds a character that
        /// does not print: a control, format (such as a zero-width space or a direction mark) or line
        /// separator, a lone surrogate or an unassigned code point.
        /// </summary>
        public static ErrorRecord? Problem(string name, int maximumLength)
        {
            string shown = name.Length > 40 ? name.Substring(0, 40) + "…" : name;
            if (name.Length > maximumLength)
            {
                return ErrorRecords.InvalidArgument(
                    "InvalidSessionName",
                    $"The session name '{shown}' is {name.Length} characters long; the limit is {maximumLength}.",
                    name,
                    $"Give -Name at most {maximumLength} printable characters, such as 'nightly-build'.");
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (!Printable(name, i))
                {
                    return ErrorRecords.InvalidArgument(
                        "InvalidSessionName",
                        $"The session name '{Escape(shown)}' holds the character U+{(int)name[i]:X4} " +
                        $"at position {i + 1}, " +
                        "which does not print.",
                        name,
                        $"Give -Name at most {maximumLength} printable characters, such as 'nightly-build'.");
                }

                if (char.IsHighSurrogate(name[i]))
                {
                    i++;
                }
            }

            return null;
        }

        private static bool Printable(string text, int index)
        {
            if (char.IsSurrogate(text[index]) && !char.IsSurrogatePair(text, index))
            {
                return false;
            }

            switch (CharUnicodeInfo.GetUnicodeCategory(text, index))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.Surrogate:
                    return false;
                default:
                    return true;
            }
        }

        /// <summary>The name as a message can show it: each character that does not print as its code.</summary>
        private static string Escape(string text)
        {
            var shown = new System.Text.StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsSurrogatePair(text, i))
                {
                    shown.Append(text, i, 2);
                    i++;
                }
                else if (Printable(text, i))
                {
                    shown.Append(text[i]);
                }
                else
                {
                    shown.Append($"\\u{(int)text[i]:X4}");
                }
            }

            return shown.ToString();
        }
    }
}
