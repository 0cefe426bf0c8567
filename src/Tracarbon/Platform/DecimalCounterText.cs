namespace Tracarbon.Platform
{
    /// <summary>
    /// Parses the unsigned decimal integers that sysfs counter files hold (<c>"262000000000\n"</c>)
    /// straight from bytes, so a tick neither decodes text nor allocates a string.
    /// </summary>
    internal static class DecimalCounterText
    {
        /// <summary>
        /// Accepts ASCII digits followed only by whitespace (sysfs ends each value with a newline).
        /// Rejects an empty value, a sign, any other byte and a value above <see cref="ulong.MaxValue"/>.
        /// </summary>
        public static bool TryParse(byte[] buffer, int count, out ulong value)
        {
            value = 0;
            int end = count;
            while (end > 0 && IsSpace(buffer[end - 1]))
            {
                end--;
            }

            if (end == 0)
            {
                return false;
            }

            ulong result = 0;
            for (int i = 0; i < end; i++)
            {
                uint digit = (uint)(buffer[i] - (byte)'0');
                if (digit > 9)
                {
                    return false;
                }

                // result * 10 + digit must stay within 64 bits: 18446744073709551615 is the largest.
                if (result > (ulong.MaxValue - digit) / 10)
                {
                    return false;
                }

                result = (result * 10) + digit;
            }

            value = result;
            return true;
        }

        private static bool IsSpace(byte b) => b == (byte)'\n' || b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r';
    }
}
