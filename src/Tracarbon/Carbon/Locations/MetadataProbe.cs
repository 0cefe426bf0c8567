using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Tracarbon.Platform.Http;

namespace Tracarbon.Carbon.Locations
{
    /// <summary>What one location source said: a finding, or a sentence saying why it had none.</summary>
    internal sealed class ProbeAnswer
    {
        private ProbeAnswer(string note, string? region, string? instanceType, string? country)
        {
            Note = note;
            Region = region;
            InstanceType = instanceType;
            Country = country;
        }

        public bool Found => Region != null || Country != null;

        /// <summary>The provider's own region name (<c>eu-west-3</c>, <c>westeurope</c>).</summary>
        public string? Region { get; }

        public string? InstanceType { get; }

        public string? Country { get; }

        public string Note { get; }

        public static ProbeAnswer Miss(string where, string why) =>
            new ProbeAnswer($"{where}: {why}.", null, null, null);

        public static ProbeAnswer CloudHit(string where, string region, string? instanceType) => new ProbeAnswer(
            $"{where}: region '{region}'" + (instanceType == null ? "" : $", instance type '{instanceType}'") + ".",
            region,
            instanceType,
            null);

        public static ProbeAnswer CountryHit(string where, string country) =>
            new ProbeAnswer($"{where}: country '{country}'.", null, null, country);
    }

    /// <summary>
    /// One source's exchange: a few requests sharing one time budget, so a source that answers slowly
    /// at every step still ends by its timeout.
    /// </summary>
    internal sealed class MetadataProbe
    {
        private readonly Uri _baseUrl;
        private readonly TimeSpan _timeout;
        private readonly HttpClient _client;
        private readonly CancellationToken _cancel;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();

        public MetadataProbe(
            string service, Uri baseUrl, TimeSpan timeout, HttpClient client, CancellationToken cancel)
        {
            _baseUrl = baseUrl;
            _timeout = timeout;
            _client = client;
            _cancel = cancel;
            Where = $"{service} at '{HttpUrl.Display(baseUrl)}'";
        }

        public string Where { get; }

        public Task<HttpReply> SendAsync(HttpMethod method, string pathAndQuery, string headerName, string headerValue)
        {
            TimeSpan left = _timeout - _elapsed.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return Task.FromResult(HttpReply.Failed(HttpOutcome.TimedOut, HttpTransport.NoAnswerWithin(_timeout)));
            }

            var request = new HttpRequestMessage(method, HttpUrl.Combine(_baseUrl, pathAndQuery));
            request.Headers.TryAddWithoutValidation(headerName, headerValue);
            return HttpTransport.SendAsync(_client, request, left, _cancel);
        }

        public ProbeAnswer Miss(HttpReply reply, string? whenAnswered = null)
        {
            string why = reply.Outcome != HttpOutcome.Answered ? reply.Error ?? "no answer"
                : reply.IsSuccess ? whenAnswered ?? "an answer it could not read"
                : "HTTP " + reply.StatusCode;
            return ProbeAnswer.Miss(Where, why);
        }

        /// <summary>
        /// A region or zone name as the clouds write them: lower-case letters, digits and hyphens. Anything else
        /// is an HTML page from a captive portal or a proxy, not an answer.
        /// </summary>
        public static bool IsRegionName(string text) => IsToken(text, allowUpper: false, allowDots: false);

        /// <summary>Instance types and VM sizes: <c>m5.large</c>, <c>e2-medium</c>, <c>Standard_D2s_v3</c>.</summary>
        public static bool IsInstanceType(string text) => IsToken(text, allowUpper: true, allowDots: true);

        private static bool IsToken(string text, bool allowUpper, bool allowDots)
        {
            if (text.Length == 0 || text.Length > 64)
            {
                return false;
            }

            foreach (char c in text)
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || (allowUpper && c >= 'A' && c <= 'Z')
                    || (allowDots && (c == '.' || c == '_'));
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
