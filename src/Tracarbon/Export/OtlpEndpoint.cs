using System;

namespace Tracarbon.Export
{
    /// <summary>
    /// Where OTLP metrics go: an absolute http or https URL, from an argument or from the variables the
    /// OpenTelemetry specification defines for exporters.
    /// </summary>
    public static class OtlpEndpoint
    {
        /// <summary>A collector on this machine, on the port the specification gives OTLP over HTTP.</summary>
        public const string Default = "http://127.0.0.1:4318/v1/metrics";

        /// <summary>The base URL for every signal; metrics go to its path plus <c>v1/metrics</c>.</summary>
        public const string BaseVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

        /// <summary>The metrics URL, used as given; it wins over <see cref="BaseVariable"/>.</summary>
        public const string MetricsVariable = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";

        public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

        public const string MetricsProtocolVariable = "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL";

        /// <summary>The only protocol this exporter speaks.</summary>
        public const string HttpProtobuf = "http/protobuf";

        private const string MetricsPath = "v1/metrics";

        /// <summary>An absolute http or https URL, or <see cref="ArgumentException"/> saying what is wrong.</summary>
        public static Uri Parse(string text)
        {
            if (TryParse(text, out Uri? uri, out string? problem))
            {
                return uri!;
            }

            throw new ArgumentException(problem, nameof(text));
        }

        public static bool TryParse(string? text, out Uri? uri, out string? problem)
        {
            uri = null;
            problem = null;
            string value = text?.Trim() ?? string.Empty;
            if (value.Length == 0)
            {
                problem = "An OTLP endpoint must not be empty: give a URL such as " + Default + ".";
                return false;
            }

            // A bare path (/v1/metrics on Unix, \\server\share on Windows) parses as a file URL, though
            // nobody wrote a scheme; only a written file: gets the message about schemes.
            bool url = Uri.TryCreate(value, UriKind.Absolute, out Uri? parsed) &&
                (!(parsed.IsFile || parsed.IsUnc) ||
                 value.StartsWith(Uri.UriSchemeFile + ":", StringComparison.OrdinalIgnoreCase));
            if (!url)
            {
                problem = $"'{text}' is not an absolute URL: give one such as {Default}.";
                return false;
            }

            if (parsed!.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            {
                problem = $"'{text}' uses the scheme '{parsed.Scheme}'; OTLP over HTTP needs http or https, " +
                    $"such as {Default}.";
                return false;
            }

            uri = parsed!;
            return true;
        }

        /// <summary>
        /// The metrics URL from the environment, read through <paramref name="getVariable"/>: the metrics
        /// variable as given, else the base variable with <c>v1/metrics</c> appended to its path, else
        /// <see cref="Default"/>. A blank variable counts as unset; a bad one throws
        /// <see cref="InvalidSettingException"/>, as does a protocol other than http/protobuf.
        /// </summary>
        public static Uri FromEnvironment(Func<string, string?> getVariable)
        {
            if (getVariable == null)
            {
                throw new ArgumentNullException(nameof(getVariable));
            }

            // As for the endpoint, the metrics variable wins; the base one counts only without it.
            if (!CheckProtocol(getVariable, MetricsProtocolVariable))
            {
                CheckProtocol(getVariable, ProtocolVariable);
            }

            string? metrics = getVariable(MetricsVariable);
            if (!string.IsNullOrWhiteSpace(metrics))
            {
                return FromVariable(MetricsVariable, metrics!);
            }

            string? baseUrl = getVariable(BaseVariable);
            if (!string.IsNullOrWhiteSpace(baseUrl))
            {
                return AppendMetricsPath(FromVariable(BaseVariable, baseUrl!));
            }

            return new Uri(Default);
        }

        /// <summary>The base URL's path with <c>v1/metrics</c> after it, one slash between; query kept.</summary>
        internal static Uri AppendMetricsPath(Uri baseUrl)
        {
            var builder = new UriBuilder(baseUrl);
            string path = builder.Path;
            builder.Path = (path.EndsWith("/", StringComparison.Ordinal) ? path : path + "/") + MetricsPath;
            return builder.Uri;
        }

        private static Uri FromVariable(string variable, string value)
        {
            if (TryParse(value, out Uri? uri, out string? problem))
            {
                return uri!;
            }

            throw new InvalidSettingException(variable, value, $"{variable}: {problem}");
        }

        /// <returns>False when the variable is unset; true when it names http/protobuf.</returns>
        private static bool CheckProtocol(Func<string, string?> getVariable, string variable)
        {
            string? protocol = getVariable(variable);
            if (string.IsNullOrWhiteSpace(protocol))
            {
                return false;
            }

            if (string.Equals(protocol!.Trim(), HttpProtobuf, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            throw new InvalidSettingException(
                variable,
                protocol,
                $"{variable} is '{protocol}', but this exporter sends OTLP over HTTP with protobuf only: " +
                $"unset it or set it to {HttpProtobuf}.");
        }
    }
}
