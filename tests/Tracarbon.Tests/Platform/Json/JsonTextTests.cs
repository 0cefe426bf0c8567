using System.IO;
using System.Linq;
using System.Text;
using Tracarbon.Platform.Json;
using Xunit;

namespace Tracarbon.Tests.Platform.Json
{
    public sealed class JsonTextTests
    {
        [Theory]
        [InlineData("plain", "\"plain\"")]
        [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
        [InlineData("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"")]
        [InlineData("\u0000\u001f", "\"\\u0000\\u001F\"")]
        [InlineData("/", "\"/\"")]
        [InlineData("Réunion €", "\"Réunion €\"")]
        public void EscapesWhatJsonRequires(string value, string expected)
        {
            Assert.Equal(expected, JsonText.Quote(value));
        }

        [Fact]
        public void EscapesALoneSurrogateButKeepsAPair()
        {
            Assert.Equal("\"\\uD800x\\uDC00\"", JsonText.Quote("\uD800x\uDC00"));
            Assert.Equal("\"\U0001F600\"", JsonText.Quote("\U0001F600"));

            // Kept as .NET strings are, so a value read back equals the value written.
            const string mixed = "\uDBFF\uDFFF then lone \uDBFF and \uDC00";
            Assert.Equal(mixed, JsonValue.Parse(JsonText.Quote(mixed)).GetString());
        }

        [Fact]
        public void EveryControlCharacterRoundTripsThroughTheReader()
        {
            string all = new string(Enumerable.Range(0, 0x20).Select(i => (char)i).ToArray());

            string quoted = JsonText.Quote(all);

            Assert.DoesNotContain(quoted, c => c < ' ');
            Assert.Equal(all, JsonValue.Parse(quoted).GetString());
        }

        [Theory]
        [InlineData("")]
        [InlineData("\"quoted\" and \\back\\slashed\\")]
        [InlineData("\\u0041 is not an escape here")]
        [InlineData("Côte d’Ivoire, São Tomé & Príncipe, 日本, \U0001F600")]
        [InlineData("\u007f\u0080\u2028\u2029\ufeff")]
        public void RoundTripsThroughTheReader(string value)
        {
            Assert.Equal(value, JsonValue.Parse(JsonText.Quote(value)).GetString());
        }

        [Fact]
        public void WritesTheSameToATextWriterAsToABuilder()
        {
            const string value = "tab\there \"q\" \u0001";
            var builder = new StringBuilder("x=");
            var writer = new StringWriter();

            JsonText.WriteString(builder, value);
            JsonText.WriteString(writer, value);

            Assert.Equal("x=\"tab\\there \\\"q\\\" \\u0001\"", builder.ToString());
            Assert.Equal(builder.ToString().Substring(2), writer.ToString());
        }

        [Fact]
        public void QuotesAnObjectMemberNameSoTheResultParses()
        {
            var builder = new StringBuilder("{");
            JsonText.WriteString(builder, "metric \"name\"");
            builder.Append(':');
            JsonText.WriteString(builder, "line1\nline2");
            builder.Append('}');

            JsonValue parsed = JsonValue.Parse(builder.ToString());

            Assert.Equal("line1\nline2", parsed["metric \"name\""].GetString());
        }
    }
}
