using System;
using System.Globalization;
using System.Text;

namespace Tracarbon.Platform.Json
{
    // The readers of strings, numbers and literals: the tokens that hold no other values.
    internal sealed partial class JsonParser
    {
        private string ReadString()
        {
            int start = _pos;
            _pos++;
            StringBuilder? builder = null;
            int runStart = _pos;
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error("the string that starts at offset " + start + " is not closed");
                }

                char c = _text[_pos];
                if (c == '"')
                {
                    string tail = _text.Substring(runStart, _pos - runStart);
                    _pos++;
                    return builder == null ? tail : builder.Append(tail).ToString();
                }

                if (c < ' ')
                {
                    throw Error("control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                        + " inside a string must be escaped");
                }

                if (c != '\\')
                {
                    _pos++;
                    continue;
                }

                builder ??= new StringBuilder();
                builder.Append(_text, runStart, _pos - runStart);
                builder.Append(ReadEscape());
                runStart = _pos;
            }
        }

        private char ReadEscape()
        {
            int start = _pos;
            _pos++;
            if (_pos >= _text.Length)
            {
                throw Error("the text ends inside an escape sequence");
            }

            char c = _text[_pos++];
            switch (c)
            {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u':
                    // Each \uXXXX is one UTF-16 unit, so a surrogate pair written as two escapes joins
                    // into one character by itself; a lone surrogate is kept as RFC 8259 section 8.2 allows.
                    int code = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        int digit = _pos < _text.Length ? HexValue(_text[_pos]) : -1;
                        if (digit < 0)
                        {
                            throw new JsonParseException("\\u must be followed by four hexadecimal digits", start);
                        }

                        code = (code << 4) | digit;
                        _pos++;
                    }

                    return (char)code;
                default:
                    throw new JsonParseException("unknown escape sequence '\\" + c + "'", start);
            }
        }

        private JsonValue ReadNumber()
        {
            int start = _pos;
            TryConsume('-');

            // A leading zero stands alone, so in 0123 the digits after it fail as the next token.
            if (!TryConsume('0') && !ReadDigits())
            {
                throw Error("expected a digit but found " + Describe(_pos));
            }

            if (TryConsume('.') && !ReadDigits())
            {
                throw Error("expected a digit after the decimal point but found " + Describe(_pos));
            }

            if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
            {
                _pos++;
                if (!TryConsume('+'))
                {
                    TryConsume('-');
                }

                if (!ReadDigits())
                {
                    throw Error("expected a digit in the exponent but found " + Describe(_pos));
                }
            }

            string literal = _text.Substring(start, _pos - start);
            double value;
            try
            {
                value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                // .NET Framework throws here where .NET Core answers infinity; both end below.
                value = double.PositiveInfinity;
            }

            if (double.IsInfinity(value))
            {
                throw new JsonParseException("the number " + literal + " is too large for a double", start);
            }

            return JsonValue.FromNumber(value);
        }

        private bool ReadDigits()
        {
            int start = _pos;
            while (_pos < _text.Length && _text[_pos] >= '0' && _text[_pos] <= '9')
            {
                _pos++;
            }

            return _pos > start;
        }

        private void ReadLiteral(string literal)
        {
            if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
            {
                throw Error("unexpected " + Describe(_pos) + " where a value was expected");
            }

            _pos += literal.Length;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }
    }
}
