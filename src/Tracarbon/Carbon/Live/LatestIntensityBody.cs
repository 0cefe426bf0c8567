using System;
using System.Globalization;
using Tracarbon.Platform.Json;

namespace Tracarbon.Carbon
{
    /// <summary>
    /// Reads an answer of Electricity Maps v3 (<c>{"zone":"FR","carbonIntensity":56,"datetime":..,
    /// "isEstimated":true}</c>) or of the older CO2 Signal v1 (<c>{"data":{"carbonIntensity":56,..}}</c>).
    /// </summary>
    internal static class LatestIntensityBody
    {
        // Lignite plants emit about 1 100 gCO2eq/kWh; no grid averages past 2 000, so such a value is an error.
        internal const double MaximumGramsPerKilowattHour = 2000;

        public static LiveIntensityResult Read(string zone, string body, int httpStatus)
        {
            JsonValue root;
            try
            {
                root = JsonValue.Parse(body);
            }
            catch (JsonParseException)
            {
                return Failure(zone, LiveIntensityStatus.InvalidBody, "invalid body",
                    $"HTTP {httpStatus} with a body that is not JSON", httpStatus);
            }

            if (root.Kind != JsonKind.Object)
            {
                return Failure(zone, LiveIntensityStatus.InvalidBody, "invalid body",
                    $"HTTP {httpStatus} with a body that is not a JSON object", httpStatus);
            }

            bool legacy = !root.TryGetProperty("carbonIntensity", out _)
                && root.TryGetProperty("data", out JsonValue? data) && data.Kind == JsonKind.Object;
            JsonValue fields = legacy ? root["data"] : root;

            // A missing member, null and a string all mean the same: there is no number to use (C-14).
            if (!fields.TryGetNumber("carbonIntensity", out double grams))
            {
                return Failure(zone, LiveIntensityStatus.MissingValue, "no carbonIntensity",
                    $"HTTP {httpStatus} with no numeric carbonIntensity in the body", httpStatus);
            }

            if (!(grams >= 0 && grams <= MaximumGramsPerKilowattHour))
            {
                return Failure(zone, LiveIntensityStatus.ImplausibleValue, "implausible value",
                    string.Format(CultureInfo.InvariantCulture,
                        "HTTP {0} with carbonIntensity {1} gCO2eq/kWh, outside 0 to {2}",
                        httpStatus, grams, MaximumGramsPerKilowattHour),
                    httpStatus);
            }

            DateTimeOffset? at = null;
            if (fields.TryGetString("datetime", out string? text) && DateTimeOffset.TryParse(
                text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed))
            {
                at = parsed.ToUniversalTime();
            }

            bool estimated = fields.TryGetBoolean("isEstimated", out bool flag) && flag;
            string source = "Electricity Maps live " + (legacy ? "(CO2 Signal v1 format)" : "(v3 latest)")
                + (at.HasValue ? at.Value.ToString(" 'at' yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture) : "")
                + (estimated ? ", estimated" : "");
            var value = new IntensityValue(grams, zone, source, null, at);
            return new LiveIntensityResult(
                zone, LiveIntensityStatus.Success, "ok", $"HTTP {httpStatus}", value, httpStatus);
        }

        private static LiveIntensityResult Failure(
            string zone, LiveIntensityStatus status, string reason, string message, int httpStatus) =>
            ElectricityMapsClient.Failure(zone, status, reason, message, httpStatus);
    }
}
