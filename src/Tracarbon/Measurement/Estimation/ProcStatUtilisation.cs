using Tracarbon.Measurement.Cloud;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>
    /// The machine's CPU utilisation per interval from <c>/proc/stat</c>, for models that take a
    /// utilisation (the cloud instance tables). <see cref="Start"/> takes the baseline; without it the first
    /// call only takes the baseline.
    /// </summary>
    public sealed class ProcStatUtilisation : IUtilisationSource
    {
        private readonly ProcStatReader _reader;
        private CpuTimes _previous;
        private bool _hasPrevious;
        private double? _last;

        public ProcStatUtilisation(string procRoot)
        {
            _reader = new ProcStatReader(procRoot);
        }

        public void Start()
        {
            _previous = _reader.Read();
            _hasPrevious = true;
            _last = null;
        }

        public double? Utilisation(double intervalSeconds)
        {
            CpuTimes now = _reader.Read();
            if (!_hasPrevious)
            {
                _previous = now;
                _hasPrevious = true;
                return null;
            }

            // Both reads in one jiffy: no new information, and the CPU drew power all the same, so the
            // last utilisation stands; the baseline stays so the next interval sees the jiffies.
            double? utilisation = ProcStat.Utilisation(_previous, now);
            if (utilisation == null)
            {
                return _last;
            }

            _previous = now;
            _last = utilisation;
            return utilisation;
        }
    }
}
