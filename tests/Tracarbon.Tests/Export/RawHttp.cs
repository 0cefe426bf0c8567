using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tracarbon.Tests.Export
{
    /// <summary>An HTTP response as raw bytes came back: status 0 when the server closed without answering.</summary>
    internal sealed class RawResponse
    {
        public RawResponse(int status, Dictionary<string, string> headers, string body)
        {
            Status = status;
            Headers = headers;
            Body = body;
        }

        public int Status { get; }

        public Dictionary<string, string> Headers { get; }

        public string Body { get; }
    }

    /// <summary>
    /// A client that sends exactly the bytes a test gives it, well-formed or not, to a server on this
    /// machine, and reads until the server closes (bounded by a timeout).
    /// </summary>
    internal static class RawHttp
    {
        /// <summary>One request that asks the server to close after its answer, which ends the read.</summary>
        public static RawResponse Get(IPEndPoint server, string path, string method = "GET") =>
            Send(server, Encoding.ASCII.GetBytes(
                $"{method} {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\n\r\n"));

        public static RawResponse Send(IPEndPoint server, byte[] request, int timeoutMilliseconds = 10_000)
        {
            using Socket socket = Connect(server, timeoutMilliseconds);
            socket.Send(request);
            return ReadResponse(socket);
        }

        public static Socket Connect(IPEndPoint server, int timeoutMilliseconds = 10_000)
        {
            var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            {
                ReceiveTimeout = timeoutMilliseconds,
                SendTimeout = timeoutMilliseconds,
            };
            socket.Connect(server);
            return socket;
        }

        /// <summary>Reads to end of stream and splits the status line, headers and body.</summary>
        public static RawResponse ReadResponse(Socket socket)
        {
            var bytes = new List<byte>();
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = socket.Receive(buffer)) > 0)
                {
                    bytes.AddRange(new ArraySegment<byte>(buffer, 0, read));
                }
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                // A reset after the answer still leaves the answer.
            }

            string text = Encoding.UTF8.GetString(bytes.ToArray());
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            int headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || headEnd < 0)
            {
                return new RawResponse(0, headers, text);
            }

            string[] lines = text.Substring(0, headEnd).Split("\r\n");
            int status = int.Parse(lines[0].Substring(9, 3), CultureInfo.InvariantCulture);
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                headers[lines[i].Substring(0, colon)] = lines[i].Substring(colon + 1).Trim();
            }

            return new RawResponse(status, headers, text.Substring(headEnd + 4));
        }
    }
}
