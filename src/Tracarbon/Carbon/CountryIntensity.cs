using System;
using System.Globalization;

namespace Tracarbon.Carbon
{
    /// <summary>A country's yearly average grid carbon intensity from an offline table.</summary>
    public sealed class CountryIntensity
    {
        public CountryIntensity(
            string alpha2, string alpha3, string name, double gramsPerKilowattHour, int year, string source)
        {
            if (double.IsNaN(gramsPerKilowattHour) || double.IsInfinity(gramsPerKilowattHour)
                || gramsPerKilowattHour < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(gramsPerKilowattHour), gramsPerKilowattHour, "An intensity is a finite 0 g/kWh or more.");
            }

            Alpha2 = alpha2 ?? throw new ArgumentNullException(nameof(alpha2));
            Alpha3 = alpha3 ?? throw new ArgumentNullException(nameof(alpha3));
            Name = name ?? throw new ArgumentNullException(nameof(name));
            GramsPerKilowattHour = gramsPerKilowattHour;
            Year = year;
            Source = source ?? throw new ArgumentNullException(nameof(source));
        }

        /// <summary>ISO 3166-1 alpha-2 code, upper case, such as <c>GB</c>.</summary>
        public string Alpha2 { get; }

        /// <summary>ISO 3166-1 alpha-3 code, upper case, such as <c>GBR</c>.</summary>
        public string Alpha3 { get; }

        /// <summary>The English name the source table gives the country.</summary>
        public string Name { get; }

        /// <summary>Grams of CO2-equivalent per kilowatt-hour, averaged over <see cref="Year"/>.</summary>
        public double GramsPerKilowattHour { get; }

        /// <summary>The year the average covers; tables mix years, so it differs between countries.</summary>
        public int Year { get; }

        /// <summary>The table the figure comes from and its year.</summary>
        public string Source { get; }

        public override string ToString() => string.Format(
            CultureInfo.InvariantCulture,
            "{0} ({1}): {2} gCO2eq/kWh in {3}",
            Alpha2,
            Name,
            GramsPerKilowattHour,
            Year);
    }
}
