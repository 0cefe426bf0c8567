using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tracarbon.Tests.Export
{
    /// <summary>One response off a connection that may stay open: its body is exactly Content-Length bytes.</summary>
    internal sealed class FramedResponse
    {
        public FramedResponse(int status, Dictionary<string, string> headers, byte[] body)
        {
            Status = status;
            Headers = headers;
            Body = body;
        }

        public int Status { get; }

        public Dictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        public string Text => Encoding.UTF8.GetString(Body);
    }

    /// <summary>
    /// A client for several requests on one TCP connection to a server on this machine: it sends the
    /// bytes a test gives it and reads responses one at a time by their Content-Length, keeping any
    /// bytes past a response for the next one. Every read is bounded by a timeout.
    /// </summary>
    internal sealed class KeepAliveClient : IDisposable
    {
        private readonly Socket _socket;
        private readonly List<byte> _buffered = new List<byte>();

        public KeepAliveClient(IPEndPoint server)
        {
            _socket = RawHttp.Connect(server);
        }

        public void Send(string request) => _socket.Send(Encoding.ASCII.GetBytes(request));

        public static string Get(string extraHeaders = "") =>
            "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";

        /// <summary>Reads one response; <paramref name="headRequest"/> after a HEAD: no body follows.</summary>
        public FramedResponse Read(bool headRequest = false)
        {
            int headEnd;
            while ((headEnd = IndexOfBlankLine()) < 0)
            {
                if (!Fill())
                {
                    throw new InvalidOperationException(
                        "The server closed before a whole response head: " + Latin1(_buffered.Count));
                }
            }

            string[] lines = Latin1(headEnd).Split("\r\n");
            _buffered.RemoveRange(0, headEnd + 4);
            if (!lines[0].StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Not an HTTP/1.1 status line: " + lines[0]);
            }

            int status = int.Parse(lines[0].Substring(9, 3), CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                headers[lines[i].Substring(0, colon)] = lines[i].Substring(colon + 1).Trim();
            }

            int length = headRequest ? 0 : int.Parse(headers["Content-Length"], CultureInfo.InvariantCulture);
            while (_buffered.Count < length)
            {
                if (!Fill())
                {
                    throw new InvalidOperationException(
                        $"The server closed after {_buffered.Count} of {length} bytes.");
                }
            }

            byte[] body = _buffered.GetRange(0, length).ToArray();
            _buffered.RemoveRange(0, length);
            return new FramedResponse(status, headers, body);
        }

        /// <summary>
        /// True when the server ends the connection with nothing more sent (end of stream or a reset);
        /// false when more bytes come, or nothing happens within the 10 s read timeout.
        /// </summary>
        public bool ClosedByServer()
        {
            if (_buffered.Count > 0)
            {
                return false;
            }

            try
            {
                return _socket.Receive(new byte[1]) == 0;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                return true;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
            {
                return false;
            }
        }

        public void Dispose() => _socket.Dispose();

        private bool Fill()
        {
            var chunk = new byte[8192];
            int read = _socket.Receive(chunk);
            _buffered.AddRange(new ArraySegment<byte>(chunk, 0, read));
            return read > 0;
        }

        private int IndexOfBlankLine()
        {
            for (int i = 0; i + 3 < _buffered.Count; i++)
            {
                if (_buffered[i] == '\r' && _buffered[i + 1] == '\n' && _buffered[i + 2] == '\r' &&
                    _buffered[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }

        private string Latin1(int count) => Encoding.Latin1.GetString(_buffered.GetRange(0, count).ToArray());
    }
}
