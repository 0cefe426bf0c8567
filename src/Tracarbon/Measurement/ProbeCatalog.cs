using System.Collections.Generic;
using Tracarbon.Measurement.Estimation;

namespace Tracarbon.Measurement
{
    /// <summary>The probes a session uses when the user names none.</summary>
    public static class ProbeCatalog
    {
        /// <summary>
        /// The best sources for this machine, most trusted first; the session takes each component
        /// from the first probe that reads it.
        /// </summary>
        public static IReadOnlyList<Probe> CreateDefault()
        {
            return new Probe[] { EstimatorProbe.ForThisMachine() };
        }
    }
}
