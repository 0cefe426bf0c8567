using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Tracarbon.Platform.Json;
using Xunit;

namespace Tracarbon.Tests.Platform.Json
{
    public sealed class JsonValueTests
    {
        [Fact]
        public void ReadsNestedObjectsAndArrays()
        {
            const string text =
                " {\"a\": {\"b\": [1, 2, {\"c\": null}], \"e\": []}, \"d\": true, \"f\": false, \"g\": {}} ";

            JsonValue root = JsonValue.Parse(text);

            Assert.Equal(JsonKind.Object, root.Kind);
            string[] names = root.Properties.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "a", "d", "f", "g" }, names);
            JsonValue b = root["a"]["b"];
            Assert.Equal(JsonKind.Array, b.Kind);
            Assert.Equal(3, b.Items.Count);
            Assert.Equal(2.0, b[1].GetNumber());
            Assert.True(b[2]["c"].IsNull);
            Assert.Empty(root["a"]["e"].Items);
            Assert.Empty(root["g"].Properties);
            Assert.True(root["d"].GetBoolean());
            Assert.Equal(JsonKind.False, root["f"].Kind);
            Assert.False(root["f"].GetBoolean());
        }

        [Fact]
        public void ReadsAnElectricityMapsBodyThroughTheTryAccessors()
        {
            const string body = "{\"zone\":\"FR\",\"carbonIntensity\":56,"
                + "\"datetime\":\"2024-05-01T10:00:00.000Z\",\"isEstimated\":true}";

            JsonValue root = JsonValue.Parse(body);

            Assert.True(root.TryGetNumber("carbonIntensity", out double grams));
            Assert.Equal(56.0, grams);
            Assert.True(root.TryGetString("zone", out string? zone));
            Assert.Equal("FR", zone);
            Assert.True(root.TryGetBoolean("isEstimated", out bool estimated));
            Assert.True(estimated);
            Assert.True(root.TryGetString("datetime", out string? when));
            Assert.Equal("2024-05-01T10:00:00.000Z", when);

            // A member of the wrong kind is as unusable as a missing one.
            Assert.False(root.TryGetNumber("zone", out _));
            Assert.False(root.TryGetNumber("missing", out _));
            Assert.False(root.TryGetProperty("CarbonIntensity", out _));
            Assert.False(root["zone"].TryGetProperty("x", out _));
        }

        [Fact]
        public void ReadsTheOlderCo2SignalShape()
        {
            const string body = "{\"data\":{\"carbonIntensity\":301.5},\"units\":{\"x\":\"gCO2eq/kWh\"}}";

            JsonValue root = JsonValue.Parse(body);

            Assert.True(root.TryGetProperty("data", out JsonValue? data));
            Assert.True(data.TryGetNumber("carbonIntensity", out double grams));
            Assert.Equal(301.5, grams);
        }

        [Fact]
        public void DecodesEveryEscape()
        {
            const string text = "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u20AC \\uD83D\\uDE00\"";

            string value = JsonValue.Parse(text).GetString();

            Assert.Equal("q\" b\\ s/ \b\f\n\r\t \u00e9\u20AC \U0001F600", value);
            Assert.Equal(0x1F600, char.ConvertToUtf32(value, value.Length - 2));
        }

        [Fact]
        public void KeepsRawNonAsciiCharacters()
        {
            Assert.Equal("Côte d’Ivoire 日本", JsonValue.Parse("\"Côte d’Ivoire 日本\"").GetString());
        }

        [Theory]
        [InlineData("0", 0.0)]
        [InlineData("-0", 0.0)]
        [InlineData("56.039", 56.039)]
        [InlineData("-12.5e-3", -0.0125)]
        [InlineData("1E+2", 100.0)]
        [InlineData("-1.5E3", -1500.0)]
        [InlineData("2e0", 2.0)]
        [InlineData("123456789012", 123456789012.0)]
        [InlineData("4.9e-324", 4.9e-324)]
        public void ReadsNumbers(string text, double expected)
        {
            Assert.Equal(expected, JsonValue.Parse(text).GetNumber());
        }

        [Fact]
        public void ReadsNumbersTheSameUnderACommaDecimalCulture()
        {
            CultureInfo before = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("fr-FR");

                Assert.Equal(1.5, JsonValue.Parse("1.5").GetNumber());
                Assert.Equal("[1.5]", JsonValue.Parse("[1.5]").ToString());
            }
            finally
            {
                CultureInfo.CurrentCulture = before;
            }
        }

        [Theory]
        [InlineData("2023", true, 2023)]
        [InlineData("-7", true, -7)]
        [InlineData("2023.5", false, 0)]
        [InlineData("3e9", false, 0)]
        [InlineData("\"2023\"", false, 0)]
        public void ReadsWholeNumbersAsInt32(string text, bool expected, int value)
        {
            Assert.Equal(expected, JsonValue.Parse(text).TryGetInt32(out int actual));
            Assert.Equal(value, actual);
        }

        [Fact]
        public void LetsTheLastDuplicateMemberWin()
        {
            Assert.Equal(2.0, JsonValue.Parse("{\"a\":1,\"a\":2}")["a"].GetNumber());
        }

        [Fact]
        public void IgnoresALeadingByteOrderMark()
        {
            Assert.Equal(3, JsonValue.Parse("\uFEFF[1,2,3]").Items.Count);
        }

        [Fact]
        public void GetOfTheWrongKindThrowsNamingBothKinds()
        {
            JsonValue number = JsonValue.Parse("5");

            var error = Assert.Throws<InvalidOperationException>(() => number.GetString());

            Assert.Equal("The JSON value is a number, not a string.", error.Message);
            Assert.Throws<InvalidOperationException>(() => number.Properties);
            Assert.Throws<InvalidOperationException>(() => JsonValue.Parse("{}").Items);
            Assert.Throws<KeyNotFoundException>(() => JsonValue.Parse("{}")["a"]);
        }

        [Fact]
        public void ToStringWritesCompactJsonThatParsesBack()
        {
            const string text = "{ \"k\" : [ 1.25 , \"a\\\"b\" , null , true , false , { } ] }";

            string compact = JsonValue.Parse(text).ToString();

            Assert.Equal("{\"k\":[1.25,\"a\\\"b\",null,true,false,{}]}", compact);
            Assert.Equal(compact, JsonValue.Parse(compact).ToString());
        }

        [Fact]
        public void NestingUpToTheLimitParses()
        {
            int depth = 256;
            string text = new string('[', depth) + new string(']', depth);

            JsonValue value = JsonValue.Parse(text);

            Assert.Equal(JsonKind.Array, value.Kind);
        }

        [Fact]
        public void NestingPastTheLimitThrowsInsteadOfOverflowingTheStack()
        {
            string text = new string('[', 100_000) + new string(']', 100_000);

            var error = Assert.Throws<JsonParseException>(() => JsonValue.Parse(text));

            Assert.Equal(256, error.Offset);
        }
    }
}
