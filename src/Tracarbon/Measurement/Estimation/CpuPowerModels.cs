using System;
using System.Globalization;
using System.Linq;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>
    /// Builds the CPU power model for a processor: from its TDP row when the table knows it, otherwise from
    /// Cloud Carbon Footprint's per-vCPU watts for its family. Both become a <see cref="LinearPowerModel"/>.
    /// </summary>
    internal static class CpuPowerModels
    {
        private const int CandidatesNamed = 5;

        /// <summary>
        /// P = idle + (TDP - idle) x u with idle = <paramref name="idleFraction"/> x TDP, then scaled by the
        /// share of the host's CPUs the process may use (<paramref name="effectiveCpus"/> / logical CPUs).
        /// </summary>
        public static LinearPowerModel FromTdp(
            CpuModelMatch match, CpuPowerRow row, double idleFraction, double effectiveCpus, int logicalCpus,
            string limitText)
        {
            double share = Math.Min(1.0, effectiveCpus / logicalCpus);
            double tdp = row.TdpWatts;
            string source = Format(
                "'{0}' -> cpu_power.csv row '{1}' (line {2}), TDP {3} W; idle {4:0.0} % of TDP "
                + "(mean Min/Max Watts of CCF coefficients-aws-use.csv)",
                CpuModelName.Display(match.Query), row.Name, row.LineNumber, tdp, idleFraction * 100);
            if (share < 1.0)
            {
                source += Format("; x {0:0.###} of {1} CPUs ({2})", effectiveCpus, logicalCpus, limitText);
            }

            return new LinearPowerModel(idleFraction * tdp * share, tdp * share, source);
        }

        /// <summary>P = vCPUs x (min + (max - min) x u), with the family's mean watts per vCPU.</summary>
        public static LinearPowerModel FromCcf(
            string why, CcfFamilyMean mean, double effectiveCpus, int logicalCpus, string limitText)
        {
            string source = Format(
                "{0}; CCF AWS mean of {1}, {2:0.###} vCPU x {3:0.00}-{4:0.00} W",
                why, mean.Description, effectiveCpus, mean.MinWatts, mean.MaxWatts);
            if (effectiveCpus < logicalCpus)
            {
                source += Format(" ({0} of {1} CPUs)", limitText, logicalCpus);
            }

            return new LinearPowerModel(effectiveCpus * mean.MinWatts, effectiveCpus * mean.MaxWatts, source);
        }

        /// <summary>Why the TDP table could not be used, in words for the source text.</summary>
        public static string WhyNotTdp(CpuModelMatch match)
        {
            string name = CpuModelName.Display(match.Query);
            if (name.Length == 0)
            {
                return "processor model unknown";
            }

            if (match.Kind == CpuModelMatchKind.NotFound)
            {
                return Format("'{0}' not in cpu_power.csv", name);
            }

            string listed = string.Join(
                " or ", match.Candidates.Take(CandidatesNamed).Select(row => "'" + row.Name + "'"));
            int more = match.Candidates.Count - CandidatesNamed;
            string rest = more > 0 ? Format(" and {0} more", more) : string.Empty;
            return Format("'{0}' ambiguous in cpu_power.csv ({1}{2})", name, listed, rest);
        }

        private static string Format(string format, params object[] values) =>
            string.Format(CultureInfo.InvariantCulture, format, values);
    }
}
