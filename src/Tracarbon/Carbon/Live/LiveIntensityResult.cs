using System;

namespace Tracarbon.Carbon
{
    /// <summary>How one request for a live intensity ended.</summary>
    public enum LiveIntensityStatus
    {
        Success,

        /// <summary>HTTP 401: the API key was refused.</summary>
        Unauthorized,

        /// <summary>HTTP 429, or a request held back because the last Retry-After has not passed.</summary>
        RateLimited,

        /// <summary>HTTP 500 to 599.</summary>
        ServerError,

        /// <summary>Any other status that is not a success, such as 403 or 404.</summary>
        HttpError,

        Timeout,

        NetworkError,

        /// <summary>A body that is not a JSON object.</summary>
        InvalidBody,

        /// <summary>A JSON body without a numeric carbonIntensity (C-14).</summary>
        MissingValue,

        /// <summary>A carbonIntensity below 0 or above 2000 gCO2eq/kWh.</summary>
        ImplausibleValue,
    }

    /// <summary>
    /// A live intensity or the reason there is none. A failure never carries a value: it is never 0 g/kWh.
    /// No text here ever holds the API key.
    /// </summary>
    public sealed class LiveIntensityResult
    {
        internal LiveIntensityResult(
            string zone,
            LiveIntensityStatus status,
            string reason,
            string message,
            IntensityValue? value = null,
            int? httpStatus = null,
            TimeSpan? retryAfter = null)
        {
            Zone = zone;
            Status = status;
            Reason = reason;
            Message = message;
            Value = value;
            HttpStatus = httpStatus;
            RetryAfter = retryAfter;
        }

        public string Zone { get; }

        public LiveIntensityStatus Status { get; }

        public bool IsSuccess => Status == LiveIntensityStatus.Success;

        /// <summary>The intensity when <see cref="IsSuccess"/>; null on every failure.</summary>
        public IntensityValue? Value { get; }

        /// <summary>The status code when an answer came back; null for a timeout or a request held back.</summary>
        public int? HttpStatus { get; }

        /// <summary>A few words for a Source text, such as <c>HTTP 401</c> or <c>timeout</c>.</summary>
        public string Reason { get; }

        /// <summary>A sentence for a warning, such as <c>HTTP 401: the API key was refused</c>.</summary>
        public string Message { get; }

        /// <summary>How long the service asked to be left alone after a 429; null when it did not say.</summary>
        public TimeSpan? RetryAfter { get; }

        public override string ToString() => IsSuccess
            ? $"{Zone}: {Value!.GramsPerKilowattHour} gCO2eq/kWh"
            : $"{Zone}: {Message}";
    }
}
