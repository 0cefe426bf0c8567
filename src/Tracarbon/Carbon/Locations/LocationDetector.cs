using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Tracarbon.Platform.Http;

namespace Tracarbon.Carbon.Locations
{
    /// <summary>
    /// Finds where the machine is: an explicit country or region, else TRACARBON_COUNTRY or
    /// TRACARBON_CLOUD_REGION, else the AWS, GCP and Azure metadata services (asked at once, AWS
    /// preferred, then GCP), else the IP geolocation country, else <see cref="LocationMethod.None"/>.
    /// Settings are read and checked when the detector is built, so a bad URL or code fails before any
    /// request. An offline machine gets its answer within about MetadataTimeout plus GeolocationTimeout.
    /// </summary>
    public sealed class LocationDetector
    {
        private static readonly TimeSpan MaximumTimeout = TimeSpan.FromSeconds(60);

        private readonly CarbonLocation? _given;
        private readonly string? _ipInfoToken;

        public LocationDetector(LocationDetectorOptions? options = null)
        {
            options ??= new LocationDetectorOptions();
            Func<string, string?> environment = options.Environment
                ?? throw new ArgumentException("The environment reader must not be null.", nameof(options));

            AwsMetadataUrl = ResolveUrl(options.AwsMetadataUrl, nameof(options.AwsMetadataUrl), environment,
                LocationDetectorOptions.AwsMetadataUrlVariable, LocationDetectorOptions.DefaultAwsMetadataUrl);
            GcpMetadataUrl = ResolveUrl(options.GcpMetadataUrl, nameof(options.GcpMetadataUrl), environment,
                LocationDetectorOptions.GcpMetadataUrlVariable, LocationDetectorOptions.DefaultGcpMetadataUrl);
            AzureMetadataUrl = ResolveUrl(options.AzureMetadataUrl, nameof(options.AzureMetadataUrl), environment,
                LocationDetectorOptions.AzureMetadataUrlVariable, LocationDetectorOptions.DefaultAzureMetadataUrl);
            IpInfoUrl = ResolveUrl(options.IpInfoUrl, nameof(options.IpInfoUrl), environment,
                LocationDetectorOptions.IpInfoUrlVariable, LocationDetectorOptions.DefaultIpInfoUrl);
            _ipInfoToken = ResolveToken(options.IpInfoToken, environment);
            MetadataTimeout = CheckTimeout(options.MetadataTimeout, nameof(options.MetadataTimeout));
            GeolocationTimeout = CheckTimeout(options.GeolocationTimeout, nameof(options.GeolocationTimeout));
            UseCloudMetadata = options.UseCloudMetadata;
            UseGeolocation = options.UseGeolocation;
            _given = ResolveGiven(options, environment);
        }

        public Uri AwsMetadataUrl { get; }

        public Uri GcpMetadataUrl { get; }

        public Uri AzureMetadataUrl { get; }

        public Uri IpInfoUrl { get; }

        public TimeSpan MetadataTimeout { get; }

        public TimeSpan GeolocationTimeout { get; }

        public bool UseCloudMetadata { get; }

        public bool UseGeolocation { get; }

        /// <summary>Blocks; for a cmdlet's pipeline thread, which has no synchronization context.</summary>
        public CarbonLocation Detect(CancellationToken cancel = default) =>
            DetectAsync(cancel).ConfigureAwait(false).GetAwaiter().GetResult();

        /// <summary>Never throws for a source that fails; only <paramref name="cancel"/> ends it early.</summary>
        public async Task<CarbonLocation> DetectAsync(CancellationToken cancel = default)
        {
            if (_given != null)
            {
                return _given;
            }

            var attempts = new List<string>();
            if (UseCloudMetadata)
            {
                Task<ProbeAnswer> aws = LocationSources.AwsAsync(AwsMetadataUrl, MetadataTimeout, cancel);
                Task<ProbeAnswer> gcp = LocationSources.GcpAsync(GcpMetadataUrl, MetadataTimeout, cancel);
                Task<ProbeAnswer> azure = LocationSources.AzureAsync(AzureMetadataUrl, MetadataTimeout, cancel);
                await Task.WhenAll(aws, gcp, azure).ConfigureAwait(false);

                var answers = new[]
                {
                    ("aws", LocationMethod.AwsMetadata, aws.Result),
                    ("gcp", LocationMethod.GcpMetadata, gcp.Result),
                    ("azure", LocationMethod.AzureMetadata, azure.Result),
                };
                foreach (var (_, _, answer) in answers)
                {
                    attempts.Add(answer.Note);
                }

                foreach (var (provider, method, answer) in answers)
                {
                    if (answer.Found)
                    {
                        return FromCloud(provider, method, answer, attempts);
                    }
                }
            }

            if (UseGeolocation)
            {
                ProbeAnswer geo = await LocationSources
                    .IpInfoAsync(IpInfoUrl, _ipInfoToken, GeolocationTimeout, cancel)
                    .ConfigureAwait(false);
                attempts.Add(geo.Note);
                if (geo.Found)
                {
                    return new CarbonLocation(
                        geo.Country, NameOf(geo.Country), null, null, null, LocationMethod.IpGeolocation, attempts);
                }
            }

            attempts.Add("No source gave a location; the world average applies.");
            return new CarbonLocation(null, null, null, null, null, LocationMethod.None, attempts);
        }

