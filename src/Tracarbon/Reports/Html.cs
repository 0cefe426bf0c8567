using System;
using System.Globalization;
using System.Text;

namespace Tracarbon.Reports
{
    /// <summary>
    /// Escaping and number formatting for the report. Every number goes through here so that a report
    /// written on a machine set to French or German still reads 12.5, never 12,5.
    /// </summary>
    internal static class Html
    {
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        /// <summary>Safe in text and in double- or single-quoted attributes alike.</summary>
        public static string Escape(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var sb = new StringBuilder(text!.Length + 16);
            foreach (char c in text)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\'': sb.Append("&#39;"); break;
                    default:
                        // Control characters other than tab and newlines are not allowed in HTML or XML.
                        sb.Append(char.IsControl(c) && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
                        break;
                }
            }

            return sb.ToString();
        }

        /// <summary>The shortest text that reads back as the same double, for data attributes.</summary>
        public static string Exact(double value) => value.ToString("R", Invariant);

        /// <summary>SVG coordinates: two decimals are a hundredth of a pixel, finer than any screen.</summary>
        public static string Coordinate(double value) =>
            Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.##", Invariant);

        /// <summary>
        /// A value for people: four significant digits, never an exponent, so 0.000124 g stays legible
        /// beside 2.65 W and 1234.5 s.
        /// </summary>
        public static string Readable(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                return "n/a";
            }

            if (value == 0)
            {
                return "0";
            }

            int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
            int decimals = Math.Max(0, Math.Min(12, 3 - magnitude));
            return Math.Round(value, decimals, MidpointRounding.AwayFromZero)
                .ToString("0." + new string('#', Math.Max(1, decimals)), Invariant);
        }

        /// <summary>A tick label: as many decimals as the step needs and no more.</summary>
        public static string Tick(double value, double step)
        {
            int decimals = 0;
            double scaled = step;
            while (decimals < 12 && Math.Abs(scaled - Math.Round(scaled)) > 1e-9 * Math.Max(1, Math.Abs(scaled)))
            {
                scaled *= 10;
                decimals++;
            }

            return Math.Round(value, decimals, MidpointRounding.AwayFromZero)
                .ToString("0." + new string('#', Math.Max(1, decimals)), Invariant);
        }

        public static string Timestamp(DateTimeOffset time) =>
            time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant);
    }
}
