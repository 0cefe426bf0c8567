using System.Collections.Generic;

namespace Tracarbon.Tracking
{
    /// <summary>
    /// The last N samples of a session in a ring of samples reused once filled: bounded memory however
    /// long the session runs, and no allocation per tick once the ring is full. Slots are made as the
    /// ring fills, so a hundred short sessions do not each hold a full ring.
    /// </summary>
    internal sealed class SampleHistory
    {
        private readonly Sample[] _ring;
        private int _next;
        private int _count;

        public SampleHistory(int capacity)
        {
            _ring = new Sample[capacity];
        }

        public int Capacity => _ring.Length;

        public int Count => _count;

        public void Add(Sample sample)
        {
            if (_ring.Length == 0)
            {
                return;
            }

            // Without workloads: thousands of kept splits would hold memory that nothing here reads.
            (_ring[_next] ??= new Sample()).CopyFrom(sample, withWorkloads: false);
            _next = (_next + 1) % _ring.Length;
            if (_count < _ring.Length)
            {
                _count++;
            }
        }

        /// <summary>The kept samples as objects, oldest first; the newest <paramref name="last"/> when given.</summary>
        public List<CarbonSample> ToRecords(int? last = null)
        {
            int take = last.HasValue && last.Value < _count ? last.Value : _count;
            var records = new List<CarbonSample>(take * 3);
            int start = (_next - take + _ring.Length) % (_ring.Length == 0 ? 1 : _ring.Length);
            for (int i = 0; i < take; i++)
            {
                records.AddRange(CarbonSample.From(_ring[(start + i) % _ring.Length]));
            }

            return records;
        }
    }
}
