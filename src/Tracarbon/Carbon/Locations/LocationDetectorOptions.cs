using System;

namespace Tracarbon.Carbon.Locations
{
    /// <summary>
    /// What <see cref="LocationDetector"/> asks and where. A URL left null is read from its environment
    /// variable, else its default; every URL must be http or https.
    /// </summary>
    public sealed class LocationDetectorOptions
    {
        public const string DefaultAwsMetadataUrl = "http://169.254.169.254";
        public const string DefaultGcpMetadataUrl = "http://metadata.google.internal";
        public const string DefaultAzureMetadataUrl = "http://169.254.169.254";
        public const string DefaultIpInfoUrl = "https://ipinfo.io";

        public const string AwsMetadataUrlVariable = "TRACARBON_AWS_METADATA_URL";
        public const string GcpMetadataUrlVariable = "TRACARBON_GCP_METADATA_URL";
        public const string AzureMetadataUrlVariable = "TRACARBON_AZURE_METADATA_URL";
        public const string IpInfoUrlVariable = "TRACARBON_IPINFO_URL";
        public const string IpInfoTokenVariable = "TRACARBON_IPINFO_TOKEN";
        public const string CountryVariable = "TRACARBON_COUNTRY";
        public const string CloudRegionVariable = "TRACARBON_CLOUD_REGION";

        /// <summary>A metadata service answers in milliseconds where it exists; elsewhere nothing does.</summary>
        public static readonly TimeSpan DefaultMetadataTimeout = TimeSpan.FromSeconds(1);

        /// <summary>An internet service gets longer, yet short enough that an offline start stays quick.</summary>
        public static readonly TimeSpan DefaultGeolocationTimeout = TimeSpan.FromSeconds(3);

        /// <summary>An ISO 3166-1 code (alpha-2, alpha-3, UK) that wins over everything; null to detect.</summary>
        public string? Country { get; set; }

        /// <summary>A cloud region such as <c>aws:eu-west-3</c> that wins over everything; null to detect.</summary>
        public string? Region { get; set; }

        public string? AwsMetadataUrl { get; set; }

        public string? GcpMetadataUrl { get; set; }

        public string? AzureMetadataUrl { get; set; }

        public string? IpInfoUrl { get; set; }

        /// <summary>An ipinfo.io token, sent as a Bearer header, never in a URL or a message.</summary>
        public string? IpInfoToken { get; set; }

        /// <summary>Whether the AWS, GCP and Azure instance metadata services are asked.</summary>
        public bool UseCloudMetadata { get; set; } = true;

        /// <summary>Whether the machine's public address is sent to the IP geolocation service.</summary>
        public bool UseGeolocation { get; set; } = true;

        /// <summary>Bounds each cloud's whole exchange (AWS takes three requests); the three run at once.</summary>
        public TimeSpan MetadataTimeout { get; set; } = DefaultMetadataTimeout;

        public TimeSpan GeolocationTimeout { get; set; } = DefaultGeolocationTimeout;

        /// <summary>Reads an environment variable; tests pass their own so the real environment stays out.</summary>
        public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;
    }
}
