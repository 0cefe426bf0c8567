using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>
    /// CodeCarbon's processor TDP table (<c>Name,TDP</c>, watts), loaded once from the embedded copy, with a
    /// lookup that never settles a tie by taking the first row.
    /// </summary>
    internal sealed class CpuPowerTable
    {
        public const string ResourcePath = "codecarbon/cpu_power.csv";

        private static readonly Lazy<CpuPowerTable> Embedded = new Lazy<CpuPowerTable>(LoadEmbedded);

        private readonly Entry[] _entries;
        private readonly Dictionary<string, List<Entry>> _byName;

        public CpuPowerTable(IEnumerable<CpuPowerRow> rows)
        {
            _entries = rows.Select(row => new Entry(row)).ToArray();
            _byName = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
            foreach (Entry entry in _entries)
            {
                if (!_byName.TryGetValue(entry.Normalised, out List<Entry>? list))
                {
                    list = new List<Entry>();
                    _byName.Add(entry.Normalised, list);
                }

                list.Add(entry);
            }
        }

        public static CpuPowerTable Shared => Embedded.Value;

        public int Count => _entries.Length;

        /// <summary>Rows whose TDP is not a number above 0 W (the file has a few, such as <c>27.29.5</c>).</summary>
        public int SkippedRows { get; private set; }

        /// <summary>Parses the CSV text; rows without a usable TDP are skipped and counted.</summary>
        public static CpuPowerTable Parse(TextReader reader)
        {
            var rows = new List<CpuPowerRow>();
            int skipped = 0;
            int lineNumber = 0;
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                lineNumber++;
                if (lineNumber == 1 || line.Length == 0)
                {
                    continue;
                }

                string[] fields = CsvLine.Split(line);
                if (fields.Length < 2 || !CsvLine.TryParseDouble(fields[1], out double tdp) || tdp <= 0)
                {
                    skipped++;
                    continue;
                }

                rows.Add(new CpuPowerRow(fields[0], tdp, lineNumber));
            }

            return new CpuPowerTable(rows) { SkippedRows = skipped };
        }

        /// <summary>
        /// An exact match of the normalised names first. Otherwise every row whose words all occur in the
        /// query is a candidate, and the best are those no other candidate beats on both counts: more words
        /// matched, and words in the query's order. One best part matches; several are ambiguous.
        /// </summary>
        public CpuModelMatch Lookup(string modelName)
        {
            string query = CpuModelName.Normalise(modelName);
            if (query.Length == 0)
            {
                return CpuModelMatch.NotFound(modelName);
            }

            if (_byName.TryGetValue(query, out List<Entry>? exact))
            {
                return Decide(modelName, exact);
            }

            string[] queryTokens = CpuModelName.Tokens(query);
            var queryWords = new HashSet<string>(queryTokens, StringComparer.Ordinal);
            var candidates = new List<Entry>();
            foreach (Entry entry in _entries)
            {
                // A row with no digit ("Intel Aubrey Isle") names a family, not a part, so it never matches
                // by its words alone.
                if (entry.HasDigit && entry.Tokens.All(queryWords.Contains))
                {
                    candidates.Add(entry);
                }
            }

            if (candidates.Count == 0)
            {
                return CpuModelMatch.NotFound(modelName);
            }

            var scored = candidates.Select(entry => new Score(entry, InOrder(entry.Tokens, queryTokens))).ToList();
            List<Entry> best = scored
                .Where(a => !scored.Any(b => b.Beats(a)))
                .Select(a => a.Entry)
                .ToList();
            return Decide(modelName, best);
        }

        private static CpuModelMatch Decide(string query, List<Entry> best)
        {
            // Rows that differ only by noise ("AMD Ryzen 7 1700" and "... 1700 Processor") are one part; with
            // the same TDP either row gives the same answer, so the first is used and nothing is hidden.
            Entry first = best[0];
            bool onePart = best.All(e => e.Normalised == first.Normalised && e.Row.TdpWatts == first.Row.TdpWatts);
            return onePart
                ? CpuModelMatch.Matched(query, first.Row)
                : CpuModelMatch.Ambiguous(query, best.Select(e => e.Row).ToArray());
        }

        private static bool InOrder(string[] words, string[] query)
        {
            int next = 0;
            foreach (string word in words)
            {
                next = Array.IndexOf(query, word, next);
                if (next < 0)
                {
                    return false;
                }

                next++;
            }

            return true;
        }

        private static CpuPowerTable LoadEmbedded()
        {
            using Stream stream = EmbeddedData.Open(ResourcePath);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return Parse(reader);
        }

        private readonly struct Score
        {
            public Score(Entry entry, bool inOrder)
            {
                Entry = entry;
                InOrder = inOrder;
            }

            public Entry Entry { get; }

            public bool InOrder { get; }

            private int Words => Entry.Tokens.Length;

            /// <summary>At least as good on both counts and better on one.</summary>
            public bool Beats(Score other) =>
                Words >= other.Words && (InOrder || !other.InOrder)
                && (Words > other.Words || (InOrder && !other.InOrder));
        }

        private sealed class Entry
        {
            public Entry(CpuPowerRow row)
            {
                Row = row;
                Normalised = CpuModelName.Normalise(row.Name);
                Tokens = CpuModelName.Tokens(Normalised);
                HasDigit = Normalised.Any(char.IsDigit);
            }

            public CpuPowerRow Row { get; }

            public string Normalised { get; }

            public string[] Tokens { get; }

            public bool HasDigit { get; }
        }
    }
}
