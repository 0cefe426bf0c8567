using System;

namespace Tracarbon.Tracking
{
    /// <summary>
    /// Neumaier summation: a week of one-second energies added one by one keeps its exact total,
    /// where a plain double sum loses the low bits of each small term.
    /// </summary>
    internal struct CompensatedSum
    {
        private double _sum;
        private double _compensation;

        public double Value => _sum + _compensation;

        public void Add(double value)
        {
            double t = _sum + value;
            if (Math.Abs(_sum) >= Math.Abs(value))
            {
                _compensation += (_sum - t) + value;
            }
            else
            {
                _compensation += (value - t) + _sum;
            }

            _sum = t;
        }
    }
}
