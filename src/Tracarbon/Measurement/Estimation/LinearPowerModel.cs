using System;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>
    /// Power that grows in a straight line from <see cref="MinWatts"/> at idle to <see cref="MaxWatts"/> at full
    /// use. Every CPU model of the estimator reduces to one of these.
    /// </summary>
    public sealed class LinearPowerModel
    {
        public LinearPowerModel(double minWatts, double maxWatts, string source)
        {
            if (!IsFinite(minWatts) || minWatts < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(minWatts), minWatts, "Idle power is a finite 0 W or more.");
            }

            if (!IsFinite(maxWatts) || maxWatts < minWatts)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(maxWatts), maxWatts, "Full-load power is finite and no less than idle power.");
            }

            if (string.IsNullOrWhiteSpace(source))
            {
                throw new ArgumentException("A power model says where its numbers come from.", nameof(source));
            }

            MinWatts = minWatts;
            MaxWatts = maxWatts;
            Source = source;
        }

        /// <summary>Watts drawn at 0 % utilisation.</summary>
        public double MinWatts { get; }

        /// <summary>Watts drawn at 100 % utilisation.</summary>
        public double MaxWatts { get; }

        /// <summary>Where the two figures come from, for the sample's source text.</summary>
        public string Source { get; }

        /// <summary>The power at a utilisation in [0, 1]; values outside are clamped, NaN counts as idle.</summary>
        public double WattsAt(double utilisation)
        {
            double u = utilisation > 0 ? Math.Min(1.0, utilisation) : 0.0;
            return MinWatts + ((MaxWatts - MinWatts) * u);
        }

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);
    }
}
