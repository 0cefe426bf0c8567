using System;
using System.Collections.Generic;

namespace Tracarbon.Carbon
{
    /// <summary>A cloud region that <see cref="CloudRegionTable"/> has no usable figure for.</summary>
    public sealed class UnknownRegionException : ArgumentException
    {
        public UnknownRegionException(string? region, IReadOnlyList<string> validRegions, string? reason = null)
            : base(BuildMessage(region, validRegions, reason))
        {
            Region = region;
            ValidRegions = validRegions;
        }

        /// <summary>The value as the caller gave it; null when none was given.</summary>
        public string? Region { get; }

        /// <summary>Every key the table answers, sorted, such as <c>aws:eu-west-3</c>.</summary>
        public IReadOnlyList<string> ValidRegions { get; }

        private static string BuildMessage(string? region, IReadOnlyList<string> validRegions, string? reason)
        {
            if (validRegions == null)
            {
                throw new ArgumentNullException(nameof(validRegions));
            }

            // The full list stays on ValidRegions for completers; one line names the form and a few examples.
            string valid = "Valid values are a provider and a region such as aws:eu-west-3, gcp:europe-west1 or "
                + $"azure:westeurope ({validRegions.Count} known).";
            if (string.IsNullOrWhiteSpace(region))
            {
                return "A cloud region is required. " + valid;
            }

            return reason == null
                ? $"The cloud region '{region}' is not known. " + valid
                : $"The cloud region '{region}' has no usable intensity: {reason}. " + valid;
        }
    }
}
