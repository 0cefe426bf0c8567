using System;

namespace Tracarbon.Carbon
{
    /// <summary>A grid carbon intensity with where it applies and where it came from.</summary>
    public sealed class IntensityValue
    {
        public IntensityValue(
            double gramsPerKilowattHour,
            string location,
            string source,
            int? year = null,
            DateTimeOffset? timestamp = null,
            bool isFallback = false)
        {
            if (double.IsNaN(gramsPerKilowattHour) || gramsPerKilowattHour < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(gramsPerKilowattHour), gramsPerKilowattHour, "An intensity is a number of 0 g/kWh or more.");
            }

            GramsPerKilowattHour = gramsPerKilowattHour;
            Location = location;
            Source = source;
            Year = year;
            Timestamp = timestamp;
            IsFallback = isFallback;
        }

        /// <summary>Grams of CO2-equivalent per kilowatt-hour of electricity.</summary>
        public double GramsPerKilowattHour { get; }

        /// <summary>The location label used in tags, such as <c>FR</c> or <c>World</c>.</summary>
        public string Location { get; }

        public string Source { get; }

        public int? Year { get; }

        public DateTimeOffset? Timestamp { get; }

        /// <summary>True when this value stands in for one that could not be had.</summary>
        public bool IsFallback { get; }
    }

    /// <summary>
    /// Answers the intensity in force now, instantly. Refreshing from slow sources happens off the
    /// sampling path.
    /// </summary>
    public interface IIntensityProvider
    {
        IntensityValue Current { get; }
    }

    /// <summary>An intensity that does not change during a session, such as a yearly average.</summary>
    public sealed class FixedIntensityProvider : IIntensityProvider
    {
        public FixedIntensityProvider(IntensityValue value)
        {
            Current = value ?? throw new ArgumentNullException(nameof(value));
        }

        public IntensityValue Current { get; }
    }
}
