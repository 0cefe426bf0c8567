using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Tracarbon.Export
{
    /// <summary>
    /// The answers of <see cref="MetricsHttpServer"/>. Errors end the connection; a 200 may keep it open
    /// for the next request when the client allows it.
    /// </summary>
    internal static class HttpResponses
    {
        /// <summary>Room for the longest head written here (a 405 with its Allow line is about 170 bytes).</summary>
        public const int MaxHeadBytes = 256;

        /// <summary>After answering, how long to read what the client still sends, so it gets our answer.</summary>
        private const int LingerMilliseconds = 1000;

        private const int LingerMaxBytes = 64 * 1024;

        /// <summary>A short plain-text answer for an error status, after which the connection closes.</summary>
        public static void Respond(Socket socket, int status, string message)
        {
            byte[] body = Encoding.ASCII.GetBytes(message + "\n");
            var head = new byte[MaxHeadBytes];
            int length = WriteHead(head, status, body.Length, keepAlive: false);
            SendAll(socket, head, length);
            SendAll(socket, body, body.Length);
        }

        /// <summary>
        /// The 200 answer: its head, written into <paramref name="head"/>, and unless the request was HEAD
        /// its body, in one gathered send. <paramref name="parts"/> is the caller's, reused each time.
        /// </summary>
        public static void RespondOk(
            Socket socket, byte[] body, bool includeBody, bool keepAlive, byte[] head, IList<ArraySegment<byte>> parts)
        {
            int length = WriteHead(head, 200, body.Length, keepAlive);
            parts.Clear();
            parts.Add(new ArraySegment<byte>(head, 0, length));
            if (!includeBody)
            {
                SendAll(socket, head, length);
                return;
            }

            parts.Add(new ArraySegment<byte>(body));
            int sent = socket.Send(parts, SocketFlags.None);

            // A blocking send normally takes everything; if it did not, send the rest in order.
            if (sent < length)
            {
                SendAll(socket, head, length, sent);
                sent = length;
            }

            SendAll(socket, body, body.Length, sent - length);
        }

        public static void TryRespond(Socket socket, int status, string message)
        {
            try
            {
                Respond(socket, status, message);
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
            {
                // The client is gone too.
            }
        }

        /// <summary>
        /// Ends our side, then reads and drops what the client still sends for a bounded time: closing
        /// with unread bytes would reset the connection and could destroy our answer before it is read.
        /// </summary>
        public static void Linger(Socket socket, byte[] sink)
        {
            socket.Shutdown(SocketShutdown.Send);
            socket.ReceiveTimeout = LingerMilliseconds;
            int total = 0;
            var elapsed = Stopwatch.StartNew();
            while (total < LingerMaxBytes && elapsed.ElapsedMilliseconds < LingerMilliseconds)
            {
                int read = socket.Receive(sink, 0, sink.Length, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                total += read;
            }
        }

        /// <summary>Answers 503 at once, from the accepting thread, and closes: no slot was free.</summary>
        public static void Reject(Socket socket)
        {
            try
            {
                socket.SendTimeout = 1000;
                Respond(socket, 503, "Too many connections; try again.");
                socket.Shutdown(SocketShutdown.Send);

                // Drop what already arrived without waiting for more: closing on unread bytes resets
                // the connection, which can discard the 503 before the client reads it.
                byte[] sink = new byte[4096];
                for (int i = 0; i < 16 && socket.Available > 0; i++)
                {
                    socket.Receive(sink, 0, Math.Min(sink.Length, socket.Available), SocketFlags.None);
                }
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
            {
                // It left before hearing no.
            }
            finally
            {
                socket.Close();
            }
        }

        /// <summary>Writes the status line and headers in ASCII; returns their length. Allocates nothing.</summary>
        internal static int WriteHead(byte[] head, int status, int contentLength, bool keepAlive)
        {
            int at = 0;
            Append(head, ref at, "HTTP/1.1 ");
            AppendNumber(head, ref at, status);
            Append(head, ref at, " ");
            Append(head, ref at, Reason(status));
            Append(head, ref at, status == 200
                ? "\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: "
                : "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ");
            AppendNumber(head, ref at, contentLength);
            if (status == 405)
            {
                Append(head, ref at, "\r\nAllow: GET, HEAD");
            }

            Append(head, ref at, keepAlive
                ? "\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n"
                : "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
            return at;
        }

        private static void Append(byte[] head, ref int at, string ascii)
        {
            foreach (char ch in ascii)
            {
                head[at++] = (byte)ch;
            }
        }

        private static void AppendNumber(byte[] head, ref int at, int value)
        {
            int digits = 1;
            for (int rest = value / 10; rest > 0; rest /= 10)
            {
                digits++;
            }

            for (int i = at + digits - 1; i >= at; i--)
            {
                head[i] = (byte)('0' + (value % 10));
                value /= 10;
            }

            at += digits;
        }

        private static void SendAll(Socket socket, byte[] bytes, int length, int sent = 0)
        {
            while (sent < length)
            {
                sent += socket.Send(bytes, sent, length - sent, SocketFlags.None);
            }
        }

        public static string Reason(int status) => status switch
        {
            200 => "OK",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            408 => "Request Timeout",
            431 => "Request Header Fields Too Large",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
            505 => "HTTP Version Not Supported",
            _ => "Error",
        };
    }
}
