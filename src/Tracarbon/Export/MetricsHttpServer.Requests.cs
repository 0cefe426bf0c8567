using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;

namespace Tracarbon.Export
{
    /// <summary>The server's side of one connection: reading request heads and answering them.</summary>
    internal sealed partial class MetricsHttpServer
    {
        private void Serve(Socket socket, Buffers buffers)
        {
            try
            {
                socket.NoDelay = true;
                socket.SendTimeout = (int)_limits.ReadTimeout.TotalMilliseconds;
                int buffered = 0;
                for (bool first = true; ; first = false)
                {
                    // Between requests, wait for the next one to begin; an idle client is let go quietly,
                    // and one whose slot a new connection took is already shut down.
                    if (!first && buffered == 0)
                    {
                        SetIdle(socket);
                        bool ready = socket.Poll(IdleMicroseconds, SelectMode.SelectRead);
                        if (!ClearIdle(socket))
                        {
                            return;
                        }

                        if (!ready)
                        {
                            HttpResponses.Linger(socket, buffers.Head);
                            return;
                        }
                    }

                    int length = ReadHead(socket, buffers.Head, ref buffered, out int status);
                    if (status != 0)
                    {
                        HttpResponses.Respond(socket, status, HttpResponses.Reason(status));
                        HttpResponses.Linger(socket, buffers.Head);
                        return;
                    }

                    if (length < 0)
                    {
                        return;
                    }

                    HttpVerdict verdict = HttpRequestHead.Judge(buffers.Head, length, _path, out bool persistent);
                    if (!Answer(socket, verdict, persistent && !_stopping, buffers))
                    {
                        HttpResponses.Linger(socket, buffers.Head);
                        return;
                    }

                    // Pipelined bytes after this head are the start of the next request.
                    buffered -= length;
                    Buffer.BlockCopy(buffers.Head, length, buffers.Head, 0, buffered);
                }
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException || ex is IOException)
            {
                // The client went away, or the server is stopping: nobody is left to answer.
            }
            catch (Exception ex)
            {
                // Rendering failed: say so to this client and keep serving the others.
                HttpResponses.TryRespond(socket, 500, "Internal error: " + ex.GetType().Name);
            }
        }

        private int IdleMicroseconds => (int)Math.Min(int.MaxValue, _limits.IdleTimeout.Ticks / 10);

        /// <summary>Answers one request; true when the connection stays open for another.</summary>
        private bool Answer(Socket socket, HttpVerdict verdict, bool persistent, Buffers buffers)
        {
            switch (verdict)
            {
                case HttpVerdict.ServeMetrics:
                case HttpVerdict.ServeMetricsHeadersOnly:
                    HttpResponses.RespondOk(
                        socket,
                        _render(),
                        includeBody: verdict == HttpVerdict.ServeMetrics,
                        keepAlive: persistent,
                        buffers.ResponseHead,
                        buffers.Parts);
                    return persistent;
                case HttpVerdict.NotFound:
                    HttpResponses.Respond(socket, 404, "Not found: metrics are at " + _path);
                    return false;
                case HttpVerdict.MethodNotAllowed:
                    HttpResponses.Respond(socket, 405, "Only GET and HEAD are served.");
                    return false;
                case HttpVerdict.VersionNotSupported:
                    HttpResponses.Respond(socket, 505, "Only HTTP/1.0 and HTTP/1.1 are served.");
                    return false;
                default:
                    HttpResponses.Respond(socket, 400, "Bad request.");
                    return false;
            }
        }

        /// <summary>
        /// Reads until a head is complete in <paramref name="head"/>, which already holds
        /// <paramref name="used"/> bytes. Returns the head's length (bytes past it stay in the buffer,
        /// counted in <paramref name="used"/>), or -1 when the client closed first;
        /// <paramref name="status"/> is 431 or 408 when the head is too long or too slow, else 0.
        /// </summary>
        private int ReadHead(Socket socket, byte[] head, ref int used, out int status)
        {
            status = 0;
            long budget = (long)(_limits.ReadTimeout.TotalSeconds * Stopwatch.Frequency);
            long deadline = Stopwatch.GetTimestamp() + budget;
            while (true)
            {
                int end = HttpRequestHead.FindEnd(head, used);
                if (end >= 0)
                {
                    return end;
                }

                if (used == head.Length)
                {
                    status = 431;
                    return used;
                }

                // One deadline for the whole head, so a byte every few seconds cannot hold a slot forever.
                long left = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                if (left <= 0)
                {
                    status = 408;
                    return used;
                }

                socket.ReceiveTimeout = (int)Math.Max(1, left);
                int read;
                try
                {
                    read = socket.Receive(head, used, head.Length - used, SocketFlags.None);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut ||
                    ex.SocketErrorCode == SocketError.WouldBlock)
                {
                    status = 408;
                    return used;
                }

                if (read == 0)
                {
                    return -1;
                }

                used += read;
            }
        }

        /// <summary>One worker's buffers: the request head, the response head and the send list.</summary>
        private sealed class Buffers
        {
            public Buffers(int maxRequestHeadBytes)
            {
                Head = new byte[maxRequestHeadBytes];
            }

            public byte[] Head { get; }

            public byte[] ResponseHead { get; } = new byte[HttpResponses.MaxHeadBytes];

            public List<ArraySegment<byte>> Parts { get; } = new List<ArraySegment<byte>>(2);
        }
    }
}
