using System;
using System.Collections.Generic;
using System.Threading;
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
    public sealed class TrackingSession : IDisposable
    {
        private readonly SessionOptions _options;
        private readonly ITickClock _clock;
        private readonly Probe[] _probes;
        private readonly ProbeReadings[] _readings;
        private readonly Exporter[] _exporters;
        private readonly ComponentAggregate[] _aggregates = new ComponentAggregate[Components.Count];
        private readonly Sample _sample = new Sample();
        private readonly ManualResetEvent _stopSignal = new ManualResetEvent(false);
        private readonly object _tickGate = new object();
        private readonly object _stateGate = new object();
        private readonly string[] _probeOrigins;
        private readonly string[] _exporterOrigins;
        private ExportPipeline? _pipeline;
        private readonly SampleHistory _history;

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

        public DateTimeOffset StartTime => _startWall;

        public long Ticks { get; private set; }

        public long SkippedTicks => _schedule?.Skipped ?? 0;

        internal bool SamplingThreadAlive => _thread != null && _thread.IsAlive;

        /// <summary>
        /// The CPU time the session spent on its own work so far, in seconds: its ticks and its exporters.
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

        private void AddOverhead(double? before)
        {
            double? after = ThreadCpuTime.Now();
            if (before.HasValue && after.HasValue)
            {
                Volatile.Write(ref _overheadSeconds, _overheadSeconds + (after.Value - before.Value));
                _overheadKnown = true;
            }
        }

        /// <summary>Raised on the sampling thread after each sample is aggregated and exported.</summary>
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

                _stopSignal.Set();
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

        private void Loop(double deadline, WaitHandle stop)
        {
            FixedRateSchedule schedule = _schedule!;
            while (true)
            {
                double due = schedule.NextDue;
                if (due > deadline)
                {
                    _clock.WaitUntil(deadline, stop);
                    return;
                }

                if (!_clock.WaitUntil(due, stop))
                {
                    return;
                }

                lock (_tickGate)
                {
                    if (_stopSignal.WaitOne(0))
                    {
                        return;
                    }

                    double? before = ThreadCpuTime.Now();
                    Tick(_clock.Now, isFinal: false);
                    schedule.Advance(_clock.Now);
                    AddOverhead(before);
                }
            }
        }

        private void Tick(double now, bool isFinal)
        {
            double interval = now - _lastTick;
            if (!(interval > 0))
            {
                // Nothing elapsed on the monotonic clock: reading now would divide by zero. What the
                // counters gathered stays in them and goes to the next interval.
                return;
            }

            try
            {
                Measure(interval);
                FillSample(now, interval, isFinal);
                for (int i = 0; i < _aggregates.Length; i++)
                {
                    _aggregates[i].Add(_sample[(Component)i], interval, _sample.Intensity.GramsPerKilowattHour);
                }

                Ticks++;
                _lastTick = now;
                _history.Add(_sample);
                _pipeline!.Post(_sample);
                Sampled?.Invoke(this, _sample);
            }
            catch (Exception ex)
            {
                // A fault outside probes and exporters (an event handler, a bug) must not end the thread.
                _lastTick = now;
                Errors.Record("session", ex);
            }
        }

        private void Measure(double interval)
        {
            for (int i = 0; i < _probes.Length; i++)
            {
                ProbeReadings readings = _readings[i];
                readings.Clear();
                try
                {
                    _probes[i].Sample(interval, readings);
                }
                catch (Exception ex)
                {
                    // What the probe set before failing stands; what it could not read stays missing.
                    Errors.Record(_probeOrigins[i], ex);
                }
            }
        }

        private void FillSample(double now, double interval, bool isFinal)
        {
            IntensityValue intensity = _options.Intensity.Current;
            double g = intensity.GramsPerKilowattHour;
            _sample.Clear();
            _sample.Timestamp = _startWall + TimeSpan.FromSeconds(now - _startMonotonic);
            _sample.IntervalSeconds = interval;
            _sample.Intensity = intensity;
            _sample.IsFinal = isFinal;

            for (int c = 1; c < Components.Count; c++)
            {
                FillFromProbes((Component)c, interval, g);
            }

            int hostProbe = FillFromProbes(Component.Host, interval, g);
            if (hostProbe < 0)
            {
                FillHostFromParts(interval, g);
                return;
            }

            // A whole-machine reading plus the parts it does not include (a GPU beside RAPL's packages).
            ref ComponentSample host = ref _sample.Slot(Component.Host);
            double energy = host.EnergyJoules;
            bool added = false;
            for (int c = 1; c < Components.Count; c++)
            {
                ComponentSample part = _sample[(Component)c];
                if (part.Present && !_probes[hostProbe].HostIncludes((Component)c))
                {
                    energy += part.EnergyJoules;
                    added = true;
                }
            }

            if (added)
            {
                Set(ref host, energy, interval, g, WithOtherParts(host.Source));
            }
        }

        private string? _otherPartsBase;
        private string? _otherParts;

        /// <summary>"psys + other parts", built once per distinct source so ticks do not allocate.</summary>
        private string WithOtherParts(string? source)
        {
            if (!ReferenceEquals(source, _otherPartsBase) || _otherParts == null)
            {
                _otherPartsBase = source;
                _otherParts = source + " + other parts";
            }

            return _otherParts;
        }

        /// <summary>Takes the component from the first probe that read it; returns that probe's index.</summary>
        private int FillFromProbes(Component component, double interval, double intensity)
        {
            for (int i = 0; i < _readings.Length; i++)
            {
                double? joules = _readings[i].EnergyJoules(component, interval);
                if (joules is double energy)
                {
                    ref ComponentSample slot = ref _sample.Slot(component);
                    Set(ref slot, energy, interval, intensity, _readings[i].SourceOf(component));
                    slot.Probe = _probes[i].Name;
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Without a whole-machine reading, the host is the sum of its measured parts.</summary>
        private void FillHostFromParts(double interval, double intensity)
        {
            double energy = 0;
            int mask = 0;
            string? probe = null;
            for (int c = 1; c < Components.Count; c++)
            {
                ComponentSample part = _sample[(Component)c];
                if (part.Present)
                {
                    energy += part.EnergyJoules;
                    mask |= 1 << c;
                    probe ??= part.Probe;
                }
            }

            // A host missing one of its parts is not the host: better missing than silently low.
            if (mask != 0 && (mask & _expectedParts) == _expectedParts)
            {
                ref ComponentSample host = ref _sample.Slot(Component.Host);
                Set(ref host, energy, interval, intensity, HostSource(mask));
                host.Probe = probe;
            }
        }

        /// <summary>"sum of Cpu + Memory", built once per set of parts so ticks do not allocate.</summary>
        private string HostSource(int mask)
        {
            string? source = _hostSources[mask];
            if (source == null)
            {
                var parts = new List<string>();
                for (int c = 1; c < Components.Count; c++)
                {
                    if ((mask & (1 << c)) != 0)
                    {
                        parts.Add(((Component)c).ToString());
                    }
                }

                source = "sum of " + string.Join(" + ", parts);
                _hostSources[mask] = source;
            }

            return source;
        }

        private readonly string?[] _hostSources = new string?[1 << Components.Count];

        private static void Set(ref ComponentSample slot, double joules, double interval, double intensity,
            string? source)
        {
            slot.Present = true;
            slot.EnergyJoules = joules;
            slot.PowerWatts = joules / interval;
            slot.EmissionsGrams = Units.Grams(joules, intensity);
            slot.Source = source;
        }

        private IReadOnlyList<ComponentReport> BuildReport(double end)
        {
            IntensityValue intensity = _options.Intensity.Current;
            string exporters = string.Join(", ", Array.ConvertAll(_exporters, e => e.Description));
            var rows = new List<ComponentReport>();
            foreach (Component component in Components.All)
            {
                ComponentAggregate a = _aggregates[(int)component];
                if (a.Samples == 0 && !ProbesCover(component))
                {
                    continue;
                }

                rows.Add(new ComponentReport
                {
                    SessionName = Name,
                    Component = component,
                    StartTime = _startWall,
                    EndTime = _startWall + TimeSpan.FromSeconds(end - _startMonotonic),
                    DurationSeconds = end - _startMonotonic,
                    Samples = a.Samples,
                    AveragePowerWatts = a.AveragePowerWatts,
                    MinimumPowerWatts = double.IsNaN(a.MinimumPowerWatts) ? (double?)null : a.MinimumPowerWatts,
                    MaximumPowerWatts = double.IsNaN(a.MaximumPowerWatts) ? (double?)null : a.MaximumPowerWatts,
                    EnergyJoules = a.EnergyJoules,
                    EnergyKilowattHours = Units.KilowattHours(a.EnergyJoules),
                    EmissionsGrams = a.EmissionsGrams,
                    IntensityGramsPerKilowattHour = a.MeanIntensity ?? intensity.GramsPerKilowattHour,

                    Location = intensity.Location,
                    IntensitySource = intensity.Source,
                    PowerSource = a.LastSource ?? ProbeSource(component),
                    Probe = a.LastProbe ?? string.Empty,
                    Exporter = exporters,
                    MissingIntervals = a.Missing,
                    SkippedTicks = SkippedTicks,
                    Errors = ErrorsFor(component),
                    OverheadCpuSeconds = OverheadCpuSeconds,
                    ErrorMessages = string.Join("; ", Errors.Messages),
                });
            }

            return rows;
        }

        private bool ProbesCover(Component component)
        {
            foreach (Probe probe in _probes)
            {
                foreach (Component c in probe.Components)
                {
                    if (c == component || component == Component.Host)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private string ProbeSource(Component component)
        {
            foreach (Probe probe in _probes)
            {
                foreach (Component c in probe.Components)
                {
                    if (c == component)
                    {
                        return probe.Source;
                    }
                }
            }

            return component == Component.Host ? "sum of parts" : string.Empty;
        }

        private long ErrorsFor(Component component)
        {
            long n = Errors.CountFor("session");
            for (int i = 0; i < _probes.Length; i++)
            {
                foreach (Component c in _probes[i].Components)
                {
                    if (c == component || component == Component.Host)
                    {
                        n += Errors.CountFor(_probeOrigins[i]);
                        break;
                    }
                }
            }

            foreach (string origin in new HashSet<string>(_exporterOrigins))
            {
                n += Errors.CountFor(origin);
            }

            return n;
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
