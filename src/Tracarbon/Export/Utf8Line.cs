using System;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Tracarbon.Export
{
    /// <summary>
    /// A reused byte buffer that a tick's text is written into as UTF-8, so a file exporter builds no
    /// string per tick: constant parts are encoded once by the caller, numbers and timestamps are
    /// formatted straight into the buffer.
    /// </summary>
    internal sealed class Utf8Line
    {
        /// <summary>The longest text a double formats to ("-1.2345678901234567E-308" is 24).</summary>
        private const int MaxDoubleBytes = 32;

        private const int TimestampBytes = 27;

        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>
        /// Whether <see cref="Utf8Formatter"/> writes a double as the shortest text that reads back to
        /// it, exactly as <c>ToString("R")</c> does. It does on .NET Core 3.0 and later; on .NET
        /// Framework (Windows PowerShell) its "G" keeps 15 digits, and the string path is taken instead.
        /// </summary>
        private static readonly bool FormatterRoundTrips = CheckFormatter();

        private byte[] _bytes;

        public Utf8Line(int capacity = 1024)
        {
            _bytes = new byte[capacity];
        }

        public byte[] Bytes => _bytes;

        public int Length { get; private set; }

        public void Clear() => Length = 0;

        public void Append(byte[] bytes)
        {
            Reserve(bytes.Length);
            Buffer.BlockCopy(bytes, 0, _bytes, Length, bytes.Length);
            Length += bytes.Length;
        }

        public void Append(byte[] bytes, int start, int count)
        {
            Reserve(count);
            Buffer.BlockCopy(bytes, start, _bytes, Length, count);
            Length += count;
        }

        /// <summary>The UTF-8 of <paramref name="text"/>, encoded straight into the buffer.</summary>
        public void Append(string text)
        {
            Reserve(Utf8.GetByteCount(text));
            Length += Utf8.GetBytes(text, 0, text.Length, _bytes, Length);
        }

        public void Append(byte ascii)
        {
            Reserve(1);
            _bytes[Length++] = ascii;
        }

        /// <summary>The same text as <c>value.ToString("R", CultureInfo.InvariantCulture)</c>.</summary>
        public void AppendRoundTrip(double value)
        {
            Reserve(MaxDoubleBytes);
            if (FormatterRoundTrips &&
                Utf8Formatter.TryFormat(value, new Span<byte>(_bytes, Length, MaxDoubleBytes), out int written))
            {
                Length += written;
                return;
            }

            AppendAscii(value.ToString("R", CultureInfo.InvariantCulture));
        }

        /// <summary>
        /// The same text as <c>utc.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture)</c>
        /// for a UTC time: the fraction is cut to microseconds, not rounded.
        /// </summary>
        public void AppendTimestamp(DateTime utc)
        {
            Reserve(TimestampBytes);
            byte[] b = _bytes;
            int i = Length;
            i = Digits(b, i, utc.Year, 4);
            b[i++] = (byte)'-';
            i = Digits(b, i, utc.Month, 2);
            b[i++] = (byte)'-';
            i = Digits(b, i, utc.Day, 2);
            b[i++] = (byte)'T';
            i = Digits(b, i, utc.Hour, 2);
            b[i++] = (byte)':';
            i = Digits(b, i, utc.Minute, 2);
            b[i++] = (byte)':';
            i = Digits(b, i, utc.Second, 2);
            b[i++] = (byte)'.';
            i = Digits(b, i, (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10), 6);
            b[i++] = (byte)'Z';
            Length = i;
        }

        /// <summary>UTF-8 of <paramref name="text"/>, for the parts encoded once and appended each tick.</summary>
        public static byte[] Encode(string text) => Utf8.GetBytes(text);

        private void AppendAscii(string text)
        {
            Reserve(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                _bytes[Length + i] = (byte)text[i];
            }

            Length += text.Length;
        }

        private static int Digits(byte[] b, int at, int value, int count)
        {
            for (int i = at + count - 1; i >= at; i--)
            {
                b[i] = (byte)('0' + (value % 10));
                value /= 10;
            }

            return at + count;
        }

        private void Reserve(int more)
        {
            if (Length + more > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(Length + more, _bytes.Length * 2));
            }
        }

        private static bool CheckFormatter()
        {
            // 0.1 + 0.2 needs 17 digits to read back; 1e21 and 5e-324 test the exponent's shape.
            var probe = new byte[MaxDoubleBytes];
            foreach (double value in new[] { 0.1 + 0.2, 1e21, 5e-324, -1.5e-7, 123456.789 })
            {
                try
                {
                    if (!Utf8Formatter.TryFormat(value, probe, out int written) ||
                        Utf8.GetString(probe, 0, written) != value.ToString("R", CultureInfo.InvariantCulture))
                    {
                        return false;
                    }
                }
                catch (Exception ex) when (ex is NotSupportedException || ex is FormatException)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
