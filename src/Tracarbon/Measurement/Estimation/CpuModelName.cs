using System;
using System.Text.RegularExpressions;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>
    /// Strips the noise that vendors and kernels add to processor names, so that
    /// <c>Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz</c> and the table's <c>Intel Core i7-8700K</c> compare equal.
    /// Runs at start-up only, on both the query and every table row.
    /// </summary>
    internal static class CpuModelName
    {
        // Trademark marks, in either spelling.
        private static readonly Regex Marks = new Regex(
            @"\((?:r|tm)\)|®|™", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // The base clock that Intel appends ("@ 2.10GHz"); it names no different part.
        private static readonly Regex Clock = new Regex(
            @"@\s*\d+(?:\.\d+)?\s*[gm]hz", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // Words that carry no model information: "CPU", "Processor", and AMD's "16-Core".
        private static readonly Regex NoiseWords = new Regex(
            @"(?<![^\s])(?:cpu|processor|[a-z0-9]+-core)(?![^\s])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly char[] Separators = { ' ' };

        /// <summary>The name lower-cased with the noise removed and single spaces between words.</summary>
        public static string Normalise(string name)
        {
            string text = Marks.Replace(name ?? string.Empty, " ");
            text = Clock.Replace(text, " ");

            // Brackets and commas only group words ("(OEM Only)"); non-breaking spaces occur in the table.
            text = text.Replace('(', ' ').Replace(')', ' ').Replace(',', ' ').Replace('\u00a0', ' ')
                .Replace('\t', ' ');
            text = NoiseWords.Replace(text, " ");
            return Collapse(text).ToLowerInvariant();
        }

        /// <summary>The words of a normalised name.</summary>
        public static string[] Tokens(string normalised) =>
            normalised.Split(Separators, StringSplitOptions.RemoveEmptyEntries);

        /// <summary>
        /// The name as a person would write it in a message: marks and the base clock removed, case and the
        /// remaining words kept (<c>Intel(R) Xeon(R) Processor @ 2.80GHz</c> becomes <c>Intel Xeon Processor</c>).
        /// </summary>
        public static string Display(string name)
        {
            string text = Clock.Replace(Marks.Replace(name ?? string.Empty, " "), " ");
            return Collapse(text.Replace('\u00a0', ' ').Replace('\t', ' '));
        }

        private static string Collapse(string text) =>
            string.Join(" ", text.Split(Separators, StringSplitOptions.RemoveEmptyEntries));
    }
}
