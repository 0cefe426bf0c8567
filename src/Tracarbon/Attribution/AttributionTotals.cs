using System.Collections.Generic;
using Tracarbon.Tracking;

namespace Tracarbon.Attribution
{
    /// <summary>Running totals per workload key; the caller holds the lock.</summary>
    internal sealed class AttributionTotals
    {
        private readonly Dictionary<string, Total> _byKey = new Dictionary<string, Total>();
        private readonly List<Total> _order = new List<Total>();
        private readonly Total _unattributed = new Total(WorkloadIdentity.Unattributed);
        private double _hostCpuJoules;
        private double _hostMemoryJoules;

        public void Add(AttributionInput input, List<WorkloadEnergy> rows, WorkloadEnergy rest)
        {
            _hostCpuJoules += input.CpuEnergyJoules ?? 0;
            _hostMemoryJoules += input.MemoryEnergyJoules ?? 0;
            foreach (WorkloadEnergy row in rows)
            {
                if (!_byKey.TryGetValue(row.Key, out Total? total))
                {
                    total = new Total(row.Identity);
                    _byKey[row.Key] = total;
                    _order.Add(total);
                }

                // Labels learnt later (a pod list that came after the container) replace the earlier ones.
                total.Identity = row.Identity;
                total.Add(row);
            }

            _unattributed.Add(rest);
        }

        /// <summary>
        /// One row per workload ever seen, in order of first appearance, then the unattributed row. Shares
        /// are of the host's CPU and memory energy over the whole attribution.
        /// </summary>
        public IReadOnlyList<WorkloadEnergy> Rows()
        {
            var rows = new List<WorkloadEnergy>(_order.Count + 1);
            foreach (Total total in _order)
            {
                rows.Add(total.ToRow(_hostCpuJoules, _hostMemoryJoules));
            }

            WorkloadEnergy rest = _unattributed.ToRow(_hostCpuJoules, _hostMemoryJoules);
            rest.MemoryBytes = null;
            rows.Add(rest);
            return rows;
        }

        private sealed class Total
        {
            private double _duration;
            private double _cpuSeconds;
            private double? _memoryBytes;
            private double _cpuJoules;
            private double _memoryJoules;
            private double _otherJoules;
            private double _grams;

            public Total(WorkloadIdentity identity)
            {
                Identity = identity;
            }

            public WorkloadIdentity Identity { get; set; }

            public void Add(WorkloadEnergy row)
            {
                _duration += row.DurationSeconds;
                _cpuSeconds += row.CpuSeconds;
                _memoryBytes = row.MemoryBytes;
                _cpuJoules += row.CpuEnergyJoules;
                _memoryJoules += row.MemoryEnergyJoules;
                _otherJoules += row.OtherEnergyJoules;
                _grams += row.EmissionsGrams;
            }

            public WorkloadEnergy ToRow(double hostCpuJoules, double hostMemoryJoules) =>
                new WorkloadEnergy(Identity)
                {
                    DurationSeconds = _duration,
                    CpuSeconds = _cpuSeconds,
                    MemoryBytes = _memoryBytes,
                    CpuShare = hostCpuJoules > 0 ? _cpuJoules / hostCpuJoules : 0,
                    MemoryShare = hostMemoryJoules > 0 ? _memoryJoules / hostMemoryJoules : 0,
                    CpuEnergyJoules = _cpuJoules,
                    MemoryEnergyJoules = _memoryJoules,
                    OtherEnergyJoules = _otherJoules,
                    EmissionsGrams = _grams,
                };
        }
    }
}
