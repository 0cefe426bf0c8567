using System;
using System.Management.Automation;
using System.Threading;
using Tracarbon.Carbon;
using Tracarbon.Carbon.Locations;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>
    /// Finds where this machine is: the given country or region, the environment, the cloud's instance
    /// metadata (AWS, GCP, Azure), then IP geolocation. Pipe it into Start-CarbonTracking.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CarbonLocation")]
    [OutputType(typeof(CarbonLocation))]
    public sealed class GetCarbonLocationCommand : PSCmdlet
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(CountryCompleter))]
        public string? Country { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        /// <summary>Do not ask the cloud metadata services.</summary>
        [Parameter]
        public SwitchParameter NoCloudMetadata { get; set; }

        /// <summary>Do not send this machine's address to the IP geolocation service.</summary>
        [Parameter]
        public SwitchParameter NoGeolocation { get; set; }

        /// <summary>How long each metadata service may take to answer, in seconds (1 by default).</summary>
        [Parameter]
        [ValidateRange(0.1, 60)]
        public double TimeoutSec { get; set; } = 1;

        [Parameter]
        public string? AwsMetadataUrl { get; set; }

        [Parameter]
        public string? GcpMetadataUrl { get; set; }

        [Parameter]
        public string? AzureMetadataUrl { get; set; }

        [Parameter]
        public string? IpInfoUrl { get; set; }

        /// <summary>
        /// An empty -Country or -Region (often an unset variable) would otherwise read as "not given" and
        /// send the machine asking cloud metadata services and a geolocation service where it is.
        /// </summary>
        private void RefuseBlank()
        {
            IntensityResolver.RefuseBlank(this, nameof(Country), Country, "to detect the location");
            IntensityResolver.RefuseBlank(this, nameof(Region), Region, "to detect the location");
        }

        protected override void EndProcessing()
        {
            IntensityResolver.RefuseCountryWithRegion(this, Country, Region);
            RefuseBlank();
            var options = new LocationDetectorOptions
            {
                Country = Country,
                Region = Region,
                UseCloudMetadata = !NoCloudMetadata,
                UseGeolocation = !NoGeolocation,
                AwsMetadataUrl = AwsMetadataUrl,
                GcpMetadataUrl = GcpMetadataUrl,
                AzureMetadataUrl = AzureMetadataUrl,
                IpInfoUrl = IpInfoUrl,
                MetadataTimeout = TimeSpan.FromSeconds(TimeoutSec),
            };

            LocationDetector detector;
            try
            {
                detector = new LocationDetector(options);
            }
            catch (UnknownCountryException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    ex, "UnknownCountry", ErrorCategory.ObjectNotFound, ex.Code,
                        "Use an ISO 3166-1 alpha-2 code such as FR."));
                return;
            }
            catch (UnknownRegionException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    ex, "UnknownRegion", ErrorCategory.ObjectNotFound, ex.Region,
                        "Use provider:region, such as aws:eu-west-3."));
                return;
            }
            catch (CountryWithRegionException ex)
            {
                ThrowTerminatingError(IntensityResolver.CountryWithRegionFromEnvironment(ex));
                return;
            }
            catch (ArgumentException ex) when (ex.ParamName == LocationDetectorOptions.CountryVariable ||
                                               ex.ParamName == LocationDetectorOptions.CloudRegionVariable)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    ex, "InvalidEnvironmentVariable", ErrorCategory.InvalidArgument, ex.ParamName,
                        "Set it to a code the tables know (FR, aws:eu-west-3), or remove it."));
                return;
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    ex, "InvalidUrl", ErrorCategory.InvalidArgument, ex.ParamName,
                        "Give an http:// or https:// base URL."));
                return;
            }

            CarbonLocation location = detector.Detect(_cancel.Token);
            foreach (string attempt in location.Attempts)
            {
                WriteVerbose(attempt);
            }

            if (location.Method == LocationMethod.None)
            {
                WriteWarning("The location could not be found: the world average intensity applies. " +
                    "Give -Country or -Region, or set TRACARBON_COUNTRY.");
            }

            WriteObject(location);
        }

        protected override void StopProcessing() => _cancel.Cancel();
    }
}
