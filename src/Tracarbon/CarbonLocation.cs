using System;
using System.Collections.Generic;

namespace Tracarbon
{
    /// <summary>How a <see cref="CarbonLocation"/> was found, strongest first.</summary>
    public enum LocationMethod
    {
        /// <summary>Nothing answered: the caller falls back to the world average.</summary>
        None,

        /// <summary>A country or region the caller named.</summary>
        Explicit,

        /// <summary>TRACARBON_COUNTRY or TRACARBON_CLOUD_REGION.</summary>
        Environment,

        AwsMetadata,

        GcpMetadata,

        AzureMetadata,

        /// <summary>The country of the machine's public address, from an IP geolocation service.</summary>
        IpGeolocation,
    }

    /// <summary>Where the machine is, as far as grid carbon intensity cares.</summary>
    public sealed class CarbonLocation
    {
        public CarbonLocation(
            string? country,
            string? countryName,
            string? region,
            string? cloudProvider,
            string? instanceType,
            LocationMethod method,
            IReadOnlyList<string>? attempts = null)
        {
            Country = country;
            CountryName = countryName;
            Region = region;
            CloudProvider = cloudProvider;
            InstanceType = instanceType;
            Method = method;
            Attempts = attempts ?? Array.Empty<string>();
        }

        /// <summary>ISO 3166-1 alpha-2 code, upper case; null when unknown.</summary>
        public string? Country { get; }

        public string? CountryName { get; }

        /// <summary>
        /// The cloud region as <c>provider:region</c> (<c>aws:eu-west-3</c>), null off the cloud. A region the
        /// metadata service names is kept even where <c>CloudRegionTable</c> has no figure for it.
        /// </summary>
        public string? Region { get; }

        /// <summary><c>aws</c>, <c>gcp</c> or <c>azure</c>; null off the cloud.</summary>
        public string? CloudProvider { get; }

        /// <summary>The instance type or VM size the metadata service reports, such as <c>m5.large</c>.</summary>
        public string? InstanceType { get; }

        public LocationMethod Method { get; }

        /// <summary>
        /// One sentence per source asked, in order, for verbose output; never a token or a URL query.
        /// </summary>
        public IReadOnlyList<string> Attempts { get; }

        public override string ToString() => Region ?? Country ?? "unknown location";
    }
}
