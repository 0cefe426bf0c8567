using System;
using System.Diagnostics.Tracing;

namespace Tracarbon.Export
{
    /// <summary>
    /// Why an OTLP push failed. The SDK's flush answers only true or false; the reason (connection
    /// refused, an error status, a timeout) goes to its exporter's event source, written on the thread
    /// that pushes. This listener keeps the first such reason seen on a thread between
    /// <see cref="Begin"/> and <see cref="End"/>, so each exporter hears only about its own push.
    /// </summary>
    internal sealed class OtlpFailureReasons : EventListener
    {
        private const string SourceName = "OpenTelemetry-Exporter-OpenTelemetryProtocol";

        private static readonly Lazy<OtlpFailureReasons> Instance =
            new Lazy<OtlpFailureReasons>(() => new OtlpFailureReasons());

        [ThreadStatic]
        private static bool _capturing;

        [ThreadStatic]
        private static string? _reason;

        /// <summary>Starts keeping the reason of a failure on this thread.</summary>
        public static void Begin()
        {
            _ = Instance.Value;
            _reason = null;
            _capturing = true;
        }

        /// <summary>Stops keeping, and gives the reason kept since <see cref="Begin"/>, if any.</summary>
        public static string? End()
        {
            _capturing = false;
            string? reason = _reason;
            _reason = null;
            return reason;
        }

        /// <summary>
        /// The first line of the exception text an event carries, without the exception's type name:
        /// "Connection refused (127.0.0.1:1)", "Response status code does not indicate success: 503".
        /// </summary>
        internal static string? ReasonFrom(string? exceptionText)
        {
            if (string.IsNullOrWhiteSpace(exceptionText))
            {
                return null;
            }

            string line = exceptionText!.Trim();
            int end = line.IndexOfAny(new[] { '\r', '\n' });
            if (end >= 0)
            {
                line = line.Substring(0, end);
            }

            // "System.Net.Http.HttpRequestException: message": the type says little to a user.
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            string type = colon > 0 ? line.Substring(0, colon) : string.Empty;
            if (type.IndexOf(' ') < 0 && type.EndsWith("Exception", StringComparison.Ordinal))
            {
                line = line.Substring(colon + 2);
            }

            line = line.Trim().TrimEnd('.');
            return line.Length == 0 ? null : line;
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == SourceName)
            {
                EnableEvents(eventSource, EventLevel.Warning);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (!_capturing || _reason != null || eventData.Payload == null)
            {
                return;
            }

            // The exception text is the last payload item of the failure events (the endpoint and, for an
            // error status, the response come before it).
            for (int i = eventData.Payload.Count - 1; i >= 0; i--)
            {
                if (eventData.Payload[i] is string text && ReasonFrom(text) is string reason &&
                    text.IndexOf("Exception", StringComparison.Ordinal) >= 0)
                {
                    _reason = reason;
                    return;
                }
            }
        }
    }
}
