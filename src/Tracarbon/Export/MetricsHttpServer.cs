using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Tracarbon.Export
{
    /// <summary>
    /// A small HTTP/1.1 server for one path over a <see cref="TcpListener"/>. Each request gets one
    /// response and the connection closes. A connection past the limit is answered 503 at once; a head
    /// that is too big, too slow or malformed is answered 431, 408 or 400; nothing a client sends can
    /// make it keep more than the limits allow.
    /// </summary>
    internal sealed class MetricsHttpServer : IDisposable
    {
        private readonly IPEndPoint _endpoint;
        private readonly PrometheusServerLimits _limits;
        private readonly string _path;
        private readonly Func<byte[]> _render;
        private readonly SemaphoreSlim _slots;
        private readonly HashSet<Socket> _open = new HashSet<Socket>();
        private TcpListener? _listener;
        private IPEndPoint? _bound;
        private Thread? _acceptThread;
        private volatile bool _stopping;
        private int _active;
        private long _rejected;

        public MetricsHttpServer(IPEndPoint endpoint, PrometheusServerLimits limits, string path, Func<byte[]> render)
        {
            _endpoint = endpoint;
            _limits = limits;
            _path = path;
            _render = render;
            _slots = new SemaphoreSlim(limits.MaxConnections, limits.MaxConnections);
        }

        /// <summary>Where the server listens, with the port the system chose when 0 was asked for.</summary>
        public IPEndPoint LocalEndPoint => _bound ?? _endpoint;

        /// <summary>Connections being served now.</summary>
        public int ActiveConnections => Volatile.Read(ref _active);

        /// <summary>Connections answered 503 because all slots were taken.</summary>
        public long RejectedConnections => Interlocked.Read(ref _rejected);

        public void Start()
        {
            var listener = new TcpListener(_endpoint);
            if (Environment.OSVersion.Platform == PlatformID.Win32NT)
            {
                // Without it, another program could bind the same port with SO_REUSEADDR and take scrapes.
                listener.ExclusiveAddressUse = true;
            }

            try
            {
                listener.Start(backlog: 32);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new PortInUseException(_endpoint.Address, _endpoint.Port, ex);
            }
            catch (SocketException ex)
            {
                throw new IOException(
                    $"Cannot serve metrics on {_endpoint}: {ex.Message} ({ex.SocketErrorCode}). Check that " +
                    $"{_endpoint.Address} is an address of this machine and that port {_endpoint.Port} may be opened.",
                    ex);
            }

            _listener = listener;
            _bound = (IPEndPoint)listener.LocalEndpoint;
            _acceptThread = new Thread(AcceptLoop)
            {
                IsBackground = true,
                Name = "Tracarbon metrics listener " + LocalEndPoint,
            };
            _acceptThread.Start();
        }

        public void Dispose()
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            _listener?.Stop();
            lock (_open)
            {
                foreach (Socket socket in _open)
                {
                    socket.Close();
                }
            }

            _acceptThread?.Join(TimeSpan.FromSeconds(5));

            // Closed sockets end their threads at once; wait for them, within reason, before returning.
            var wait = Stopwatch.StartNew();
            while (ActiveConnections > 0 && wait.ElapsedMilliseconds < 5000)
            {
                Thread.Sleep(5);
            }
        }

        private void AcceptLoop()
        {
            while (!_stopping)
            {
                Socket socket;
                try
                {
                    socket = _listener!.AcceptSocket();
                }
                catch (Exception) when (_stopping)
                {
                    return;
                }
                catch (SocketException)
                {
                    // Out of descriptors, or a connection reset while queued: back off, keep serving.
                    Thread.Sleep(50);
                    continue;
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    return;
                }

                if (!_slots.Wait(0))
                {
                    Interlocked.Increment(ref _rejected);
                    HttpResponses.Reject(socket);
                    continue;
                }

                Interlocked.Increment(ref _active);
                lock (_open)
                {
                    _open.Add(socket);
                    if (_stopping)
                    {
                        // Accepted while Dispose was closing the others: its thread ends at once.
                        socket.Close();
                    }
                }

                try
                {
                    new Thread(Serve) { IsBackground = true, Name = "Tracarbon metrics connection" }.Start(socket);
                }
                catch (Exception)
                {
                    // No thread to be had (out of memory): drop this connection, not the server.
                    Finish(socket);
                }
            }
        }

        private void Serve(object? state)
        {
            var socket = (Socket)state!;
            try
            {
                socket.NoDelay = true;
                socket.SendTimeout = (int)_limits.ReadTimeout.TotalMilliseconds;
                byte[] head = new byte[_limits.MaxRequestHeadBytes];
                int length = ReadHead(socket, head, out int status);
                if (status != 0)
                {
                    HttpResponses.Respond(socket, status, HttpResponses.Reason(status));
                }
                else if (length < 0)
                {
                    return;
                }
                else
                {
                    Answer(socket, HttpRequestHead.Judge(head, length, _path));
                }

                HttpResponses.Linger(socket);
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
            finally
            {
                Finish(socket);
            }
        }

        private void Answer(Socket socket, HttpVerdict verdict)
        {
            switch (verdict)
            {
                case HttpVerdict.ServeMetrics:
                    HttpResponses.Respond(socket, 200, _render(), includeBody: true);
                    break;
                case HttpVerdict.ServeMetricsHeadersOnly:
                    HttpResponses.Respond(socket, 200, _render(), includeBody: false);
                    break;
                case HttpVerdict.NotFound:
                    HttpResponses.Respond(socket, 404, "Not found: metrics are at " + _path);
                    break;
                case HttpVerdict.MethodNotAllowed:
                    HttpResponses.Respond(socket, 405, "Only GET and HEAD are served.");
                    break;
                case HttpVerdict.VersionNotSupported:
                    HttpResponses.Respond(socket, 505, "Only HTTP/1.0 and HTTP/1.1 are served.");
                    break;
                default:
                    HttpResponses.Respond(socket, 400, "Bad request.");
                    break;
            }
        }

        /// <summary>
        /// Reads until the head is complete. Returns its length, or -1 when the client closed first;
        /// <paramref name="status"/> is 431 or 408 when the head is too long or too slow, else 0.
        /// </summary>
        private int ReadHead(Socket socket, byte[] head, out int status)
        {
            status = 0;
            long budget = (long)(_limits.ReadTimeout.TotalSeconds * Stopwatch.Frequency);
            long deadline = Stopwatch.GetTimestamp() + budget;
            int used = 0;
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

        private void Finish(Socket socket)
        {
            lock (_open)
            {
                _open.Remove(socket);
            }

            socket.Close();
            Interlocked.Decrement(ref _active);
            _slots.Release();
        }
    }
}
