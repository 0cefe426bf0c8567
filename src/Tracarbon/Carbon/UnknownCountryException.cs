using System;
using System.Collections.Generic;

namespace Tracarbon.Carbon
{
    /// <summary>A country code that names no country of the table, or no code at all.</summary>
    public sealed class UnknownCountryException : ArgumentException
    {
        public UnknownCountryException(string? code, IReadOnlyList<string> validCodes)
            : base(BuildMessage(code, validCodes))
        {
            Code = code;
            ValidCodes = validCodes;
        }

        /// <summary>The value as the caller gave it, untrimmed; null when none was given.</summary>
        public string? Code { get; }

        /// <summary>Every accepted ISO 3166-1 alpha-2 code, sorted; aliases such as UK are not listed.</summary>
        public IReadOnlyList<string> ValidCodes { get; }

        private static string BuildMessage(string? code, IReadOnlyList<string> validCodes)
        {
            if (validCodes == null)
            {
                throw new ArgumentNullException(nameof(validCodes));
            }

            // The full list would be hundreds of codes in one line; it stays on ValidCodes for completers.
            string valid = $"Valid values are ISO 3166-1 alpha-2 codes such as FR, DE, GB ({validCodes.Count} known).";
            return string.IsNullOrWhiteSpace(code)
                ? "A country code is required. " + valid
                : $"The country code '{code}' is not known. " + valid;
        }
    }
}
