using System;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>
    /// Watts measured at 0 %, 10 %, 50 % and 100 % load, with straight lines between those points.
    /// Between two measured points a line is closer to the measured behaviour than holding the lower
    /// point's value, which is what stepping does.
    /// </summary>
    public sealed class PowerCurve
    {
        public PowerCurve(double idleWatts, double tenPercentWatts, double halfWatts, double fullWatts)
        {
            IdleWatts = idleWatts;
            TenPercentWatts = tenPercentWatts;
            HalfWatts = halfWatts;
            FullWatts = fullWatts;
        }

        public double IdleWatts { get; }

        public double TenPercentWatts { get; }

        public double HalfWatts { get; }

        public double FullWatts { get; }

        /// <summary>
        /// The watts at <paramref name="utilisation"/> (0 to 1). Values outside are held at the ends,
        /// since the curve was measured only between idle and full load.
        /// </summary>
        public double WattsAt(double utilisation)
        {
            if (double.IsNaN(utilisation))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(utilisation), utilisation, "Utilisation is not a number.");
            }

            double u = Math.Max(0.0, Math.Min(1.0, utilisation));
            if (u <= 0.1)
            {
                return Line(0.0, IdleWatts, 0.1, TenPercentWatts, u);
            }

            if (u <= 0.5)
            {
                return Line(0.1, TenPercentWatts, 0.5, HalfWatts, u);
            }

            return Line(0.5, HalfWatts, 1.0, FullWatts, u);
        }

        public override string ToString() =>
            $"{IdleWatts} W idle, {TenPercentWatts} W at 10 %, {HalfWatts} W at 50 %, {FullWatts} W at 100 %";

        private static double Line(double u0, double w0, double u1, double w1, double u) =>
            w0 + ((w1 - w0) * (u - u0) / (u1 - u0));
    }
}
