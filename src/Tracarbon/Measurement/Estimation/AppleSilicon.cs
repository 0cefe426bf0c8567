using System;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>
    /// Apple's own processors, named <c>Apple M1</c>, <c>Apple M2 Pro</c>, <c>Apple M4 Max</c> by macOS. The TDP
    /// table has a row for the base M1 only, and Cloud Carbon Footprint lists no Apple part, so any other
    /// Apple chip falls back to CCF's Graviton rows: the only Arm server cores CCF measured, and like Apple's,
    /// cores that draw far less than the x86 average per vCPU.
    /// </summary>
    internal static class AppleSilicon
    {
        public const string Vendor = "Apple";

        /// <summary>True for <c>Apple M</c> followed by a generation number, with or without a tier.</summary>
        public static bool IsAppleSilicon(string modelName)
        {
            string[] words = CpuModelName.Tokens(CpuModelName.Normalise(modelName));
            if (words.Length < 2 || words[0] != "apple" || words[1].Length < 2 || words[1][0] != 'm')
            {
                return false;
            }

            for (int i = 1; i < words[1].Length; i++)
            {
                if (!char.IsDigit(words[1][i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The table lookup matches <c>Apple M1 Pro</c> to the <c>Apple M1</c> row by its words, but a Pro or Max
        /// has up to twice the base chip's performance cores and an Ultra four times: for Apple silicon only
        /// the exact name counts as found, and anything else is not in the table.
        /// </summary>
        public static CpuModelMatch Restrict(CpuModelMatch match)
        {
            if (match == null)
            {
                throw new ArgumentNullException(nameof(match));
            }

            bool partial = match.Kind == CpuModelMatchKind.Matched && IsAppleSilicon(match.Query)
                && CpuModelName.Normalise(match.Row!.Name) != CpuModelName.Normalise(match.Query);
            return partial ? CpuModelMatch.NotFound(match.Query) : match;
        }
    }
}
