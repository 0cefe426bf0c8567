using System;
using System.Collections.Generic;
using System.Threading;
using Tracarbon.Attribution;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Platform;

namespace Tracarbon.Tracking
{
    /// <summary>
    /// A tracking session: a baseline at start, a tick on a fixed-rate monotonic schedule, a last
    /// sample at stop. Ticks run one at a time, on the session's own thread or on the caller's
    /// (<see cref="RunUntil"/>); a failing probe or exporter is counted and the session goes on.
    /// </summary>
    public sealed partial class TrackingSession : IDisposable
    {
        private readonly SessionOptions _options;
        private readonly ITickClock _clock;
        private readonly Probe[] _probes;
        private readonly ProbeReadings[] _readings;
        private readonly Exporter[] _exporters;
        private readonly ComponentAggregate[] _aggregates = new ComponentAggregate[Components.Count];
        private readonly Sample _sample = new Sample();
        private readonly StopSignal _stopSignal = new StopSignal();
        private readonly object _tickGate = new object();
        private readonly object _stateGate = new object();
        private readonly string[] _probeOrigins;
        private readonly string[] _exporterOrigins;
        private ExportPipeline? _pipeline;
        private readonly SampleHistory _history;
        private readonly WorkloadAttribution? _attribution;

        private FixedRateSchedule? _schedule;
        private Thread? _thread;
        private double _startMonotonic;
        private double _lastTick;
        private DateTimeOffset _startWall;
        private IReadOnlyList<ComponentReport>? _finalReport;

        public TrackingSession(SessionOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            options.Validate();
            _clock = options.Clock;
            _probes = new Probe[options.Probes.Count];
            options.Probes.CopyTo(_probes, 0);
            _exporters = new Exporter[options.Exporters.Count];
            options.Exporters.CopyTo(_exporters, 0);
            _readings = new ProbeReadings[_probes.Length];
            _probeOrigins = new string[_probes.Length];
            for (int i = 0; i < _probes.Length; i++)
            {
                _readings[i] = new ProbeReadings();
                _probeOrigins[i] = "probe '" + _probes[i].Name + "'";
            }

            _exporterOrigins = new string[_exporters.Length];
            for (int i = 0; i < _exporters.Length; i++)
            {
                _exporterOrigins[i] = "exporter '" + _exporters[i].Name + "'";
            }

            for (int i = 0; i < _aggregates.Length; i++)
            {
                _aggregates[i] = new ComponentAggregate();
            }

            _sample.SessionName = options.Name;
            _history = new SampleHistory(options.SampleHistory);
            _attribution = options.Attribution;
            foreach (Probe probe in _probes)
            {
                foreach (Component c in probe.Components)
                {
                    if (c != Component.Host)
                    {
                        _expectedParts |= 1 << (int)c;
                    }
                }
            }
        }

        /// <summary>The parts some probe reads: a host summed from parts needs all of them.</summary>
        private readonly int _expectedParts;

        public string Name => _options.Name;

        public double IntervalSeconds => _options.IntervalSeconds;

        public SessionState State { get; private set; } = SessionState.Created;

        public SessionErrors Errors { get; } = new SessionErrors();

        public IReadOnlyList<Probe> Probes => _probes;

        public IReadOnlyList<Exporter> Exporters => _exporters;

        /// <summary>The workload attribution each sample is split by, or null.</summary>
        public WorkloadAttribution? Attribution => _attribution;

        public DateTimeOffset StartTime => _startWall;

        public long Ticks { get; private set; }

        public long SkippedTicks => _schedule?.Skipped ?? 0;

        internal bool SamplingThreadAlive => _thread != null && _thread.IsAlive;

        /// <summary>
        /// The CPU time the session spent on its own work so far, in seconds: its ticks with the waits and
        /// wake-ups between them on the sampling thread, and its exporters.
        /// Null where the platform cannot measure a thread's CPU time.
        /// </summary>
        public double? OverheadCpuSeconds
        {
            get
            {
                double? exporters = _pipeline?.CpuSeconds;
                return _overheadKnown ? Volatile.Read(ref _overheadSeconds) + (exporters ?? 0) : exporters;
            }
        }

        private double _overheadSeconds;
        private bool _overheadKnown;

        /// <summary>Adds the thread's CPU time since <paramref name="since"/>; returns the reading taken.</summary>
        private double? AddOverhead(double? since)
        {
            double? now = ThreadCpuTime.Now();
            if (since.HasValue && now.HasValue)
            {
                Volatile.Write(ref _overheadSeconds, _overheadSeconds + (now.Value - since.Value));
                _overheadKnown = true;
            }

            return now;
        }

        /// <summary>
        /// Raised on the sampling thread after each sample is aggregated and exported, with its
        /// <see cref="Sample.Workloads"/> when the session attributes.
        /// </summary>
        public event EventHandler<Sample>? Sampled;

