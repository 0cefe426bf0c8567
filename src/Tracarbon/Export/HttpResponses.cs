using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Tracarbon.Export
{
    /// <summary>The answers of <see cref="MetricsHttpServer"/>, each followed by the end of the connection.</summary>
    internal static class HttpResponses
    {
        /// <summary>After answering, how long to read what the client still sends, so it gets our answer.</summary>
        private const int LingerMilliseconds = 1000;

        private const int LingerMaxBytes = 64 * 1024;

        /// <summary>A short plain-text answer for an error status.</summary>
        public static void Respond(Socket socket, int status, string message) =>
            Respond(socket, status, Encoding.ASCII.GetBytes(message + "\n"), includeBody: true);

        public static void Respond(Socket socket, int status, byte[] body, bool includeBody)
        {
            var text = new StringBuilder(160);
            text.Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n");
            text.Append(status == 200
                ? "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                : "Content-Type: text/plain; charset=utf-8\r\n");
            text.Append("Content-Length: ").Append(body.Length).Append("\r\n");
            if (status == 405)
            {
                text.Append("Allow: GET, HEAD\r\n");
            }

            text.Append("Cache-Control: no-store\r\nConnection: close\r\n\r\n");
            SendAll(socket, Encoding.ASCII.GetBytes(text.ToString()));
            if (includeBody)
            {
                SendAll(socket, body);
            }
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
        public static void Linger(Socket socket)
        {
            socket.Shutdown(SocketShutdown.Send);
            socket.ReceiveTimeout = LingerMilliseconds;
            byte[] sink = new byte[4096];
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

        private static void SendAll(Socket socket, byte[] bytes)
        {
            int sent = 0;
            while (sent < bytes.Length)
            {
                sent += socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
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
