using System.Management.Automation;
using Tracarbon.Carbon;

namespace Tracarbon.PowerShell
{
    /// <summary>Turns what a user typed for -Country into an intensity, or into a clear error.</summary>
    internal static class IntensityResolver
    {
        public const string WorldAverageWarning =
            "No country given: using the generation-weighted world average. Give -Country (for example FR) " +
            "for your grid's own intensity.";

        public static IntensityValue Resolve(PSCmdlet cmdlet, string? code)
        {
            if (code == null)
            {
                cmdlet.WriteWarning(WorldAverageWarning);
                return CountryIntensityTable.Default.WorldAverage;
            }

            try
            {
                CountryIntensityTable table = CountryIntensityTable.Default;
                return table.ToIntensity(table.Find(code));
            }
            catch (UnknownCountryException ex)
            {
                cmdlet.ThrowTerminatingError(ToErrorRecord(ex));
                throw;
            }
        }

        /// <summary>Writes a non-terminating error for an unknown code, so other codes still answer.</summary>
        public static bool TryFind(PSCmdlet cmdlet, string code, out CountryIntensity country)
        {
            try
            {
                country = CountryIntensityTable.Default.Find(code);
                return true;
            }
            catch (UnknownCountryException ex)
            {
                cmdlet.WriteError(ToErrorRecord(ex));
                country = null!;
                return false;
            }
        }

        private static ErrorRecord ToErrorRecord(UnknownCountryException ex) =>
            ErrorRecords.Create(
                ex,
                "UnknownCountry",
                ErrorCategory.ObjectNotFound,
                ex.Code,
                "Use an ISO 3166-1 alpha-2 code, one of: " + string.Join(", ", ex.ValidCodes) + ".");
    }
}
