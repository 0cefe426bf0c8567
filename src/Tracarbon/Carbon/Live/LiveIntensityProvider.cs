using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Tracarbon.Platform;

namespace Tracarbon.Carbon
{
    /// <summary>
    /// A live intensity that never slows a sample: <see cref="Current"/> only reads a field. Requests happen
    /// elsewhere, at most once per <see cref="RefreshInterval"/> (later where a Retry-After says so), either
    /// on a background thread of its own (<see cref="StartBackgroundRefresh"/>) or on a thread of the
    /// caller's that calls <see cref="RefreshIfDue"/>; time comes from the client's <see cref="ITickClock"/>.
    /// On a failure the last good value stays, else the country's offline yearly average, both flagged
    /// <see cref="IntensityValue.IsFallback"/> with the cause in their source. A failure is never kept as a
    /// value: the next refresh asks again. <see cref="Warning"/> is raised once per cause until a success.
    /// </summary>
    public sealed class LiveIntensityProvider : IIntensityProvider, IDisposable
    {
        private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(5);

        private readonly ElectricityMapsClient _client;
        private readonly ITickClock _clock;
        private readonly IntensityValue _offline;
        private readonly double _intervalSeconds;
        private readonly object _refreshGate = new object();
        private readonly object _threadGate = new object();
        private readonly HashSet<string> _warnedCauses = new HashSet<string>(StringComparer.Ordinal);
        private readonly ManualResetEvent _stop = new ManualResetEvent(false);
        private readonly CancellationTokenSource _disposing = new CancellationTokenSource();

        private volatile IntensityValue _current;
        private volatile LiveIntensityResult? _lastResult;
        private IntensityValue? _lastGood;
        private double _nextDue;
        private long _successes;
        private long _failures;
        private Thread? _thread;
        private int _disposed;

        public LiveIntensityProvider(
            ElectricityMapsClient client, string country, LiveIntensityOptions? options = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            options ??= new LiveIntensityOptions();
            if (options.RefreshInterval < LiveIntensityOptions.MinimumRefreshInterval
                || options.RefreshInterval > LiveIntensityOptions.MaximumRefreshInterval)
            {
                throw new ArgumentOutOfRangeException(nameof(options.RefreshInterval), options.RefreshInterval,
                    "The refresh interval must be between 1 minute and 1 day.");
            }

            CountryIntensityTable table = CountryIntensityTable.Default;
            CountryIntensity found = table.Find(country);
            Country = found.Alpha2;
            Zone = string.IsNullOrWhiteSpace(options.Zone)
                ? found.Alpha2
                : ElectricityMapsClient.CheckZone(options.Zone!);
            RefreshInterval = options.RefreshInterval;
            _intervalSeconds = options.RefreshInterval.TotalSeconds;
            _clock = client.Clock;
            _offline = table.ToIntensity(found);
            _current = Fallback(_offline, "offline table", "not asked yet");

            // Due at once: the first refresh asks without waiting an interval.
            _nextDue = _clock.Now;
        }

        /// <summary>Raised on the thread that refreshed; a handler must not write to a PowerShell pipeline.</summary>
        public event EventHandler<IntensityWarningEventArgs>? Warning;

        public IntensityValue Current => _current;

        /// <summary>ISO 3166-1 alpha-2 code of the offline fallback.</summary>
        public string Country { get; }

        public string Zone { get; }

        public TimeSpan RefreshInterval { get; }

        public long Successes => Interlocked.Read(ref _successes);

        public long Failures => Interlocked.Read(ref _failures);

        public LiveIntensityResult? LastResult => _lastResult;

        /// <summary>The monotonic time (<see cref="ITickClock.Now"/>, seconds) of the next request.</summary>
        public double NextRefreshDue => Volatile.Read(ref _nextDue);

        internal bool RefreshThreadAlive => _thread != null && _thread.IsAlive;

        /// <summary>Refreshes on a named background thread, first at once, until disposed.</summary>
        public void StartBackgroundRefresh()
        {
            lock (_threadGate)
            {
                ThrowIfDisposed();
                if (_thread != null)
                {
                    throw new InvalidOperationException("The background refresh is already running.");
                }

                _thread = new Thread(RefreshLoop)
                {
                    IsBackground = true,
                    Name = "Tracarbon intensity refresh '" + Zone + "'",
                };
                _thread.Start();
            }
        }