        private static CarbonLocation FromCloud(
            string provider, LocationMethod method, ProbeAnswer answer, List<string> attempts)
        {
            string key = CloudRegionTable.NormalizeKey(provider + ":" + answer.Region)!;
            string? country = null;
            if (CloudRegionTable.Default.TryFind(key, out CloudRegion? region))
            {
                country = region.Country;
            }
            else
            {
                attempts.Add($"The region '{key}' is not in the cloud region table, so its intensity is unknown.");
            }

            return new CarbonLocation(
                country, NameOf(country), key, provider, answer.InstanceType, method, attempts);
        }

        private static CarbonLocation? ResolveGiven(LocationDetectorOptions options, Func<string, string?> environment)
        {
            if (!string.IsNullOrWhiteSpace(options.Country) || !string.IsNullOrWhiteSpace(options.Region))
            {
                return Given(options.Country, options.Region, LocationMethod.Explicit, "given explicitly");
            }

            string? country = environment(LocationDetectorOptions.CountryVariable);
            string? region = environment(LocationDetectorOptions.CloudRegionVariable);
            if (string.IsNullOrWhiteSpace(country) && string.IsNullOrWhiteSpace(region))
            {
                return null;
            }

            if (!string.IsNullOrWhiteSpace(country) && !string.IsNullOrWhiteSpace(region))
            {
                throw new CountryWithRegionException(country!.Trim(), region!.Trim(),
                    LocationDetectorOptions.CountryVariable, LocationDetectorOptions.CloudRegionVariable);
            }

            try
            {
                return Given(country, region, LocationMethod.Environment, "from the environment");
            }
            catch (ArgumentException ex)
            {
                string variable = ex is UnknownRegionException
                    ? LocationDetectorOptions.CloudRegionVariable
                    : LocationDetectorOptions.CountryVariable;
                throw new ArgumentException($"{variable}: {ex.Message}", variable, ex);
            }
        }

        // A region brings its country along; a country given beside it still wins, as the caller said so.
        private static CarbonLocation Given(string? countryCode, string? regionName, LocationMethod method, string how)
        {
            var attempts = new List<string>();
            CloudRegion? region = null;
            if (!string.IsNullOrWhiteSpace(regionName))
            {
                region = CloudRegionTable.Default.Find(regionName);
                attempts.Add($"Region '{region.Key}' {how}.");
            }

            string? country = region?.Country;
            if (!string.IsNullOrWhiteSpace(countryCode))
            {
                country = CountryIntensityTable.Default.Find(countryCode).Alpha2;
                attempts.Add($"Country '{country}' {how}.");
            }

            return new CarbonLocation(
                country, NameOf(country), region?.Key, region?.Provider, null, method, attempts);
        }

        private static string? NameOf(string? alpha2)
        {
            if (CountryIntensityTable.Default.TryFind(alpha2, out CountryIntensity? known))
            {
                return known.Name;
            }

            return CountryNames.TryGetName(alpha2, out string? name) ? name : null;
        }

        private static Uri ResolveUrl(
            string? given, string property, Func<string, string?> environment, string variable, string fallback)
        {
            if (given != null)
            {
                return HttpUrl.Parse(given, property);
            }

            string? fromEnvironment = environment(variable);
            return string.IsNullOrWhiteSpace(fromEnvironment)
                ? HttpUrl.Parse(fallback, property)
                : HttpUrl.Parse(fromEnvironment, variable);
        }

        // The token is never quoted back: a message names where it came from, not what it holds.
        private static string? ResolveToken(string? given, Func<string, string?> environment)
        {
            string source = given != null ? nameof(LocationDetectorOptions.IpInfoToken)
                : LocationDetectorOptions.IpInfoTokenVariable;
            string? token = (given ?? environment(LocationDetectorOptions.IpInfoTokenVariable))?.Trim();
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            return LocationSources.IsVisibleAscii(token!)
                ? token
                : throw new ArgumentException(
                    $"{source} holds spaces or characters an HTTP header cannot carry; its value is not shown.",
                    source);
        }

        private static TimeSpan CheckTimeout(TimeSpan value, string name)
        {
            return value > TimeSpan.Zero && value <= MaximumTimeout
                ? value
                : throw new ArgumentOutOfRangeException(
                    name, value, $"{name} must be more than zero and at most {MaximumTimeout.TotalSeconds} s.");
        }
    }
}
