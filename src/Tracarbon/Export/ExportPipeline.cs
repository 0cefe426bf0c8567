using System;
using System.Threading;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// Hands samples from the sampling thread to the exporters. Those that export inline
    /// (<see cref="Exporter.ExportsInline"/>: files, in-memory state) are called on the sampling thread,
    /// where waking a second thread each tick would cost more than the export; the others (network, user
    /// script blocks) go through a bounded ring of preallocated samples and one worker thread, so one that
    /// is slow or blocked never delays a tick, nor the inline ones. When the ring is full the newest
    /// sample is dropped and counted. With capacity 0 every exporter runs inline (deterministic, for
    /// tests). Exporters on the worker are called one at a time, in order.
    /// </summary>
    internal sealed class ExportPipeline
    {
        internal const string QueueOrigin = "export queue";

        private readonly Exporter[] _exporters;
        private readonly string[] _origins;

        /// <summary>Indices into <see cref="_exporters"/>: called on the sampling thread, or by the worker.</summary>
        private readonly int[] _inline;
        private readonly int[] _queued;
        private readonly SessionErrors _errors;
        private readonly Sample[] _ring;
        private readonly object _gate = new object();
        private readonly AutoResetEvent _ready = new AutoResetEvent(false);
        private readonly ManualResetEvent _idle = new ManualResetEvent(true);
        private readonly Thread? _worker;
        private int _head;
        private int _count;
        private volatile bool _completing;

        /// <summary>Set when the stop timeout passed: what the worker had not exported is given up.</summary>
        private volatile bool _abandoned;

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

            var inline = new System.Collections.Generic.List<int>();
            var queued = new System.Collections.Generic.List<int>();
            for (int i = 0; i < exporters.Length; i++)
            {
                (capacity == 0 || exporters[i].ExportsInline ? inline : queued).Add(i);
            }

            _inline = inline.ToArray();
            _queued = queued.ToArray();
            if (_queued.Length > 0)
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

            Export(_inline, sample);
            if (_worker == null)
            {
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
                // Given up: each sample still queued is one error, and what the stuck exporters report
                // once they are let go (a stopped script block, a closed file) is not counted again.
                _abandoned = true;
                int left;
                lock (_gate)
                {
                    left = Math.Max(1, _count);
                }

                for (int i = 0; i < left; i++)
                {
                    _errors.Record(QueueOrigin,
                        $"exporters did not finish within {timeout.TotalSeconds} s; queued samples were not exported");
                }
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

                    if (_abandoned)
                    {
                        return;
                    }

                    double? before = Platform.ThreadCpuTime.Now();
                    Export(_queued, next);
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

        private void Export(int[] which, Sample sample)
        {
            for (int k = 0; k < which.Length; k++)
            {
                int i = which[k];
                try
                {
                    _exporters[i].Export(sample);
                }
                catch (Exception ex) when (!_abandoned)
                {
                    _errors.Record(_origins[i], ex);
                }
                catch (Exception)
                {
                    // Let go at the stop timeout: the queue's error already counts this sample.
                }
            }
        }
    }
}
