using System;
using Tracarbon.Platform.Json;
using Xunit;

namespace Tracarbon.Tests.Platform.Json
{
    public sealed class JsonParseErrorTests
    {
        [Theory]
        [InlineData("", 0)]
        [InlineData("   ", 3)]
        [InlineData("{\"a\":1", 6)]
        [InlineData("[1,2", 4)]
        [InlineData("\"abc", 4)]
        [InlineData("tru", 0)]
        [InlineData("\"\\u12", 1)]
        [InlineData("\"\\", 2)]
        public void TruncatedInputThrowsAtTheOffsetWhereItEnds(string text, int offset)
        {
            AssertFailsAt(text, offset);
        }

        [Theory]
        [InlineData("[1,2,]", 5)]
        [InlineData("{\"a\":1,}", 7)]
        [InlineData("[,1]", 1)]
        public void TrailingOrLeadingCommaThrowsAtTheClosingBracket(string text, int offset)
        {
            AssertFailsAt(text, offset);
        }

        [Theory]
        [InlineData("\"\\x\"", 1)]
        [InlineData("[\"ok\", \"\\u12G4\"]", 8)]
        [InlineData("\"\\U0041\"", 1)]
        [InlineData("\"\\'\"", 1)]
        public void BadEscapeThrowsAtItsBackslash(string text, int offset)
        {
            AssertFailsAt(text, offset);
        }

        [Theory]
        [InlineData("01", 1)]
        [InlineData("1.", 2)]
        [InlineData("1.e5", 2)]
        [InlineData("1e", 2)]
        [InlineData("-", 1)]
        [InlineData(".5", 0)]
        [InlineData("+1", 0)]
        [InlineData("NaN", 0)]
        [InlineData("1e400", 0)]
        [InlineData("[1 2]", 3)]
        [InlineData("{a:1}", 1)]
        [InlineData("{\"a\" 1}", 5)]
        [InlineData("[1] x", 4)]
        [InlineData("\"a\nb\"", 2)]
        [InlineData("[True]", 1)]
        public void OtherMalformedInputThrowsAtTheFault(string text, int offset)
        {
            AssertFailsAt(text, offset);
        }

        [Fact]
        public void TheMessageSaysWhatWasExpectedAndWhere()
        {
            var error = Assert.Throws<JsonParseException>(() => JsonValue.Parse("{\"a\":1 \"b\":2}"));

            Assert.Equal("Invalid JSON at offset 7: expected ',' or '}' after an object member but found '\"'",
                error.Message);
            Assert.Equal(7, error.Offset);
        }

        [Fact]
        public void NullTextIsAnArgumentErrorNotAParseError()
        {
            Assert.Throws<ArgumentNullException>(() => JsonValue.Parse(null!));
        }

        private static void AssertFailsAt(string text, int offset)
        {
            var error = Assert.Throws<JsonParseException>(() => JsonValue.Parse(text));

            Assert.IsAssignableFrom<FormatException>(error);
            Assert.Equal(offset, error.Offset);
            Assert.StartsWith($"Invalid JSON at offset {offset}: ", error.Message);
        }
    }
}
