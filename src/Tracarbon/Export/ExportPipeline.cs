using System;
using System.Threading;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// Hands samples from the sampling thread to the exporters through a bounded ring of preallocated
    /// samples and one worker thread, so a slow or blocked exporter never delays a tick. When the ring is
    /// full the newest sample is dropped and counted. Exporters are called one at a time, in order.
    /// With capacity 0 exporters run inline on the sampling thread (deterministic, for tests), and so
    /// they do when every one of them exports inline (<see cref="Exporter.ExportsInline"/>: files,
    /// in-memory state), where waking a second thread each tick would cost more than the export.
    /// </summary>
    internal sealed class ExportPipeline
    {
        internal const string QueueOrigin = "export queue";

        private readonly Exporter[] _exporters;
        private readonly string[] _origins;
        private readonly SessionErrors _errors;
        private readonly Sample[] _ring;
        private readonly object _gate = new object();
        private readonly AutoResetEvent _ready = new AutoResetEvent(false);
        private readonly ManualResetEvent _idle = new ManualResetEvent(true);
        private readonly Thread? _worker;
        private int _head;
        private int _count;
        private volatile bool _completing;

        public ExportPipeline(Exporter[] exporters, SessionErrors errors, int capacity, string sessionName)
        {
            _exporters = exporters;
            _errors = errors;
            _origins = Array.ConvertAll(exporters, e => "exporter '" + e.Name + "'");
            _ring = new Sample[capacity];
            for (int i = 0; i < capacity; i++)
            {
                _ring[i] = new Sample();
            }

            if (capacity > 0 && exporters.Length > 0 && !Array.TrueForAll(exporters, e => e.ExportsInline))
            {
                _worker = new Thread(Work) { IsBackground = true, Name = "Tracarbon exporter '" + sessionName + "'" };
                _worker.Start();
            }
        }

        public long Dropped { get; private set; }

        /// <summary>CPU seconds the exporters used on the worker thread; null when not measurable.</summary>
        public double? CpuSeconds => _cpuKnown ? Volatile.Read(ref _cpuSeconds) : (double?)null;

        private double _cpuSeconds;
        private bool _cpuKnown;

        /// <summary>Queues a copy of the sample; called from the sampling thread only.</summary>
        public void Post(Sample sample)
        {
            if (_exporters.Length == 0)
            {
                return;
            }

            if (_worker == null)
            {
                ExportToAll(sample);
                return;
            }

            lock (_gate)
            {
                if (_count == _ring.Length)
                {
                    Dropped++;
                    _errors.Record(QueueOrigin,
                        "exporters fell behind; samples were dropped (see the report's Errors)");
                    return;
                }

                _ring[(_head + _count) % _ring.Length].CopyFrom(sample);
                _count++;
                _idle.Reset();
            }

            _ready.Set();
        }

        /// <summary>Waits until every queued sample is exported, then ends the worker.</summary>
        /// <returns>False when the exporters did not catch up within the timeout.</returns>
        public bool Complete(TimeSpan timeout)
        {
            if (_worker == null)
            {
                return true;
            }

            bool drained = _idle.WaitOne(timeout);
            _completing = true;
            _ready.Set();
            if (drained)
            {
                _worker.Join(timeout);
            }
            else
            {
                _errors.Record(QueueOrigin,
                    $"exporters did not finish within {timeout.TotalSeconds} s; queued samples were not exported");
            }

            return drained;
        }

        private void Work()
        {
            while (true)
            {
                _ready.WaitOne();
                while (true)
                {
                    Sample next;
                    lock (_gate)
                    {
                        if (_count == 0)
                        {
                            _idle.Set();
                            break;
                        }

                        next = _ring[_head];
                    }

                    double? before = Platform.ThreadCpuTime.Now();
                    ExportToAll(next);
                    double? after = Platform.ThreadCpuTime.Now();
                    if (before.HasValue && after.HasValue)
                    {
                        Volatile.Write(ref _cpuSeconds, _cpuSeconds + (after.Value - before.Value));
                        _cpuKnown = true;
                    }

                    // The slot may wait long for its next sample: it should not keep this one's split alive.
                    next.Workloads = null;
                    lock (_gate)
                    {
                        _head = (_head + 1) % _ring.Length;
                        _count--;
                    }
                }

                if (_completing)
                {
                    return;
                }
            }
        }

        private void ExportToAll(Sample sample)
        {
            for (int i = 0; i < _exporters.Length; i++)
            {
                try
                {
                    _exporters[i].Export(sample);
                }
                catch (Exception ex)
                {
                    _errors.Record(_origins[i], ex);
                }
            }
        }
    }
}
