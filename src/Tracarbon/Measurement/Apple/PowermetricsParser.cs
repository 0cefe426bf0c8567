using System;
using System.Globalization;
using System.IO;

namespace Tracarbon.Measurement.Apple
{
    /// <summary>The power lines of one powermetrics sample, in watts; null where the line was absent.</summary>
    internal readonly struct PowermetricsReading
    {
        public PowermetricsReading(double? cpu, double? gpu, double? ane, double? combined)
        {
            CpuWatts = cpu;
            GpuWatts = gpu;
            AneWatts = ane;
            CombinedWatts = combined;
        }

        public double? CpuWatts { get; }

        public double? GpuWatts { get; }

        /// <summary>The Apple Neural Engine.</summary>
        public double? AneWatts { get; }

        /// <summary>powermetrics' own CPU + GPU + ANE total, printed by recent macOS versions.</summary>
        public double? CombinedWatts { get; }
    }

    /// <summary>
    /// Reads <c>CPU Power: 5200 mW</c>, <c>GPU Power: 1.8 W</c>, <c>ANE Power: 0 mW</c> and
    /// <c>Combined Power (CPU + GPU + ANE): 7000 mW</c> out of powermetrics' text output.
    /// </summary>
    internal static class PowermetricsParser
    {
        private const string Cpu = "CPU Power";
        private const string Gpu = "GPU Power";
        private const string Ane = "ANE Power";
        private const string Combined = "Combined Power (CPU + GPU + ANE)";

        /// <exception cref="InvalidDataException">No CPU or GPU power line, or a value without a unit.</exception>
        public static PowermetricsReading Parse(string output)
        {
            var cpu = new Mean();
            var gpu = new Mean();
            var ane = new Mean();
            var combined = new Mean();
            foreach (string raw in output.Split('\n'))
            {
                string line = raw.Trim();
                int colon = line.IndexOf(':');
                if (colon < 0)
                {
                    continue;
                }

                // Exact labels only: "GPU SRAM Power" or "E-Cluster Power" are parts or other things.
                string label = line.Substring(0, colon).Trim();
                string value = line.Substring(colon + 1).Trim();
                switch (label)
                {
                    case Cpu:
                        cpu.Add(Watts(value, line));
                        break;
                    case Gpu:
                        gpu.Add(Watts(value, line));
                        break;
                    case Ane:
                        ane.Add(Watts(value, line));
                        break;
                    case Combined:
                        combined.Add(Watts(value, line));
                        break;
                }
            }

            if (cpu.Value == null && gpu.Value == null)
            {
                throw new InvalidDataException(
                    "powermetrics printed no 'CPU Power' or 'GPU Power' line; an Intel Mac prints neither.");
            }

            return new PowermetricsReading(cpu.Value, gpu.Value, ane.Value, combined.Value);
        }

        /// <summary>Converts "5200 mW" or "1.8 W" to watts: milliwatts are divided by 1000.</summary>
        internal static double Watts(string value, string line)
        {
            double divisor;
            string number;
            if (value.EndsWith("mW", StringComparison.Ordinal))
            {
                divisor = 1000.0;
                number = value.Substring(0, value.Length - 2);
            }
            else if (value.EndsWith("W", StringComparison.Ordinal))
            {
                divisor = 1.0;
                number = value.Substring(0, value.Length - 1);
            }
            else
            {
                throw new InvalidDataException($"powermetrics printed a power without a unit: '{line}'.");
            }

            if (!double.TryParse(number.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                    out double parsed) || double.IsInfinity(parsed))
            {
                throw new InvalidDataException($"powermetrics printed a power that is not a number: '{line}'.");
            }

            return parsed / divisor;
        }

        /// <summary>
        /// Some macOS versions print GPU Power both in the processor and the GPU sections, and a run with
        /// more than one sample repeats every line; the mean covers both cases.
        /// </summary>
        private struct Mean
        {
            private double _sum;
            private int _count;

            public double? Value => _count == 0 ? (double?)null : _sum / _count;

            public void Add(double watts)
            {
                _sum += watts;
                _count++;
            }
        }
    }
}
