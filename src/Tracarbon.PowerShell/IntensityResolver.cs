using System;
using System.Management.Automation;
using Tracarbon.Carbon;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Turns -Country, -Region, -Location and -ApiKey into an intensity provider, or a clear error. An
    /// explicit country or region wins, then the location object, then TRACARBON_COUNTRY and
    /// TRACARBON_CLOUD_REGION; with none, the world average with a warning.
    /// </summary>
    internal static class IntensityResolver
    {
        public const string WorldAverageWarning =
            "No country given: using the generation-weighted world average. Give -Country (for example FR), " +
            "or pipe Get-CarbonLocation into this command, for your grid's own intensity.";

        public static IIntensityProvider Resolve(
            PSCmdlet cmdlet, string? country, string? region, CarbonLocation? location, string? apiKey,
                double refreshMinutes)
        {
            RefuseCountryWithRegion(cmdlet, country, region);

            // The environment stands in only for what was not given at all: a piped location wins.
            string? fromVariable = null;
            if (country == null && region == null && location == null)
            {
                country = Variable(Carbon.Locations.LocationDetectorOptions.CountryVariable);
                region = Variable(Carbon.Locations.LocationDetectorOptions.CloudRegionVariable);
                fromVariable = country != null ? Carbon.Locations.LocationDetectorOptions.CountryVariable
                    : region != null ? Carbon.Locations.LocationDetectorOptions.CloudRegionVariable : null;
                if (country != null && region != null)
                {
                    cmdlet.ThrowTerminatingError(CountryWithRegionFromEnvironment(new CountryWithRegionException(
                        country, region, Carbon.Locations.LocationDetectorOptions.CountryVariable,
                        Carbon.Locations.LocationDetectorOptions.CloudRegionVariable)));
                }
            }

            apiKey ??= Variable(ElectricityMapsOptions.ApiKeyVariable);

            try
            {
                if (region != null)
                {
                    CloudRegion found = CloudRegionTable.Default.Find(region);
                    WarnIfPipedPlaceDiffers(cmdlet, location, $"-Region '{found.Key}'", found.Key, null);
                    location = new CarbonLocation(
                        found.Country, null, found.Key, found.Provider, location?.InstanceType,
                            LocationMethod.Explicit, null);
                }
                else if (country != null)
                {
                    CountryIntensity found = CountryIntensityTable.Default.Find(country);
                    WarnIfPipedPlaceDiffers(cmdlet, location, $"-Country '{found.Alpha2}'", null, found.Alpha2);
                    return ForCountry(found.Alpha2, apiKey, refreshMinutes);
                }

                if (location == null)
                {
                    cmdlet.WriteWarning(WorldAverageWarning);
                    return new FixedIntensityProvider(CountryIntensityTable.Default.WorldAverage);
                }

                // A region's own yearly figure is more specific than its country's; live data needs a key.
                bool live = apiKey != null && location.Country != null &&
                    CountryIntensityTable.Default.TryFind(location.Country, out _);
                return live
                    ? ForCountry(location.Country!, apiKey, refreshMinutes)
                    : new FixedIntensityProvider(IntensityProviders.Offline(location));
            }
            catch (Exception ex) when (fromVariable != null &&
                                       (ex is UnknownCountryException || ex is UnknownRegionException))
            {
                // No -Country or -Region was given: say where the code came from, or the message names a
                // code the user never typed.
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                    new ArgumentException($"{fromVariable} is set to '{country ?? region}': {ex.Message}", ex),
                    "InvalidEnvironmentVariable",
                    ErrorCategory.InvalidArgument,
                    fromVariable,
                    "Set it to a code the tables know (FR, aws:eu-west-3), or remove it."));
                throw;
            }
            catch (UnknownCountryException ex)
            {
                cmdlet.ThrowTerminatingError(ToErrorRecord(ex));
                throw;
            }
            catch (ArgumentException ex) when (ex.ParamName == ElectricityMapsOptions.UrlVariable)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "InvalidEnvironmentVariable",
                    ErrorCategory.InvalidArgument,
                    ElectricityMapsOptions.UrlVariable,
                    "Set it to an http:// or https:// URL, or remove it to use Electricity Maps' own."));
                throw;
            }
            catch (UnknownRegionException ex)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "UnknownRegion",
                    ErrorCategory.ObjectNotFound,
                    ex.Region,
                    "Use provider:region, such as aws:eu-west-3, gcp:europe-west1 or azure:westeurope " +
                    "(tab completion lists them)."));
                throw;
            }
        }

        /// <summary>
        /// Refuses -Country or -Region given on the command line with no value ($null, an empty string or
        /// list, blanks): often an unset variable or a misspelt property, which would otherwise read as
        /// "not given" and quietly take the environment, a detected location or the world average.
        /// </summary>
        /// <param name="otherwise">What leaving the parameter out does, for the advice.</param>
        public static void RefuseBlank(PSCmdlet cmdlet, string parameter, object? value, string otherwise)
        {
            if (!cmdlet.MyInvocation.BoundParameters.ContainsKey(parameter) || !IsBlank(value))
            {
                return;
            }

            bool country = parameter == "Country";
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                new ArgumentException($"-{parameter} was given no value (null or empty)."),
                country ? "UnknownCountry" : "UnknownRegion",
                ErrorCategory.ObjectNotFound,
                value ?? string.Empty,
                (country ? "Give an ISO 3166-1 alpha-2 code such as FR"
                    : "Give provider:region, such as aws:eu-west-3") +
                $", or leave -{parameter} out {otherwise}."));
        }

        private static bool IsBlank(object? value)
        {
            switch (value)
            {
                case null:
                    return true;
                case string text:
                    return string.IsNullOrWhiteSpace(text);
                case string[] list:
                    foreach (string item in list)
                    {
                        if (!string.IsNullOrWhiteSpace(item))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A region names its own grid (and country): which of the two was meant cannot be guessed.</summary>
        public static void RefuseCountryWithRegion(PSCmdlet cmdlet, string? country, string? region)
        {
            if (country != null && region != null)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "CountryWithRegion",
                    $"Both -Country '{country}' and -Region '{region}' were given; they name two grids.",
                    country + " / " + region,
                    "Give -Country (such as FR) or -Region (such as aws:eu-west-3, whose grid is its own), not both."));
            }
        }

        /// <summary>
        /// TRACARBON_COUNTRY and TRACARBON_CLOUD_REGION both set: the error -Country with -Region gives.
        /// </summary>
        public static ErrorRecord CountryWithRegionFromEnvironment(CountryWithRegionException ex) =>
            ErrorRecords.Create(
                ex,
                "CountryWithRegion",
                ErrorCategory.InvalidArgument,
                ex.Country + " / " + ex.Region,
                $"Remove {Carbon.Locations.LocationDetectorOptions.CountryVariable} or " +
                $"{Carbon.Locations.LocationDetectorOptions.CloudRegionVariable}, or give -Country or -Region, " +
                "which the variables then do not stand in for.");

        /// <summary>
        /// An explicit -Country or -Region wins over a piped location, as documented; when the location names
        /// another place, a warning says which one the intensity comes from.
        /// </summary>
        private static void WarnIfPipedPlaceDiffers(
            PSCmdlet cmdlet, CarbonLocation? location, string given, string? regionKey, string? alpha2)
        {
            if (location == null || (location.Region == null && location.Country == null))
            {
                return;
            }

            bool same = regionKey != null
                ? string.Equals(location.Region, regionKey, StringComparison.OrdinalIgnoreCase)
                : location.Region == null && string.Equals(location.Country, alpha2, StringComparison.OrdinalIgnoreCase);
            if (same)
            {
                return;
            }

            string piped = location.Region != null
                ? $"region '{location.Region}'"
                : $"country '{location.Country}'";
            cmdlet.WriteWarning($"Using {given} for the intensity, not the piped location's {piped}.");
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

        private static IIntensityProvider ForCountry(string alpha2, string? apiKey, double refreshMinutes)
        {
            apiKey ??= Variable(ElectricityMapsOptions.ApiKeyVariable);
            if (apiKey == null)
            {
                CountryIntensityTable table = CountryIntensityTable.Default;
                return new FixedIntensityProvider(table.ToIntensity(table.Find(alpha2)));
            }

            var client = new ElectricityMapsClient(new ElectricityMapsOptions { ApiKey = apiKey });
            var live = new LiveIntensityProvider(
                client, alpha2, new LiveIntensityOptions { RefreshInterval = TimeSpan.FromMinutes(refreshMinutes) });

            // Not started here: the session starts it once it listens to its warnings, or the first
            // failure (a refused key, a quota) would be raised to no one.
            return live;
        }

        private static string? Variable(string name)
        {
            string? value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
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
