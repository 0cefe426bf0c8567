using System;

namespace Tracarbon.Carbon
{
    /// <summary>How often a <see cref="LiveIntensityProvider"/> asks, and for which zone.</summary>
    public sealed class LiveIntensityOptions
    {
        /// <summary>Electricity Maps publishes hourly figures; asking more often only spends the quota.</summary>
        public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(60);

        public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(1);

        public static readonly TimeSpan MaximumRefreshInterval = TimeSpan.FromDays(1);

        /// <summary>The least time between two requests, failed or not; a Retry-After can only lengthen it.</summary>
        public TimeSpan RefreshInterval { get; set; } = DefaultRefreshInterval;

        /// <summary>
        /// The Electricity Maps zone, such as <c>US-CAL-CISO</c> or <c>DK-DK1</c>; null asks for the country's
        /// alpha-2 code. The offline fallback is always the country's yearly average.
        /// </summary>
        public string? Zone { get; set; }
    }

    /// <summary>A live intensity failed for a cause not reported since the last success.</summary>
    public sealed class IntensityWarningEventArgs : EventArgs
    {
        internal IntensityWarningEventArgs(string message, LiveIntensityResult result, IntensityValue inUse)
        {
            Message = message;
            Result = result;
            InUse = inUse;
        }

        /// <summary>One sentence for a warning stream: what failed and which value stands in; never the key.</summary>
        public string Message { get; }

        public LiveIntensityResult Result { get; }

        /// <summary>The value <see cref="LiveIntensityProvider.Current"/> answers until the next success.</summary>
        public IntensityValue InUse { get; }
    }
}
