using System;
using System.Collections.Generic;
using System.Globalization;

namespace Tracarbon.Platform.Json
{
    /// <summary>A strict RFC 8259 recursive-descent reader producing a <see cref="JsonValue"/> tree.</summary>
    internal sealed partial class JsonParser
    {
        // Bodies come from HTTP services we do not control; a deep nesting attack must end in an
        // exception, because a stack overflow would take the whole PowerShell process down with it.
        internal const int MaxDepth = 256;

        private readonly string _text;
        private int _pos;
        private int _depth;

        private JsonParser(string text)
        {
            _text = text;
        }

        public static JsonValue Parse(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            var parser = new JsonParser(text);

            // RFC 8259 lets a reader ignore a byte order mark; Windows PowerShell 5.1 writes one by default.
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                parser._pos = 1;
            }

            parser.SkipWhitespace();
            JsonValue value = parser.ReadValue();
            parser.SkipWhitespace();
            if (parser._pos < text.Length)
            {
                throw parser.Error("unexpected " + parser.Describe(parser._pos) + " after the end of the value");
            }

            return value;
        }

        private JsonValue ReadValue()
        {
            if (_pos >= _text.Length)
            {
                throw Error("the text ends where a value was expected");
            }

            char c = _text[_pos];
            switch (c)
            {
                case '{':
                    return ReadObject();
                case '[':
                    return ReadArray();
                case '"':
                    return JsonValue.FromString(ReadString());
                case 't':
                    ReadLiteral("true");
                    return JsonValue.True;
                case 'f':
                    ReadLiteral("false");
                    return JsonValue.False;
                case 'n':
                    ReadLiteral("null");
                    return JsonValue.Null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ReadNumber();
                    }

                    throw Error("unexpected " + Describe(_pos) + " where a value was expected");
            }
        }

        private JsonValue ReadObject()
        {
            Enter();
            _pos++;
            var members = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
            SkipWhitespace();
            if (TryConsume('}'))
            {
                Leave();
                return JsonValue.FromMembers(members);
            }

            while (true)
            {
                SkipWhitespace();
                if (_pos >= _text.Length || _text[_pos] != '"')
                {
                    throw Error("expected a member name in double quotes but found " + Describe(_pos));
                }

                string name = ReadString();
                SkipWhitespace();
                Expect(':', "after a member name");
                SkipWhitespace();

                // Duplicate names are legal JSON with no agreed meaning; like most readers, the last one wins.
                members[name] = ReadValue();
                SkipWhitespace();
                if (TryConsume('}'))
                {
                    Leave();
                    return JsonValue.FromMembers(members);
                }

                Expect(',', "or '}' after an object member");
            }
        }

        private JsonValue ReadArray()
        {
            Enter();
            _pos++;
            var items = new List<JsonValue>();
            SkipWhitespace();
            if (TryConsume(']'))
            {
                Leave();
                return JsonValue.FromItems(items);
            }

            while (true)
            {
                SkipWhitespace();
                items.Add(ReadValue());
                SkipWhitespace();
                if (TryConsume(']'))
                {
                    Leave();
                    return JsonValue.FromItems(items);
                }

                Expect(',', "or ']' after an array element");
            }
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Error("objects and arrays are nested more than " + MaxDepth + " deep");
            }
        }

        private void Leave() => _depth--;

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }

                _pos++;
            }
        }

        private bool TryConsume(char expected)
        {
            if (_pos < _text.Length && _text[_pos] == expected)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private void Expect(char expected, string context)
        {
            if (!TryConsume(expected))
            {
                throw Error("expected '" + expected + "' " + context + " but found " + Describe(_pos));
            }
        }

        private string Describe(int offset)
        {
            if (offset >= _text.Length)
            {
                return "the end of the text";
            }

            char c = _text[offset];
            return c < ' ' || c > '~'
                ? "character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                : "'" + c + "'";
        }

        private JsonParseException Error(string reason) => new JsonParseException(reason, _pos);
    }
}
