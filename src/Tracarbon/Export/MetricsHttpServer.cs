using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Tracarbon.Export
{
    /// <summary>
    /// A small HTTP/1.1 server for one path over a <see cref="TcpListener"/>. One thread accepts; each
    /// open connection is served by one worker thread from a set that grows, as connections need it, up
    /// to the connection limit and is kept until the server stops, so a connection costs no thread start.
    /// A 200 keeps the connection for the next request when the client allows it (pipelined requests are
    /// answered in order), until it stays idle past the idle timeout; every error answer closes it.
    /// A connection past the limit takes the slot of the connection that has waited longest between
    /// requests, which is closed (a client may close or reuse an idle connection at any time, and
    /// scrapers open a new one); with none waiting between requests, it waits 0.2 s for a slot (one
    /// whose client has just left) and is then answered 503. A head
    /// that is too big, too slow or
    /// malformed is answered 431, 408 or 400; nothing a client sends can make it keep more than the
    /// limits allow.
    /// </summary>
    internal sealed partial class MetricsHttpServer : IDisposable
    {
        private readonly IPEndPoint _endpoint;
        private readonly PrometheusServerLimits _limits;
        private readonly string _path;
        private readonly Func<byte[]> _render;
        private readonly SemaphoreSlim _slots;
        private readonly HashSet<Socket> _open = new HashSet<Socket>();

        /// <summary>
        /// Kept-alive connections waiting for their next request, and since when; under <see cref="_open"/>'s lock.
        /// </summary>
        private readonly Dictionary<Socket, long> _idle = new Dictionary<Socket, long>();

        /// <summary>Accepted connections waiting for a worker; also the workers' lock.</summary>
        private readonly Queue<Socket> _pending = new Queue<Socket>();
        private readonly List<Thread> _workers = new List<Thread>();
        private int _idleWorkers;
        private TcpListener? _listener;
        private IPEndPoint? _bound;
        private Thread? _acceptThread;
        private volatile bool _stopping;
        private int _active;
        private long _rejected;
        private long _evicted;

        /// <summary>How long a new connection waits for the slot of an idle one being closed.</summary>
        private static readonly TimeSpan EvictionWait = TimeSpan.FromSeconds(1);

        /// <summary>
        /// How long a new connection waits for a slot when none can be freed at once: a client that read
        /// its answer and connects again can arrive before the worker has seen its last connection close.
        /// </summary>
        private static readonly TimeSpan ClosingGrace = TimeSpan.FromMilliseconds(200);

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

        /// <summary>Connections open now, waiting for a request or being answered.</summary>
        public int ActiveConnections => Volatile.Read(ref _active);

        /// <summary>Connections answered 503 because all slots were taken.</summary>
        public long RejectedConnections => Interlocked.Read(ref _rejected);

        /// <summary>Kept-alive connections waiting between requests now.</summary>
        public int IdleConnections
        {
            get
            {
                lock (_open)
                {
                    return _idle.Count;
                }
            }
        }

        /// <summary>Idle kept-alive connections closed to give their slot to a new one.</summary>
        public long EvictedConnections => Interlocked.Read(ref _evicted);

        /// <summary>Worker threads started so far; never more than the connection limit.</summary>
        public int WorkerThreads
        {
            get
            {
                lock (_pending)
                {
                    return _workers.Count;
                }
            }
        }

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

            Thread[] workers;
            lock (_pending)
            {
                Monitor.PulseAll(_pending);
                workers = _workers.ToArray();
            }

            // Closed sockets end their reads at once; wait for the threads, within reason, before returning.
            var wait = Stopwatch.StartNew();
            _acceptThread?.Join(TimeSpan.FromSeconds(5));
            foreach (Thread worker in workers)
            {
                worker.Join(TimeSpan.FromMilliseconds(Math.Max(0, 5000 - wait.ElapsedMilliseconds)));
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

                if (!_slots.Wait(0) && !(EvictIdlest() ? _slots.Wait(EvictionWait) : _slots.Wait(ClosingGrace)))
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
                        // Accepted while Dispose was closing the others: it ends at its first read.
                        socket.Close();
                    }
                }

                Hand(socket);
            }
        }

        /// <summary>
        /// Gives the connection to an idle worker, or to a new one when none is idle. Each queued
        /// connection holds a slot, so workers never outnumber the connection limit.
        /// </summary>
        private void Hand(Socket socket)
        {
            lock (_pending)
            {
                if (_pending.Count >= _idleWorkers)
                {
                    try
                    {
                        var worker = new Thread(Work) { IsBackground = true, Name = "Tracarbon metrics worker" };
                        worker.Start();
                        _workers.Add(worker);

                        // Counted idle from its start: until it first takes the lock, another worker may
                        // take this connection, and the next one must then go to it, not to a third.
                        _idleWorkers++;
                    }
                    catch (Exception)
                    {
                        // No thread to be had (out of memory): drop this connection, not the server.
                        Finish(socket);
                        return;
                    }
                }

                _pending.Enqueue(socket);
                Monitor.Pulse(_pending);
            }
        }

        private void Work()
        {
            // Per worker, reused for every connection it serves: nothing here is allocated per request.
            var buffers = new Buffers(_limits.MaxRequestHeadBytes);
            Socket? served = null;
            bool countedIdle = true;
            while (true)
            {
                if (served != null)
                {
                    Close(served);
                }

                Socket socket;
                lock (_pending)
                {
                    if (countedIdle)
                    {
                        // Hand counted this worker idle when it started it.
                        _idleWorkers--;
                        countedIdle = false;
                    }

                    if (served != null)
                    {
                        // The slot comes back in the same hold of the lock in which this worker turns
                        // idle, so Hand sees it idle and never starts a worker beyond the limit.
                        Release();
                        served = null;
                    }

                    while (_pending.Count == 0 && !_stopping)
                    {
                        _idleWorkers++;
                        Monitor.Wait(_pending);
                        _idleWorkers--;
                    }

                    if (_pending.Count == 0)
                    {
                        return;
                    }

                    socket = _pending.Dequeue();
                }

                try
                {
                    Serve(socket, buffers);
                }
                finally
                {
                    served = socket;
                }
            }
        }

        private void SetIdle(Socket socket)
        {
            lock (_open)
            {
                _idle[socket] = Stopwatch.GetTimestamp();
            }
        }

        /// <summary>Ends the wait between requests; false when the connection was evicted meanwhile.</summary>
        private bool ClearIdle(Socket socket)
        {
            lock (_open)
            {
                return _idle.Remove(socket);
            }
        }

        /// <summary>
        /// Shuts down the connection that has waited longest between requests; its worker then closes
        /// it and frees its slot. False when no connection is waiting between requests.
        /// </summary>
        private bool EvictIdlest()
        {
            Socket? idlest = null;
            lock (_open)
            {
                long since = long.MaxValue;
                foreach (KeyValuePair<Socket, long> entry in _idle)
                {
                    if (entry.Value < since)
                    {
                        since = entry.Value;
                        idlest = entry.Key;
                    }
                }

                if (idlest == null)
                {
                    return false;
                }

                _idle.Remove(idlest);
            }

            try
            {
                idlest.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
            {
                // Closed meanwhile: its slot is on its way back all the same.
            }

            Interlocked.Increment(ref _evicted);
            return true;
        }

        private void Finish(Socket socket)
        {
            Close(socket);
            Release();
        }

        private void Close(Socket socket)
        {
            lock (_open)
            {
                _open.Remove(socket);
                _idle.Remove(socket);
            }

            socket.Close();
        }

        private void Release()
        {
            Interlocked.Decrement(ref _active);
            _slots.Release();
        }
    }
}
