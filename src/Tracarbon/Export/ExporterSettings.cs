using System;
using System.Globalization;
using System.Net;

namespace Tracarbon.Export
{
    /// <summary>Reads the network settings of the metric exporters from their environment variables.</summary>
    internal static class ExporterSettings
    {
        public const int MaximumPort = 65535;

        /// <summary>A TCP or UDP port from 1 to 65535; the default when the variable is unset or blank.</summary>
        public static int Port(Func<string, string?> getVariable, string variable, int defaultPort)
        {
            string? raw = getVariable(variable);
            if (string.IsNullOrWhiteSpace(raw))
            {
                return defaultPort;
            }

            string text = raw!.Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port))
            {
                throw new InvalidSettingException(
                    variable,
                    raw,
                    $"{variable} is '{raw}', which is not a port number: give a whole number from 1 to " +
                    $"{MaximumPort}.");
            }

            if (port < 1 || port > MaximumPort)
            {
                throw new InvalidSettingException(
                    variable,
                    raw,
                    $"{variable} is {port}, which is not a usable port: give a number from 1 to {MaximumPort}.");
            }

            return port;
        }

        /// <summary>
        /// An IP address to listen on: a dotted IPv4 address, an IPv6 address (brackets allowed) or
        /// <c>localhost</c>. Host names are refused: a listener must know exactly which interface it opens.
        /// </summary>
        public static IPAddress ListenAddress(
            Func<string, string?> getVariable, string variable, IPAddress defaultAddress)
        {
            string? raw = getVariable(variable);
            if (string.IsNullOrWhiteSpace(raw))
            {
                return defaultAddress;
            }

            if (TryParseListenAddress(raw!, out IPAddress? address))
            {
                return address!;
            }

            throw new InvalidSettingException(
                variable,
                raw!,
                $"{variable} is '{raw}', which is not an IP address to listen on: give 127.0.0.1 (the default, this " +
                "machine only), ::1, or 0.0.0.0 to accept scrapes from every network interface.");
        }

        public static bool TryParseListenAddress(string text, out IPAddress? address)
        {
            address = null;
            string value = text.Trim();
            if (string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                address = IPAddress.Loopback;
                return true;
            }

            if (value.Length > 2 && value[0] == '[' && value[value.Length - 1] == ']')
            {
                value = value.Substring(1, value.Length - 2);
            }

            // IPAddress.Parse takes "1" for 0.0.0.1 and "127.1" for 127.0.0.1: ask for all four parts.
            bool ipv6 = value.IndexOf(':') >= 0;
            if (!ipv6 && CountDots(value) != 3)
            {
                return false;
            }

            return IPAddress.TryParse(value, out address);
        }

        private static int CountDots(string value)
        {
            int dots = 0;
            foreach (char ch in value)
            {
                if (ch == '.')
                {
                    dots++;
                }
            }

            return dots;
        }
    }
}
