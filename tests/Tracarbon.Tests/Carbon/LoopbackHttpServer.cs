using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Tracarbon.Tests.Carbon
{
    /// <summary>One request as the loopback server read it.</summary>
    internal sealed class RecordedRequest
    {
        public RecordedRequest(string method, string target, IReadOnlyDictionary<string, string> headers, string body)
        {
            Method = method;
            Target = target;
            Headers = headers;
            Body = body;
        }

        public string Method { get; }

        /// <summary>Path and query as sent, such as <c>/v3/carbon-intensity/latest?zone=FR</c>.</summary>
        public string Target { get; }

        public IReadOnlyDictionary<string, string> Headers { get; }

        public string Body { get; }

        public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

        public override string ToString() => Method + " " + Target;
    }

    /// <summary>A scripted answer; <see cref="Silent"/> accepts the request and never answers.</summary>
    internal sealed class Reply
    {
        public static readonly Reply Silent = new Reply(0, string.Empty);

        public Reply(int status, string body, params (string Name, string Value)[] headers)
        {
            Status = status;
            Body = body;
            Headers = headers;
        }

        public int Status { get; }

        public string Body { get; }

        public IReadOnlyList<(string Name, string Value)> Headers { get; }
    }

    /// <summary>
    /// A minimal HTTP/1.1 server on 127.0.0.1 and a free port, answering each request from a script and
    /// recording it; every connection is closed after one answer. Tests never reach a real host.
    /// </summary>
    internal sealed class LoopbackHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly Func<RecordedRequest, Reply> _script;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<RecordedRequest> _requests = new List<RecordedRequest>();
        private readonly List<TcpClient> _connections = new List<TcpClient>();

        public LoopbackHttpServer(Func<RecordedRequest, Reply> script)
        {
            _script = script;
            _listener.Start();
            Url = "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoop);
        }

        /// <summary>The base URL, without a trailing slash.</summary>
        public string Url { get; }

        public IReadOnlyList<RecordedRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return _requests.ToList();
                }
            }
        }

        public static LoopbackHttpServer Always(int status, string body, params (string, string)[] headers) =>
            new LoopbackHttpServer(_ => new Reply(status, body, headers));

        /// <summary>An address where nothing listens: a port the system just handed out and took back.</summary>
        public static string ClosedPortUrl()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return "http://127.0.0.1:" + port;
        }

        /// <summary>Waits, bounded, until at least <paramref name="count"/> requests arrived.</summary>
        public void WaitForRequests(int count, int timeoutMilliseconds = 5000)
        {
            var watch = Stopwatch.StartNew();
            while (Requests.Count < count)
            {
                if (watch.ElapsedMilliseconds > timeoutMilliseconds)
                {
                    throw new TimeoutException($"{Requests.Count} of {count} requests arrived.");
                }

                Thread.Sleep(5);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_connections)
            {
                foreach (TcpClient connection in _connections)
                {
                    connection.Dispose();
                }
            }
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

                lock (_connections)
                {
                    _connections.Add(connection);
                }

                _ = Task.Run(() => Serve(connection));
            }
        }

        private async Task Serve(TcpClient connection)
        {
            try
            {
                NetworkStream stream = connection.GetStream();
                RecordedRequest? request = await ReadRequest(stream);
                if (request == null)
                {
                    return;
                }

                lock (_requests)
                {
                    _requests.Add(request);
                }

                Reply reply = _script(request);
                if (ReferenceEquals(reply, Reply.Silent))
                {
                    // Hold the connection open and say nothing until the test ends.
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }

                byte[] body = Encoding.UTF8.GetBytes(reply.Body);
                var head = new StringBuilder();
                head.Append("HTTP/1.1 ").Append(reply.Status).Append(" Scripted\r\n");
                head.Append("Content-Type: application/json\r\n");
                head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
                head.Append("Connection: close\r\n");
                foreach ((string name, string value) in reply.Headers)
                {
                    head.Append(name).Append(": ").Append(value).Append("\r\n");
                }

                head.Append("\r\n");
                byte[] headBytes = Encoding.ASCII.GetBytes(head.ToString());
                await stream.WriteAsync(headBytes, 0, headBytes.Length, _stop.Token);
                await stream.WriteAsync(body, 0, body.Length, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception)
            {
                // A client that gave up mid-way is part of what these tests provoke.
            }
            finally
            {
                connection.Dispose();
            }
        }

        private async Task<RecordedRequest?> ReadRequest(NetworkStream stream)
        {
            var received = new List<byte>();
            byte[] chunk = new byte[4096];
            int headerEnd;
            while ((headerEnd = IndexOfBlankLine(received)) < 0)
            {
                int read = await stream.ReadAsync(chunk, 0, chunk.Length, _stop.Token);
                if (read == 0)
                {
                    return null;
                }

                received.AddRange(chunk.Take(read));
            }

            string[] lines = Encoding.ASCII.GetString(received.ToArray(), 0, headerEnd).Split("\r\n");
            string[] requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':');
                headers[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
            }

            int length = headers.TryGetValue("Content-Length", out string? text) ? int.Parse(text) : 0;
            while (received.Count < headerEnd + 4 + length)
            {
                int read = await stream.ReadAsync(chunk, 0, chunk.Length, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                received.AddRange(chunk.Take(read));
            }

            string body = Encoding.UTF8.GetString(received.Skip(headerEnd + 4).ToArray());
            return new RecordedRequest(requestLine[0], requestLine[1], headers, body);
        }

        private static int IndexOfBlankLine(List<byte> bytes)
        {
            for (int i = 0; i + 3 < bytes.Count; i++)
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
