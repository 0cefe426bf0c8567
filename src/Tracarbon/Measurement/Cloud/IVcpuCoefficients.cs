using System;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>
    /// Per-vCPU watts by processor microarchitecture, for the providers whose size tables carry no
    /// watts of their own (Azure, GCP). Cloud Carbon Footprint publishes one such table per provider.
    /// </summary>
    public interface IVcpuCoefficients
    {
        /// <summary>
        /// The watts per vCPU for <paramref name="microarchitecture"/> as the size tables spell it
        /// (<c>Cascade Lake</c>, <c>EPYC 2nd Gen</c>), or null when the table has no row for it.
        /// </summary>
        VcpuWatts? Find(string microarchitecture);

        /// <summary>
        /// What a size whose microarchitecture is <c>Unknown</c> or absent from the table is given: the
        /// mean over the provider's microarchitectures, as Cloud Carbon Footprint does.
        /// </summary>
        VcpuWatts Average { get; }
    }

    /// <summary>The power of one vCPU at idle and at full load, in watts.</summary>
    public sealed class VcpuWatts
    {
        public VcpuWatts(double minWatts, double maxWatts)
        {
            if (!(minWatts >= 0) || !(maxWatts >= minWatts) || double.IsInfinity(maxWatts))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(maxWatts), $"Per-vCPU watts need 0 <= min <= max; got {minWatts} and {maxWatts}.");
            }

            MinWatts = minWatts;
            MaxWatts = maxWatts;
        }

        public double MinWatts { get; }

        public double MaxWatts { get; }
    }
}
