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
    /// <summary>The sampling path: the loop, one tick, and filling its sample from the probes.</summary>
    public sealed partial class TrackingSession
    {
        private void Loop(double deadline, WaitHandle stop)
        {
            FixedRateSchedule schedule = _schedule!;

            // The thread's CPU clock is read once a tick, at its end, and each tick is charged what the
            // thread used since the last: the tick itself and the wait and wake-up before it, which is
            // as much the tracker's cost as the tick (at 100 Hz, more), and one read fewer than timing
            // the tick alone.
            double? cpu = ThreadCpuTime.Now();
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
                    if (_stopSignal.Requested)
                    {
                        return;
                    }

                    Tick(_clock.Now, isFinal: false);
                    schedule.Advance(_clock.Now);
                    cpu = AddOverhead(cpu);
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
                Attribute();
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
                    if (readings.Problem is string problem)
                    {
                        Errors.Record(_probeOrigins[i], problem);
                    }
                }
                catch (Exception ex)
                {
                    // What the probe set before failing stands; what it could not read stays missing.
                    Errors.Record(_probeOrigins[i], ex);
                }
            }
        }

        /// <summary>
        /// Splits the sample's energy between the workloads; a failure costs this interval's split only,
        /// counted like a probe's, and the sample goes out without workloads.
        /// </summary>
        private void Attribute()
        {
            WorkloadAttribution? attribution = _attribution;
            if (attribution == null)
            {
                return;
            }

            try
            {
                AttributionResult result = attribution.Attribute(_sample);
                _sample.Workloads = result;

                // Each problem comes once in the attribution's life (a missing hierarchy, scaled shares);
                // counted with the session's errors, it reaches the report and Stop-CarbonTracking's warnings.
                for (int i = 0; i < result.Warnings.Count; i++)
                {
                    Errors.Record(AttributionOrigin, result.Warnings[i]);
                }
            }
            catch (Exception ex)
            {
                Errors.Record(AttributionOrigin, ex);
            }
        }

        /// <summary>The origin a failed split is counted under in <see cref="Errors"/>.</summary>
        public const string AttributionOrigin = "attribution";

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
    }
}