        /// <summary>
        /// Opens exporters and takes the baseline. With <paramref name="background"/> the session ticks
        /// on a thread of its own; otherwise the caller drives it with <see cref="RunUntil"/>.
        /// </summary>
        public void Start(bool background = true)
        {
            lock (_stateGate)
            {
                if (State != SessionState.Created)
                {
                    throw new InvalidOperationException($"The session '{Name}' was already started.");
                }

                var context = new ExportContext(Name, _options.Platform, _options.MetricNames,
                    () => OverheadCpuSeconds ?? 0);
                for (int i = 0; i < _exporters.Length; i++)
                {
                    try
                    {
                        if (!_exporters[i].TryClaim())
                        {
                            throw new InvalidOperationException(
                                $"The exporter '{_exporters[i].Name}' is already open in another session.");
                        }

                        _exporters[i].Open(context);
                    }
                    catch
                    {
                        // Nothing half-open: a file or port claimed by an earlier exporter is released.
                        for (int j = 0; j < i; j++)
                        {
                            _exporters[j].Dispose();
                        }

                        throw;
                    }
                }

                for (int i = 0; i < _probes.Length; i++)
                {
                    try
                    {
                        _probes[i].Start();
                    }
                    catch (Exception ex)
                    {
                        Errors.Record(_probeOrigins[i], ex);
                    }
                }

                _startMonotonic = _clock.Now;
                _startWall = _clock.WallNow;
                _lastTick = _startMonotonic;
                _schedule = new FixedRateSchedule(_startMonotonic, _options.IntervalSeconds);
                _pipeline = new ExportPipeline(_exporters, Errors, _options.ExportQueueCapacity, Name);
                State = SessionState.Running;

                if (background)
                {
                    _thread = new Thread(() => Loop(double.PositiveInfinity, _stopSignal))
                    {
                        IsBackground = true,
                        Name = "Tracarbon sampler '" + Name + "'",
                    };
                    _thread.Start();
                }
            }
        }

        /// <summary>
        /// Ticks on the caller's thread until the monotonic clock reaches <paramref name="deadline"/> or
        /// <paramref name="cancel"/> is signalled. The session stays running; call <see cref="Stop"/>.
        /// </summary>
        public void RunUntil(double deadline, WaitHandle? cancel = null)
        {
            if (State != SessionState.Running || _thread != null)
            {
                throw new InvalidOperationException("RunUntil drives a running session that has no thread of its own.");
            }

            using var combined = new CombinedStop(_stopSignal, cancel);
            Loop(deadline, combined.Handle);
        }

        /// <summary>The session clock's monotonic reading now, the scale <see cref="RunUntil"/> takes.</summary>
        public double MonotonicNow => _clock.Now;

        /// <summary>Monotonic seconds since start, on the session's clock.</summary>
        public double Elapsed => State switch
        {
            SessionState.Created => 0,
            SessionState.Stopped => _lastTick - _startMonotonic,
            _ => _clock.Now - _startMonotonic,
        };

        /// <summary>
        /// Stops ticking, takes the last sample (so a session shorter than one interval still covers
        /// its whole length), flushes the exporters and returns one report row per component.
        /// Calling it again returns the same report.
        /// </summary>
        public IReadOnlyList<ComponentReport> Stop()
        {
            lock (_stateGate)
            {
                if (_finalReport != null)
                {
                    return _finalReport;
                }

                if (State != SessionState.Running)
                {
                    throw new InvalidOperationException($"The session '{Name}' is not running.");
                }

                _stopSignal.Request();
                if (_thread != null && !_thread.Join(_options.StopTimeout))
                {
                    Errors.Record("session",
                        $"the sampling thread did not stop within {_options.StopTimeout.TotalSeconds} s");
                }

                bool locked = Monitor.TryEnter(_tickGate, _options.StopTimeout);
                try
                {
                    if (locked)
                    {
                        Tick(_clock.Now, isFinal: true);
                    }

                    _pipeline!.Complete(_options.StopTimeout);
                    foreach (Exporter exporter in _exporters)
                    {
                        Guard(exporter.Flush, exporter);
                    }

                    _finalReport = BuildReport(_lastTick);
                }
                finally
                {
                    if (locked)
                    {
                        Monitor.Exit(_tickGate);
                    }
                }

                State = SessionState.Stopped;
                foreach (Exporter exporter in _exporters)
                {
                    Guard(exporter.Dispose, exporter);
                }

                foreach (Probe probe in _probes)
                {
                    probe.Dispose();
                }

                (_options.Intensity as IDisposable)?.Dispose();
                return _finalReport;
            }
        }

        /// <summary>The recent samples kept by the session, oldest first, one object per component.</summary>
        public IReadOnlyList<CarbonSample> RecentSamples(int? last = null)
        {
            lock (_tickGate)
            {
                return _history.ToRecords(last);
            }
        }

        /// <summary>The running totals so far, without stopping.</summary>
        public IReadOnlyList<ComponentReport> Snapshot()
        {
            lock (_tickGate)
            {
                return _finalReport ?? BuildReport(_lastTick);
            }
        }

        /// <summary>
        /// The kept samples and the running totals read under one lock, so that a report drawn from
        /// both does not count a tick in one and miss it in the other.
        /// </summary>
        public (IReadOnlyList<CarbonSample> Samples, IReadOnlyList<ComponentReport> Totals) SamplesAndSnapshot()
        {
            lock (_tickGate)
            {
                return (RecentSamples(), Snapshot());
            }
        }

        public void Dispose()
        {
            if (State == SessionState.Running)
            {
                Stop();
            }

            _stopSignal.Dispose();
        }


        private void Guard(Action action, Exporter exporter)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                Errors.Record("exporter '" + exporter.Name + "'", ex);
            }
        }

        /// <summary>One handle that is set when either the session's stop or the caller's cancel is.</summary>
        private sealed class CombinedStop : IDisposable
        {
            private readonly ManualResetEvent _handle = new ManualResetEvent(false);
            private readonly RegisteredWaitHandle? _first;
            private readonly RegisteredWaitHandle? _second;

            public CombinedStop(WaitHandle first, WaitHandle? second)
            {
                _first = ThreadPool.RegisterWaitForSingleObject(first, (_, __) => _handle.Set(), null, -1, true);
                if (second != null)
                {
                    _second = ThreadPool.RegisterWaitForSingleObject(second, (_, __) => _handle.Set(), null, -1, true);
                }
            }

            public WaitHandle Handle => _handle;

            public void Dispose()
            {
                _first?.Unregister(null);
                _second?.Unregister(null);
                _handle.Dispose();
            }
        }
    }
}
