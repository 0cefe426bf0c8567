namespace Tracarbon.Platform
{
    /// <summary>
    /// Allocation-free parsing of the ASCII text that kernel files hold: unsigned decimal numbers
    /// separated by spaces or tabs, and lines that start with a known key.
    /// </summary>
    internal static class AsciiParse
    {
        /// <summary>
        /// Skips spaces and tabs from <paramref name="position"/>, then reads the decimal digits that follow.
        /// False when no digit is there, or when the number does not fit in 64 bits.
        /// </summary>
        public static bool TryReadUInt64(byte[] text, ref int position, int end, out ulong value)
        {
            value = 0;
            int i = position;
            while (i < end && (text[i] == (byte)' ' || text[i] == (byte)'\t'))
            {
                i++;
            }

            int start = i;
            while (i < end)
            {
                int digit = text[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    break;
                }

                if (value > (ulong.MaxValue - (ulong)digit) / 10)
                {
                    return false;
                }

                value = (value * 10) + (ulong)digit;
                i++;
            }

            if (i == start)
            {
                return false;
            }

            position = i;
            return true;
        }

        /// <summary>True when nothing but spaces, tabs or a carriage return is left on the line.</summary>
        public static bool IsLineEnd(byte[] text, int position, int end)
        {
            for (int i = position; i < end; i++)
            {
                byte b = text[i];
                if (b == (byte)'\n')
                {
                    return true;
                }

                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when the bytes at <paramref name="position"/> spell <paramref name="ascii"/>.</summary>
        public static bool StartsWith(byte[] text, int position, int end, string ascii)
        {
            if (end - position < ascii.Length)
            {
                return false;
            }

            for (int i = 0; i < ascii.Length; i++)
            {
                if (text[position + i] != (byte)ascii[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Finds the line that starts with <paramref name="key"/> (the separator included, such as
        /// <c>MemTotal:</c>) and reads the number after it.
        /// </summary>
        public static bool TryReadKeyedValue(byte[] text, int end, string key, out ulong value)
        {
            int lineStart = 0;
            while (lineStart < end)
            {
                if (StartsWith(text, lineStart, end, key))
                {
                    int position = lineStart + key.Length;
                    return TryReadUInt64(text, ref position, end, out value);
                }

                int next = System.Array.IndexOf(text, (byte)'\n', lineStart, end - lineStart);
                if (next < 0)
                {
                    break;
                }

                lineStart = next + 1;
            }

            value = 0;
            return false;
        }
    }
}
