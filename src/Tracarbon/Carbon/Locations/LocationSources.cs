using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Tracarbon.Platform.Http;
using Tracarbon.Platform.Json;

namespace Tracarbon.Carbon.Locations
{
    /// <summary>The exchanges with each cloud's instance metadata service and with ipinfo.</summary>
    internal static class LocationSources
    {
        internal const string AwsTokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
        internal const string AwsTokenHeader = "X-aws-ec2-metadata-token";
        internal const string GcpFlavorHeader = "Metadata-Flavor";
        internal const string AzureMetadataHeader = "Metadata";
        internal const string AzureComputePath = "/metadata/instance/compute?api-version=2021-02-01";

        // IMDSv2: a session token from a PUT, then reads that carry it. The token only has to outlive them.
        public static async Task<ProbeAnswer> AwsAsync(Uri baseUrl, TimeSpan timeout, CancellationToken cancel)
        {
            var probe = new MetadataProbe("AWS metadata", baseUrl, timeout, HttpTransport.Direct, cancel);
            HttpReply token = await probe
                .SendAsync(HttpMethod.Put, "/latest/api/token", AwsTokenTtlHeader, "60")
                .ConfigureAwait(false);
            string tokenText = token.Body.Trim();
            if (!token.IsSuccess || tokenText.Length == 0 || !IsVisibleAscii(tokenText))
            {
                return probe.Miss(token, "an empty or unreadable session token");
            }

            HttpReply region = await probe
                .SendAsync(HttpMethod.Get, "/latest/meta-data/placement/region", AwsTokenHeader, tokenText)
                .ConfigureAwait(false);
            string regionText = region.Body.Trim();
            if (!region.IsSuccess || !MetadataProbe.IsRegionName(regionText))
            {
                return probe.Miss(region, "an answer that is no region name");
            }

            // The region alone decides the intensity, so a missing instance type costs nothing more.
            HttpReply type = await probe
                .SendAsync(HttpMethod.Get, "/latest/meta-data/instance-type", AwsTokenHeader, tokenText)
                .ConfigureAwait(false);
            string typeText = type.Body.Trim();
            string? instanceType = type.IsSuccess && MetadataProbe.IsInstanceType(typeText) ? typeText : null;
            return ProbeAnswer.CloudHit(probe.Where, regionText, instanceType);
        }

        // The zone comes as projects/<number>/zones/europe-west1-b; its region drops the last "-b".
        public static async Task<ProbeAnswer> GcpAsync(Uri baseUrl, TimeSpan timeout, CancellationToken cancel)
        {
            var probe = new MetadataProbe("GCP metadata", baseUrl, timeout, HttpTransport.Direct, cancel);
            HttpReply zone = await probe
                .SendAsync(HttpMethod.Get, "/computeMetadata/v1/instance/zone", GcpFlavorHeader, "Google")
                .ConfigureAwait(false);

            // The real server stamps every answer with this header; a captive portal answering 200 does not.
            if (zone.IsSuccess && zone.Header(GcpFlavorHeader) != "Google")
            {
                return probe.Miss(zone, "an answer without the 'Metadata-Flavor: Google' header");
            }

            string zoneName = LastSegment(zone.Body);
            int dash = zoneName.LastIndexOf('-');
            if (!zone.IsSuccess || !MetadataProbe.IsRegionName(zoneName) || dash <= 0)
            {
                return probe.Miss(zone, "an answer that is no zone name");
            }

            HttpReply type = await probe
                .SendAsync(HttpMethod.Get, "/computeMetadata/v1/instance/machine-type", GcpFlavorHeader, "Google")
                .ConfigureAwait(false);
            string typeName = LastSegment(type.Body);
            string? machineType = type.IsSuccess && MetadataProbe.IsInstanceType(typeName) ? typeName : null;
            return ProbeAnswer.CloudHit(probe.Where, zoneName.Substring(0, dash), machineType);
        }

        public static async Task<ProbeAnswer> AzureAsync(Uri baseUrl, TimeSpan timeout, CancellationToken cancel)
        {
            var probe = new MetadataProbe("Azure metadata", baseUrl, timeout, HttpTransport.Direct, cancel);
            HttpReply compute = await probe
                .SendAsync(HttpMethod.Get, AzureComputePath, AzureMetadataHeader, "true")
                .ConfigureAwait(false);
            JsonValue? body = compute.IsSuccess ? TryParse(compute.Body) : null;
            if (body == null || !body.TryGetString("location", out string? location)
                || !MetadataProbe.IsRegionName(location))
            {
                return probe.Miss(compute, "an answer without a 'location' region name");
            }

            string? vmSize = body.TryGetString("vmSize", out string? size) && MetadataProbe.IsInstanceType(size)
                ? size
                : null;
            return ProbeAnswer.CloudHit(probe.Where, location, vmSize);
        }

        // A token goes in a header, so neither a URL in a log nor a proxy's access log ever holds it.
        public static async Task<ProbeAnswer> IpInfoAsync(
            Uri baseUrl, string? token, TimeSpan timeout, CancellationToken cancel)
        {
            var probe = new MetadataProbe("IP geolocation", baseUrl, timeout, HttpTransport.Proxied, cancel);
            HttpReply reply = token == null
                ? await probe.SendAsync(HttpMethod.Get, "/json", "Accept", "application/json").ConfigureAwait(false)
                : await probe.SendAsync(HttpMethod.Get, "/json", "Authorization", "Bearer " + token)
                    .ConfigureAwait(false);
            JsonValue? body = reply.IsSuccess ? TryParse(reply.Body) : null;
            if (body == null || !body.TryGetString("country", out string? country) || !IsAlpha2(country.Trim()))
            {
                return probe.Miss(reply, "an answer without a two-letter 'country'");
            }

            return ProbeAnswer.CountryHit(probe.Where, country.Trim().ToUpperInvariant());
        }

        internal static bool IsVisibleAscii(string text)
        {
            foreach (char c in text)
            {
                if (c < '!' || c > '~')
                {
                    return false;
                }
            }

            return true;
        }

        private static string LastSegment(string text)
        {
            string trimmed = text.Trim();
            return trimmed.Substring(trimmed.LastIndexOf('/') + 1);
        }

        private static bool IsAlpha2(string text) =>
            text.Length == 2 && char.IsLetter(text[0]) && char.IsLetter(text[1]) && text[0] < 128 && text[1] < 128;

        private static JsonValue? TryParse(string body)
        {
            try
            {
                JsonValue value = JsonValue.Parse(body);
                return value.Kind == JsonKind.Object ? value : null;
            }
            catch (JsonParseException)
            {
                return null;
            }
        }
    }
}
