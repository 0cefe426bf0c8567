using System;
using System.Collections.Generic;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>One row of CodeCarbon's <c>cpu_power.csv</c>.</summary>
    public sealed class CpuPowerRow
    {
        public CpuPowerRow(string name, double tdpWatts, int lineNumber)
        {
            Name = name;
            TdpWatts = tdpWatts;
            LineNumber = lineNumber;
        }

        /// <summary>The name exactly as the table writes it.</summary>
        public string Name { get; }

        /// <summary>Thermal design power, in watts.</summary>
        public double TdpWatts { get; }

        /// <summary>The line in the file, the header being line 1.</summary>
        public int LineNumber { get; }

        public override string ToString() => $"{Name} ({TdpWatts} W)";
    }

    public enum CpuModelMatchKind
    {
        /// <summary>One row, or rows that name the same part with the same TDP, fit the model.</summary>
        Matched,

        /// <summary>Several rows fit equally well; none is chosen.</summary>
        Ambiguous,

        /// <summary>No row fits.</summary>
        NotFound,
    }

    /// <summary>The outcome of looking a processor name up in the TDP table.</summary>
    public sealed class CpuModelMatch
    {
        private CpuModelMatch(
            CpuModelMatchKind kind, string query, CpuPowerRow? row, IReadOnlyList<CpuPowerRow> candidates)
        {
            Kind = kind;
            Query = query;
            Row = row;
            Candidates = candidates;
        }

        public CpuModelMatchKind Kind { get; }

        /// <summary>The name that was looked up, as given.</summary>
        public string Query { get; }

        /// <summary>The row used when the model matched; null when it is ambiguous or not found.</summary>
        public CpuPowerRow? Row { get; }

        /// <summary>The rows that tied when the match is ambiguous; else the matched row alone, or none.</summary>
        public IReadOnlyList<CpuPowerRow> Candidates { get; }

        internal static CpuModelMatch Matched(string query, CpuPowerRow row) =>
            new CpuModelMatch(CpuModelMatchKind.Matched, query, row, new[] { row });

        internal static CpuModelMatch Ambiguous(string query, IReadOnlyList<CpuPowerRow> candidates) =>
            new CpuModelMatch(CpuModelMatchKind.Ambiguous, query, null, candidates);

        internal static CpuModelMatch NotFound(string query) =>
            new CpuModelMatch(CpuModelMatchKind.NotFound, query, null, Array.Empty<CpuPowerRow>());
    }
}
