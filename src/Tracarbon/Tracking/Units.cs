namespace Tracarbon.Tracking
{
    internal static class Units
    {
        /// <summary>1 kWh = 1000 W x 3600 s.</summary>
        public const double JoulesPerKilowattHour = 3_600_000.0;

        public static double KilowattHours(double joules) => joules / JoulesPerKilowattHour;

        /// <summary>Grams of CO2e for an energy at an intensity in g/kWh.</summary>
        public static double Grams(double joules, double gramsPerKilowattHour) =>
            joules / JoulesPerKilowattHour * gramsPerKilowattHour;
    }
}
