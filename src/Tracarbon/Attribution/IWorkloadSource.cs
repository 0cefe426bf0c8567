using System.Collections.Generic;

namespace Tracarbon.Attribution
{
    /// <summary>Something that reads a set of workloads' counters once per interval.</summary>
    internal interface IWorkloadSource
    {
        /// <summary>True when its CPU times are shares of the machine's <c>/proc/stat</c> busy time.</summary>
        bool UsesMachineCounters { get; }

        /// <summary>
        /// Adds one reading per live workload. A workload seen for the first time is a baseline with no CPU
        /// time; one that is gone adds nothing. Problems go to <paramref name="warnings"/>, never thrown.
        /// </summary>
        void Read(double intervalSeconds, List<WorkloadReading> readings, WarningLog warnings);
    }

    /// <summary>Problems met while reading; each distinct message is reported once per attribution.</summary>
    internal sealed class WarningLog
    {
        private readonly HashSet<string> _seen = new HashSet<string>();
        private readonly List<string> _pending = new List<string>();

        public void Add(string message)
        {
            lock (_pending)
            {
                if (_seen.Add(message))
                {
                    _pending.Add(message);
                }
            }
        }

        /// <summary>The messages added since the last call.</summary>
        public IReadOnlyList<string> Drain()
        {
            lock (_pending)
            {
                if (_pending.Count == 0)
                {
                    return System.Array.Empty<string>();
                }

                string[] messages = _pending.ToArray();
                _pending.Clear();
                return messages;
            }
        }
    }
}
