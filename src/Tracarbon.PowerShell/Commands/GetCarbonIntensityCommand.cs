using System;
using System.Management.Automation;
using Tracarbon.Carbon;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Looks up the carbon intensity of countries' and cloud regions' electricity.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonIntensity", DefaultParameterSetName = "Country")]
    [OutputType(typeof(CarbonIntensity))]
    public sealed class GetCarbonIntensityCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
            ParameterSetName = "Country")]
        // In the Region set too, only so that -Country with -Region binds and gets CountryWithRegion, the
        // error every other cmdlet gives, rather than PowerShell's bare "parameter set cannot be resolved".
        [Parameter(ParameterSetName = "Region", DontShow = true)]
        [ArgumentCompleter(typeof(CountryCompleter))]
        public string[]? Country { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Region")]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string[]? Region { get; set; }

        /// <summary>
        /// Where the machine is, from Get-CarbonLocation: its cloud region's figure where the table has one,
        /// else its country's, else the world average.
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Location")]
        public CarbonLocation? Location { get; set; }

        /// <summary>Ask Electricity Maps for the latest figure instead of the yearly table.</summary>
        [Parameter(ParameterSetName = "Country")]
        public SwitchParameter Live { get; set; }

        [Parameter(ParameterSetName = "Country")]
        [ApiKeyTransformation]
        public System.Security.SecureString? ApiKey { get; set; }

        protected override void BeginProcessing()
        {
            // Only what the command line gave: a piped object binds its own values later, per record.
            IntensityResolver.RefuseBlank(this, nameof(Country), Country, "for the world average");
            IntensityResolver.RefuseBlank(this, nameof(Region), Region, "for the world average");
            if (Country != null && Region != null)
            {
                IntensityResolver.RefuseCountryWithRegion(this, string.Join(",", Country), string.Join(",", Region));
            }
        }

        protected override void ProcessRecord()
        {
            if (Region != null)
            {
                foreach (string region in Region)
                {
                    WriteRegion(region);
                }

                return;
            }

            if (Location != null)
            {
                WriteLocation(Location);
                return;
            }

            if (Country == null)
            {
                WriteWorldAverage();
                return;
            }

            foreach (string code in Country)
            {
                if (IntensityResolver.TryFind(this, code, out CountryIntensity country))
                {
                    WriteObject(Live ? LiveFor(country) : new CarbonIntensity(
                        country.Alpha2, country.Name, country.GramsPerKilowattHour, country.Source, country.Year));
                }
            }
        }

        private CarbonIntensity LiveFor(CountryIntensity country)
        {
            string? key = ApiKeyTransformationAttribute.RevealOrRefuseEmpty(this, ApiKey) ??
                Environment.GetEnvironmentVariable(ElectricityMapsOptions.ApiKeyVariable);
            if (string.IsNullOrWhiteSpace(key))
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "MissingApiKey",
                    "-Live needs an Electricity Maps API key.",
                    "ApiKey",
                    "Give -ApiKey, or set TRACARBON_CO2SIGNAL_API_KEY."));
            }

            ElectricityMapsClient client;
            try
            {
                client = new ElectricityMapsClient(new ElectricityMapsOptions { ApiKey = key });
            }
            catch (ArgumentException ex) when (ex.ParamName == ElectricityMapsOptions.UrlVariable)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    ex, "InvalidEnvironmentVariable", ErrorCategory.InvalidArgument, ElectricityMapsOptions.UrlVariable,
                    "Set it to an http:// or https:// URL, or remove it to use Electricity Maps' own."));
                throw;
            }

            WriteVerbose($"Asking '{client.Endpoint.GetLeftPart(UriPartial.Path)}' for zone '{country.Alpha2}'.");
            LiveIntensityResult result = client.GetLatest(country.Alpha2);
            if (result.Value is IntensityValue live)
            {
                return new CarbonIntensity(
                    country.Alpha2, country.Name, live.GramsPerKilowattHour, live.Source, null, live.Timestamp);
            }

            // Never 0: the yearly table stands in, and its source says why.
            WriteWarning($"Live intensity for {country.Alpha2} is unavailable ({result.Message}); using the yearly table.");
            return new CarbonIntensity(
                country.Alpha2,
                country.Name,
                country.GramsPerKilowattHour,
                country.Source + ", offline table (Electricity Maps: " + result.Reason + ")",
                country.Year);
        }

        private void WriteWorldAverage()
        {
            IntensityValue world = CountryIntensityTable.Default.WorldAverage;
            WriteWarning(IntensityResolver.WorldAverageWarning);
            WriteObject(new CarbonIntensity("World", "World average", world.GramsPerKilowattHour, world.Source,
                world.Year));
        }

        private void WriteLocation(CarbonLocation location)
        {
            if (CloudRegionTable.Default.TryFind(location.Region, out _))
            {
                WriteRegion(location.Region!);
                return;
            }

            if (!CountryIntensityTable.Default.TryFind(location.Country, out CountryIntensity? country))
            {
                WriteWorldAverage();
                return;
            }

            if (location.Region != null)
            {
                WriteVerbose($"The region table has no figure for '{location.Region}'; using {country!.Alpha2}'s.");
            }

            WriteObject(new CarbonIntensity(
                country!.Alpha2, country.Name, country.GramsPerKilowattHour, country.Source, country.Year));
        }

        private void WriteRegion(string region)
        {
            if (!CloudRegionTable.Default.TryFind(region, out CloudRegion? found))
            {
                WriteError(ErrorRecords.Create(
                    new ArgumentException($"The cloud region '{region}' is not known."),
                    "UnknownRegion",
                    ErrorCategory.ObjectNotFound,
                    region,
                    "Use provider:region, such as aws:eu-west-3, gcp:europe-west1 or azure:westeurope."));
                return;
            }

            IntensityValue value = found!.Intensity;
            WriteObject(new CarbonIntensity(
                found.Key, found.Name, value.GramsPerKilowattHour, value.Source, value.Year));
        }
    }
}
