using System;
using Tracarbon.Carbon;

namespace Tracarbon.Tests.Carbon.Live
{
    /// <summary>Recorded Electricity Maps bodies and clients aimed at loopback servers only.</summary>
    internal static class LiveFixtures
    {
        public const string Key = "test-key-0123456789";

        public const string V3France =
            "{\"zone\":\"FR\",\"carbonIntensity\":38,\"datetime\":\"2026-01-01T10:00:00.000Z\","
            + "\"updatedAt\":\"2026-01-01T09:51:03.000Z\",\"createdAt\":\"2025-12-29T10:47:22.000Z\","
            + "\"emissionFactorType\":\"lifecycle\",\"isEstimated\":true,"
            + "\"estimationMethod\":\"TIME_SLICER_AVERAGE\"}";

        public const string LegacyFrance =
            "{\"_disclaimer\":\"This data is the exclusive property of Electricity Maps\",\"status\":\"ok\","
            + "\"countryCode\":\"FR\",\"data\":{\"datetime\":\"2026-01-01T10:00:00.000Z\","
            + "\"carbonIntensity\":42.5,\"fossilFuelPercentage\":6.2},"
            + "\"units\":{\"carbonIntensity\":\"gCO2eq/kWh\"}}";

        /// <summary>C-14's second reply: a success status with no number in it.</summary>
        public const string C14EmptyData = "{\"status\":\"ok\",\"countryCode\":\"FR\",\"data\":{}}";

        public const string C14Unauthorized = "{\"error\":\"Invalid auth-token\"}";

        public static string V3(double grams) =>
            "{\"zone\":\"FR\",\"carbonIntensity\":" + grams.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + ",\"datetime\":\"2026-01-01T10:00:00.000Z\",\"isEstimated\":false}";

        public static ElectricityMapsClient Client(
            string url, ManualClock? clock = null, string key = Key, TimeSpan? timeout = null) =>
            new ElectricityMapsClient(new ElectricityMapsOptions
            {
                ApiKey = key,
                Url = url,
                Clock = clock ?? new ManualClock(),
                Timeout = timeout ?? TimeSpan.FromSeconds(5),
                Environment = _ => null,
            });
    }
}
