using System;

namespace Tracarbon.Tracking
{
    /// <summary>
    /// Running totals for one component, constant in size however long the session runs. Energy and
    /// emissions are sums of interval energies, never sums of watt samples.
    /// </summary>
    internal sealed class ComponentAggregate
    {
        private CompensatedSum _energy;
        private CompensatedSum _emissions;
        private CompensatedSum _coveredSeconds;

        public long Samples { get; private set; }

        public long Missing { get; private set; }

        public double EnergyJoules => _energy.Value;

        public double EmissionsGrams => _emissions.Value;

        /// <summary>The length of the intervals this component was read in, in seconds.</summary>
        public double CoveredSeconds => _coveredSeconds.Value;

        public double MinimumPowerWatts { get; private set; } = double.NaN;

        public double MaximumPowerWatts { get; private set; } = double.NaN;

        public string? LastSource { get; private set; }

        public string? LastProbe { get; private set; }

        private double _minIntensity = double.NaN;
        private double _maxIntensity = double.NaN;

        public void Add(in ComponentSample sample, double intervalSeconds, double intensity)
        {
            if (!sample.Present)
            {
                Missing++;
                return;
            }

            Samples++;
            _energy.Add(sample.EnergyJoules);
            _emissions.Add(sample.EmissionsGrams);
            _coveredSeconds.Add(intervalSeconds);
            if (sample.PowerWatts is double watts)
            {
                MinimumPowerWatts = double.IsNaN(MinimumPowerWatts) ? watts : Math.Min(MinimumPowerWatts, watts);
                MaximumPowerWatts = double.IsNaN(MaximumPowerWatts) ? watts : Math.Max(MaximumPowerWatts, watts);
            }

            _minIntensity = double.IsNaN(_minIntensity) ? intensity : Math.Min(_minIntensity, intensity);
            _maxIntensity = double.IsNaN(_maxIntensity) ? intensity : Math.Max(_maxIntensity, intensity);
            LastSource = sample.Source;
            LastProbe = sample.Probe;
        }

        /// <summary>Mean power over the intervals read: energy over time, not a mean of samples.</summary>
        public double? AveragePowerWatts => CoveredSeconds > 0 ? EnergyJoules / CoveredSeconds : (double?)null;

        /// <summary>
        /// The energy-weighted mean intensity, in g/kWh; exactly the intensity when it never changed, so a
        /// constant 56.039 does not come back as 56.038999999999994.
        /// </summary>
        public double? MeanIntensity
        {
            get
            {
                if (_minIntensity == _maxIntensity)
                {
                    return _minIntensity;
                }

                return EnergyJoules > 0 ? EmissionsGrams / Units.KilowattHours(EnergyJoules) : (double?)null;
            }
        }
    }
}