        /// <summary>
        /// Asks when a refresh is due and none is in flight; returns null without a request otherwise. For a
        /// caller's own non-sampling thread; it blocks for up to the client's timeout.
        /// </summary>
        public LiveIntensityResult? RefreshIfDue()
        {
            if (Volatile.Read(ref _disposed) != 0 || !Monitor.TryEnter(_refreshGate))
            {
                return null;
            }

            try
            {
                return _clock.Now < _nextDue ? null : RefreshLocked(CancellationToken.None);
            }
            finally
            {
                Monitor.Exit(_refreshGate);
            }
        }

        /// <summary>Asks now, whatever the schedule, though never before a pending Retry-After.</summary>
        public LiveIntensityResult Refresh(CancellationToken cancel = default)
        {
            ThrowIfDisposed();
            lock (_refreshGate)
            {
                return RefreshLocked(cancel);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _stop.Set();
            _disposing.Cancel();
            Thread? thread;
            lock (_threadGate)
            {
                thread = _thread;
            }

            // A thread still inside a handler after the join keeps the wait handle, which it may yet touch.
            if (thread == null || thread == Thread.CurrentThread || thread.Join(JoinTimeout))
            {
                _stop.Dispose();
            }
        }

        private void RefreshLoop()
        {
            while (_clock.WaitUntil(NextRefreshDue, _stop))
            {
                try
                {
                    lock (_refreshGate)
                    {
                        if (_clock.Now >= _nextDue && Volatile.Read(ref _disposed) == 0)
                        {
                            RefreshLocked(CancellationToken.None);
                        }
                    }
                }
                catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        private LiveIntensityResult RefreshLocked(CancellationToken cancel)
        {
            double started = _clock.Now;
            LiveIntensityResult result;
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, _disposing.Token))
            {
                try
                {
                    result = _client.GetLatest(Zone, linked.Token);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    // Only the type: a runtime's message is not ours to vouch for.
                    result = ElectricityMapsClient.Failure(
                        Zone, LiveIntensityStatus.NetworkError, "error", "unexpected " + ex.GetType().Name);
                }
            }

            Volatile.Write(ref _nextDue, Math.Max(started + _intervalSeconds, _client.NotBefore));
            _lastResult = result;
            if (result.IsSuccess)
            {
                Interlocked.Increment(ref _successes);
                _lastGood = result.Value!;
                _current = result.Value!;
                _warnedCauses.Clear();
                return result;
            }

            Interlocked.Increment(ref _failures);
            IntensityValue inUse = _lastGood != null
                ? Fallback(_lastGood, "last good value kept", result.Reason)
                : Fallback(_offline, "offline table", result.Reason);
            _current = inUse;
            if (_warnedCauses.Add(result.Status + ":" + result.HttpStatus))
            {
                RaiseWarning(result, inUse);
            }

            return result;
        }

        private void RaiseWarning(LiveIntensityResult result, IntensityValue inUse)
        {
            string standIn = _lastGood != null
                ? string.Format(CultureInfo.InvariantCulture, "keeping the last live value, {0} gCO2eq/kWh",
                    inUse.GramsPerKilowattHour)
                : string.Format(CultureInfo.InvariantCulture,
                    "using the offline yearly average for {0}, {1} gCO2eq/kWh", Country, inUse.GramsPerKilowattHour);
            string message = $"Electricity Maps gave no intensity for {Zone} ({result.Message}); {standIn} "
                + "until it answers.";
            try
            {
                Warning?.Invoke(this, new IntensityWarningEventArgs(message, result, inUse));
            }
            catch (Exception)
            {
                // A failing subscriber must not stop the refreshes that keep the intensity right.
            }
        }

        private static IntensityValue Fallback(IntensityValue value, string what, string reason) => new IntensityValue(
            value.GramsPerKilowattHour,
            value.Location,
            $"{value.Source}, {what} (Electricity Maps: {reason})",
            value.Year,
            value.Timestamp,
            isFallback: true);

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                throw new ObjectDisposedException(nameof(LiveIntensityProvider));
            }
        }
    }
}
