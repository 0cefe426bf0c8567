using System;
using System.Collections.Generic;

namespace Tracarbon.Reports
{
    /// <summary>
    /// One axis: a domain from zero, a round step between ticks and the unit its labels are written in.
    /// Steps are 1, 2, 2.5 or 5 times a power of ten, the ones people read without effort.
    /// </summary>
    internal sealed class AxisScale
    {
        private AxisScale(double maximum, double step, double divisor, string unit)
        {
            Maximum = maximum;
            Step = step;
            Divisor = divisor;
            Unit = unit;
        }

        /// <summary>The top of the domain, in the data's own unit (seconds, watts, grams).</summary>
        public double Maximum { get; }

        /// <summary>The distance between ticks, in the label unit.</summary>
        public double Step { get; }

        /// <summary>Data units per label unit: 60 when seconds are labelled in minutes.</summary>
        public double Divisor { get; }

        public string Unit { get; }

        /// <summary>Power labels step from milliwatts (an idle part) to megawatts (a fleet).</summary>
        internal static readonly (string Unit, double Divisor)[] Watts =
        {
            ("mW", 1e-3), ("W", 1), ("kW", 1e3), ("MW", 1e6),
        };

        /// <summary>A second of one machine emits micrograms; a year of a fleet, tonnes.</summary>
        internal static readonly (string Unit, double Divisor)[] Grams =
        {
            ("\u00b5g", 1e-6), ("mg", 1e-3), ("g", 1), ("kg", 1e3), ("t", 1e6),
        };

        /// <summary>
        /// A value axis from zero up to a round number at or above <paramref name="largest"/>, labelled
        /// in the largest unit of <paramref name="units"/> in which the top reads 1 or more.
        /// </summary>
        public static AxisScale ForValues(double largest, (string Unit, double Divisor)[] units, int ticks = 5)
        {
            if (!(largest > 0) || double.IsInfinity(largest))
            {
                // All zero (an idle GPU, a zero-carbon grid): a range of one base unit still draws an axis.
                largest = 1;
            }

            (string unit, double divisor) = units[0];
            foreach (var candidate in units)
            {
                if (largest / candidate.Divisor >= 1)
                {
                    (unit, divisor) = candidate;
                }
            }

            double step = NiceStep(largest / divisor / ticks);
            double top = Math.Ceiling(largest / divisor / step - 1e-9) * step;
            return new AxisScale(top * divisor, step, divisor, unit);
        }

        /// <summary>
        /// A time axis over exactly <paramref name="seconds"/>, so the lines reach both edges; labelled
        /// in the largest unit that still gives a few ticks.
        /// </summary>
        public static AxisScale ForTime(double seconds, int ticks = 6)
        {
            if (!(seconds > 0) || double.IsInfinity(seconds))
            {
                seconds = 1;
            }

            double divisor;
            string unit;
            if (seconds <= 180)
            {
                (divisor, unit) = (1, "s");
            }
            else if (seconds <= 3 * 3600)
            {
                (divisor, unit) = (60, "min");
            }
            else if (seconds <= 3 * 86400)
            {
                (divisor, unit) = (3600, "h");
            }
            else
            {
                (divisor, unit) = (86400, "d");
            }

            return new AxisScale(seconds, NiceStep(seconds / divisor / ticks), divisor, unit);
        }

        /// <summary>Tick positions in data units, from zero up to the domain's top.</summary>
        public IReadOnlyList<double> Ticks()
        {
            var ticks = new List<double>();
            double top = Maximum / Divisor;
            for (int i = 0; i <= 1000; i++)
            {
                double label = i * Step;
                if (label > top * (1 + 1e-9))
                {
                    break;
                }

                ticks.Add(label * Divisor);
            }

            return ticks;
        }

        public string Label(double value) => Html.Tick(value / Divisor, Step) + " " + Unit;

        internal static double NiceStep(double rough)
        {
            double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
            double fraction = rough / power;
            double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
            return nice * power;
        }
    }
}
