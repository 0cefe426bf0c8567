using System;
using System.Collections.Generic;

namespace Tracarbon.Measurement.Rapl
{
    /// <summary>
    /// A zone directory name parsed: <c>intel-rapl:N</c>, <c>intel-rapl:N:M</c> or the same under
    /// <c>intel-rapl-mmio</c>. Anything else in the powercap folder (the <c>intel-rapl</c> control type
    /// itself, other drivers' zones) is not a RAPL zone.
    /// </summary>
    internal readonly struct RaplZoneId
    {
        private const string MsrPrefix = "intel-rapl:";
        private const string MmioPrefix = "intel-rapl-mmio:";

        private RaplZoneId(bool mmio, int package, int sub)
        {
            IsMmio = mmio;
            Package = package;
            Sub = sub;
        }

        public bool IsMmio { get; }

        public int Package { get; }

        /// <summary>The sub-zone index M; -1 for a top-level zone.</summary>
        public int Sub { get; }

        public bool IsTop => Sub < 0;

        /// <summary>MSR zones first, then by package and sub-zone number (so 10 sorts after 9).</summary>
        public static IComparer<string> Order { get; } = Comparer<string>.Create(Compare);

        public static bool TryParse(string name, out RaplZoneId id)
        {
            id = default;
            bool mmio = name.StartsWith(MmioPrefix, StringComparison.Ordinal);
            if (!mmio && !name.StartsWith(MsrPrefix, StringComparison.Ordinal))
            {
                return false;
            }

            string[] parts = name.Substring(mmio ? MmioPrefix.Length : MsrPrefix.Length).Split(':');
            if (parts.Length > 2 || !TryIndex(parts[0], out int package))
            {
                return false;
            }

            int sub = -1;
            if (parts.Length == 2 && !TryIndex(parts[1], out sub))
            {
                return false;
            }

            id = new RaplZoneId(mmio, package, sub);
            return true;
        }

        private static bool TryIndex(string text, out int value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 6)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            return true;
        }

        private static int Compare(string? x, string? y)
        {
            if (x == null || y == null || !TryParse(x, out RaplZoneId a) || !TryParse(y, out RaplZoneId b))
            {
                return string.CompareOrdinal(x, y);
            }

            int c = a.IsMmio.CompareTo(b.IsMmio);
            c = c != 0 ? c : a.Package.CompareTo(b.Package);
            return c != 0 ? c : a.Sub.CompareTo(b.Sub);
        }
    }
}
