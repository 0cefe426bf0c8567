using System;
using System.Collections.Generic;
using System.Threading;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Platform;
using Tracarbon.Tracking;

namespace Tracarbon.Tests
{
    /// <summary>A clock that jumps to each due time at once, so a day of ticks runs in milliseconds.</summary>
    internal sealed class ManualClock : ITickClock
    {
        public double Now { get; set; }

        public DateTimeOffset WallNow { get; set; } = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public bool WaitUntil(double due, WaitHandle stop)
        {
            if (stop.WaitOne(0))
            {
                return false;
            }

            if (due > Now)
            {
                Now = due;
            }

            return true;
        }
    }

    /// <summary>A probe whose readings a test scripts, one callback per interval.</summary>
    internal sealed class ScriptedProbe : Probe
    {
        private readonly Action<double, ProbeReadings> _sample;
        private readonly Component[] _components;

        public ScriptedProbe(Action<double, ProbeReadings> sample, params Component[] components)
        {
            _sample = sample;
            _components = components.Length == 0 ? new[] { Component.Cpu } : components;
        }

        public override string Name => "Scripted";

        public override ProbeKind Kind => ProbeKind.Measured;

        public override IReadOnlyList<Component> Components => _components;

        public override string Source => "scripted";

        public int Calls { get; private set; }

        public bool Disposed { get; private set; }

        public override ProbeAvailability CheckAvailability() => ProbeAvailability.Yes;

        public override void Start()
        {
        }

        public override void Sample(double intervalSeconds, ProbeReadings readings)
        {
            Calls++;
            _sample(intervalSeconds, readings);
        }

        public override void Dispose() => Disposed = true;

        public static ScriptedProbe ConstantPower(double watts, Component component = Component.Cpu) =>
            new ScriptedProbe((_, r) => r.SetPower(component, watts, "constant"), component);
    }

    internal sealed class RecordingExporter : Exporter
    {
        public List<(double Interval, double? CpuWatts, double HostJoules, bool Final)> Records { get; } =
            new List<(double, double?, double, bool)>();

        public Func<int, bool>? FailWhen { get; set; }

        public override string Name => "Recording";

        public override void Export(Sample sample)
        {
            int n = Records.Count;
            Records.Add((sample.IntervalSeconds, sample[Component.Cpu].PowerWatts,
                sample[Component.Host].EnergyJoules, sample.IsFinal));
            if (FailWhen != null && FailWhen(n))
            {
                throw new InvalidOperationException("exporter failure " + n);
            }
        }
    }

    internal static class Sessions
    {
        public static IntensityValue Intensity(double g = 100) => new IntensityValue(g, "XX", "test table");

        public static SessionOptions Options(ITickClock clock, double interval, params Probe[] probes)
        {
            var options = new SessionOptions
            {
                Clock = clock,
                IntervalSeconds = interval,
                Intensity = new FixedIntensityProvider(Intensity()),

                // Exporters inline on the ticking thread: what a test reads right after RunUntil is
                // complete. Tests of the export queue set a capacity of their own.
                ExportQueueCapacity = 0,
            };
            foreach (Probe p in probes)
            {
                options.Probes.Add(p);
            }

            return options;
        }

        /// <summary>
        /// What the calling thread allocates ticking a started session from <paramref name="warm"/> to
        /// <paramref name="end"/> on its clock, once it has ticked to <paramref name="warm"/> (past the
        /// 3600 samples of history, whose slots are made as the ring first fills).
        /// </summary>
        public static long AllocatedTicking(TrackingSession session, double warm, double end)
        {
            session.RunUntil(warm);
            long before = GC.GetAllocatedBytesForCurrentThread();
            session.RunUntil(end);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }
}
