using System;
using System.Globalization;

namespace Tracarbon.Attribution.Kubernetes
{
    /// <summary>
    /// Kubernetes resource quantities: a decimal number and a suffix, binary (<c>Ki</c> = 1024, <c>Mi</c>,
    /// <c>Gi</c>, <c>Ti</c>, <c>Pi</c>, <c>Ei</c>), decimal (<c>n</c> = 1e-9, <c>u</c> = 1e-6, <c>m</c> = 1e-3,
    /// none, <c>k</c>, <c>M</c>, <c>G</c>, <c>T</c>, <c>P</c>, <c>E</c>) or an exponent (<c>1e3</c>). CPU comes
    /// in cores (<c>825800n</c> is 0.0008258 of a core), memory in bytes.
    /// </summary>
    public static class KubernetesQuantity
    {
        // Every power of ten to 1e22 is exact in a double, so one division or product rounds once.
        private static readonly double[] PowersOfTen =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        // Beyond this many significant digits a long overflows; such a number is parsed as a double.
        private const int MaxExactDigits = 18;

        /// <exception cref="FormatException">The text is not a quantity.</exception>
        public static double Parse(string text) => TryParse(text, out double value)
            ? value
            : throw new FormatException($"'{text}' is not a Kubernetes quantity such as '250m', '46472Ki' or '2'.");

        public static bool TryParse(string? text, out double value)
        {
            value = 0;
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            string s = text!.Trim();
            int i = 0;
            bool negative = false;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                negative = s[i] == '-';
                i++;
            }

            int numberStart = i;
            long mantissa = 0;
            int digits = 0, fractionDigits = 0;
            bool point = false;
            for (; i < s.Length && ((s[i] >= '0' && s[i] <= '9') || (s[i] == '.' && !point)); i++)
            {
                if (s[i] == '.')
                {
                    point = true;
                    continue;
                }

                digits++;
                fractionDigits += point ? 1 : 0;
                mantissa = digits <= MaxExactDigits ? mantissa * 10 + (s[i] - '0') : mantissa;
            }

            if (digits == 0 || !TrySuffix(s.Substring(i), out int exponent10, out int exponent2))
            {
                return false;
            }

            double number = digits <= MaxExactDigits
                ? Scale(mantissa, exponent10 - fractionDigits)
                : Scale(double.Parse(s.Substring(numberStart, i - numberStart), CultureInfo.InvariantCulture),
                    exponent10);

            // A power of two only moves the exponent: exact.
            value = (negative ? -number : number) * Math.Pow(2, exponent2);
            return !double.IsInfinity(value);
        }

        private static double Scale(double number, int exponent10)
        {
            if (exponent10 == 0)
            {
                return number;
            }

            int size = Math.Abs(exponent10);
            if (size < PowersOfTen.Length)
            {
                return exponent10 < 0 ? number / PowersOfTen[size] : number * PowersOfTen[size];
            }

            return number * Math.Pow(10, exponent10);
        }

        private static bool TrySuffix(string suffix, out int exponent10, out int exponent2)
        {
            exponent10 = 0;
            exponent2 = 0;
            switch (suffix)
            {
                case "": return true;
                case "n": exponent10 = -9; return true;
                case "u": exponent10 = -6; return true;
                case "m": exponent10 = -3; return true;
                case "k": exponent10 = 3; return true;
                case "M": exponent10 = 6; return true;
                case "G": exponent10 = 9; return true;
                case "T": exponent10 = 12; return true;
                case "P": exponent10 = 15; return true;
                case "E": exponent10 = 18; return true;
                case "Ki": exponent2 = 10; return true;
                case "Mi": exponent2 = 20; return true;
                case "Gi": exponent2 = 30; return true;
                case "Ti": exponent2 = 40; return true;
                case "Pi": exponent2 = 50; return true;
                case "Ei": exponent2 = 60; return true;
            }

            // "1e3" and "1E-2": an exponent; a lone "E" was taken above as exa.
            return suffix.Length > 1 && (suffix[0] == 'e' || suffix[0] == 'E')
                && int.TryParse(
                    suffix.Substring(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent10)
                && Math.Abs(exponent10) < 400;
        }
    }
}
