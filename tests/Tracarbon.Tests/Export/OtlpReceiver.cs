using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Tracarbon.Tests.Export
{
    /// <summary>One OTLP request as the receiver read it, body decompressed when it came gzipped.</summary>
    internal sealed class OtlpRequest
    {
        public OtlpRequest(string method, string target, Dictionary<string, string> headers, byte[] body)
        {
            Method = method;
            Target = target;
            Headers = headers;
            Body = body;
        }

        public string Method { get; }

        public string Target { get; }

        public Dictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

        public OtlpPayload Decode() => OtlpPayload.Parse(Body);
    }

    /// <summary>
    /// A collector stand-in on 127.0.0.1 and a port the system picks: it reads each HTTP/1.1 request
    /// whole (Content-Length bodies), records it, and answers <see cref="Status"/> with an empty protobuf
    /// body, or nothing at all while <see cref="Silent"/>. Each connection serves one request.
    /// </summary>
    internal sealed class OtlpReceiver : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<OtlpRequest> _requests = new List<OtlpRequest>();

        public OtlpReceiver()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoop);
        }

        public int Port { get; }

        public Uri MetricsUrl => new Uri("http://127.0.0.1:" + Port + "/v1/metrics");

        /// <summary>The status every answer carries.</summary>
        public int Status { get; set; } = 200;

        /// <summary>Accept and read, never answer: a collector that hangs.</summary>
        public bool Silent { get; set; }

        public IReadOnlyList<OtlpRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return _requests.ToList();
                }
            }
        }

        public OtlpRequest Last => Requests[Requests.Count - 1];

        /// <summary>Waits, bounded, until at least <paramref name="count"/> requests arrived.</summary>
        public void WaitForRequests(int count, int timeoutMilliseconds = 10000)
        {
            var watch = Stopwatch.StartNew();
            while (Requests.Count < count)
            {
                if (watch.ElapsedMilliseconds > timeoutMilliseconds)
                {
                    throw new TimeoutException($"{Requests.Count} of {count} OTLP requests arrived.");
                }

                Thread.Sleep(5);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                _ = Task.Run(() => Serve(connection));
            }
        }

        private async Task Serve(TcpClient connection)
        {
            using (connection)
            {
                try
                {
                    NetworkStream stream = connection.GetStream();
                    OtlpRequest? request = await Read(stream);
                    if (request == null)
                    {
                        return;
                    }

                    lock (_requests)
                    {
                        _requests.Add(request);
                    }

                    if (Silent)
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        return;
                    }

                    string head = "HTTP/1.1 " + Status + " Scripted\r\nContent-Type: application/x-protobuf\r\n" +
                        "Content-Length: 0\r\nConnection: close\r\n\r\n";
                    byte[] bytes = Encoding.ASCII.GetBytes(head);
                    await stream.WriteAsync(bytes, 0, bytes.Length, _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }
                catch (Exception)
                {
                    // A client that gave up, or the end of the test, ends the connection.
                }
            }
        }

        private async Task<OtlpRequest?> Read(NetworkStream stream)
        {
            var received = new MemoryStream();
            byte[] chunk = new byte[8192];
            int headEnd;
            while ((headEnd = HeadEnd(received)) < 0)
            {
                int read = await stream.ReadAsync(chunk, 0, chunk.Length, _stop.Token);
                if (read == 0)
                {
                    return null;
                }

                received.Write(chunk, 0, read);
            }

            byte[] all = received.ToArray();
            string[] lines = Encoding.ASCII.GetString(all, 0, headEnd).Split("\r\n");
            string[] requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':');
                headers[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
            }

            if (headers.ContainsKey("Transfer-Encoding"))
            {
                throw new NotSupportedException("This receiver reads Content-Length bodies only.");
            }

            int length = headers.TryGetValue("Content-Length", out string? text) ? int.Parse(text) : 0;
            while (received.Length < headEnd + 4 + length)
            {
                int read = await stream.ReadAsync(chunk, 0, chunk.Length, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(chunk, 0, read);
            }

            byte[] body = received.ToArray().Skip(headEnd + 4).Take(length).ToArray();
            if (headers.TryGetValue("Content-Encoding", out string? encoding) && encoding == "gzip")
            {
                using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                body = plain.ToArray();
            }

            return new OtlpRequest(requestLine[0], requestLine[1], headers, body);
        }

        private static int HeadEnd(MemoryStream received)
        {
            byte[] bytes = received.GetBuffer();
            for (int i = 0; i + 3 < received.Length; i++)
            {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
