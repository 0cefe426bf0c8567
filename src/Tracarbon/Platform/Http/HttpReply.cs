using System;
using System.Collections.Generic;

namespace Tracarbon.Platform.Http
{
    internal enum HttpOutcome
    {
        /// <summary>A status line and a body came back, whatever the status.</summary>
        Answered,

        /// <summary>No complete answer within the time allowed.</summary>
        TimedOut,

        /// <summary>No connection, a reset, a DNS failure or a protocol error.</summary>
        NetworkError,
    }

    /// <summary>What one bounded request produced; a reply exists even when nothing was answered.</summary>
    internal sealed class HttpReply
    {
        private readonly IReadOnlyDictionary<string, string> _headers;

        private HttpReply(
            HttpOutcome outcome, int status, string body, IReadOnlyDictionary<string, string> headers, string? error)
        {
            Outcome = outcome;
            StatusCode = status;
            Body = body;
            _headers = headers;
            Error = error;
        }

        public HttpOutcome Outcome { get; }

        /// <summary>The HTTP status when <see cref="Outcome"/> is Answered; 0 otherwise.</summary>
        public int StatusCode { get; }

        public string Body { get; }

        /// <summary>Why nothing was answered, in words that hold no URL query and no header value.</summary>
        public string? Error { get; }

        public RetryAfter? RetryAfter { get; private set; }

        public bool IsSuccess => Outcome == HttpOutcome.Answered && StatusCode >= 200 && StatusCode < 300;

        public string? Header(string name) => _headers.TryGetValue(name, out string? value) ? value : null;

        internal static HttpReply Answered(
            int status, string body, IReadOnlyDictionary<string, string> headers, RetryAfter? retryAfter) =>
            new HttpReply(HttpOutcome.Answered, status, body, headers, null) { RetryAfter = retryAfter };

        internal static HttpReply Failed(HttpOutcome outcome, string error) =>
            new HttpReply(outcome, 0, string.Empty, new Dictionary<string, string>(), error);
    }

    /// <summary>A Retry-After header: a number of seconds or an HTTP date.</summary>
    internal sealed class RetryAfter
    {
        public RetryAfter(TimeSpan? delay, DateTimeOffset? date)
        {
            Delay = delay;
            Date = date;
        }

        public TimeSpan? Delay { get; }

        public DateTimeOffset? Date { get; }

        /// <summary>The wait from <paramref name="wallNow"/>, never negative.</summary>
        public TimeSpan WaitFrom(DateTimeOffset wallNow)
        {
            TimeSpan wait = Delay ?? (Date.HasValue ? Date.Value - wallNow : TimeSpan.Zero);
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
    }
}
