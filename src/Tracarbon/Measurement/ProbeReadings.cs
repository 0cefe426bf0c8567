using System;

namespace Tracarbon.Measurement
{
    /// <summary>
    /// One interval's readings, one slot per component. The session owns one instance and clears it
    /// before each tick, so filling it allocates nothing.
    /// </summary>
    public sealed class ProbeReadings
    {
        private readonly ReadingKind[] _kinds = new ReadingKind[Components.Count];
        private readonly double[] _values = new double[Components.Count];
        private readonly string?[] _sources = new string?[Components.Count];

        public ReadingKind KindOf(Component component) => _kinds[(int)component];

        public double ValueOf(Component component) => _values[(int)component];

        public string? SourceOf(Component component) => _sources[(int)component];

        /// <summary>Records an energy counted over the interval, in joules.</summary>
        public void SetEnergy(Component component, double joules, string source)
        {
            Set(component, ReadingKind.Energy, joules, source);
        }

        /// <summary>Records the mean power over the interval, in watts.</summary>
        public void SetPower(Component component, double watts, string source)
        {
            Set(component, ReadingKind.Power, watts, source);
        }

        public void SetMissing(Component component)
        {
            Set(component, ReadingKind.Missing, 0, null);
        }

        /// <summary>Why a reading of this interval is missing, when the probe knows; the first one said.</summary>
        public string? Problem { get; private set; }

        /// <summary>
        /// Says why a component is missing for the interval (a counter gone, a value that cannot be
        /// right). The session counts it with the probe's errors, so the report says why, not only how
        /// often. Keeps the first problem of the interval; pass a string built once, not per tick.
        /// </summary>
        public void ReportProblem(string problem)
        {
            Problem ??= problem;
        }

        public void Clear()
        {
            Problem = null;
            Array.Clear(_kinds, 0, _kinds.Length);
            Array.Clear(_values, 0, _values.Length);
            Array.Clear(_sources, 0, _sources.Length);
        }

        /// <summary>
        /// The energy of the interval in joules, or null when the component was not read.
        /// A power reading becomes an energy through the interval's length.
        /// </summary>
        public double? EnergyJoules(Component component, double intervalSeconds)
        {
            int i = (int)component;
            switch (_kinds[i])
            {
                case ReadingKind.Energy:
                    return _values[i];
                case ReadingKind.Power:
                    return _values[i] * intervalSeconds;
                default:
                    return null;
            }
        }

        private void Set(Component component, ReadingKind kind, double value, string? source)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"A {component} reading must be a finite number.");
            }

            int i = (int)component;
            _kinds[i] = kind;
            _values[i] = value;
            _sources[i] = source;
        }
    }
}
