using System;
using Tracarbon.Attribution;
using Tracarbon.Carbon;
using Tracarbon.Measurement;

namespace Tracarbon.Tracking
{
    /// <summary>What one component drew over one interval.</summary>
    public struct ComponentSample
    {
        /// <summary>False when no probe could read this component for the interval.</summary>
        public bool Present;

        public double EnergyJoules;

        /// <summary>The interval's energy over its length; null for an interval of length zero.</summary>
        public double? PowerWatts;

        public double EmissionsGrams;

        public string? Source;

        /// <summary>The name of the probe that read it; for a host summed from parts, the first part's.</summary>
        public string? Probe;
    }

    /// <summary>
    /// One tick of a session: the interval that ended at <see cref="Timestamp"/>, per component. The
    /// session reuses one instance, so an exporter that keeps data copies what it needs.
    /// </summary>
    public sealed class Sample
    {
        private readonly ComponentSample[] _components = new ComponentSample[Components.Count];

        public string SessionName { get; internal set; } = string.Empty;

        /// <summary>When the interval ended (UTC, derived from the monotonic clock).</summary>
        public DateTimeOffset Timestamp { get; internal set; }

        public double IntervalSeconds { get; internal set; }

        public IntensityValue Intensity { get; internal set; } = null!;

        /// <summary>True for the sample taken when the session stopped.</summary>
        public bool IsFinal { get; internal set; }

        /// <summary>
        /// The interval's host energy split between the tracked workloads, when the session was given a
        /// <see cref="SessionOptions.Attribution"/>; null without one, and for an interval whose split failed.
        /// The result is made anew each interval and never changed, so an exporter may keep it.
        /// </summary>
        public AttributionResult? Workloads { get; internal set; }

        public ComponentSample this[Component component] => _components[(int)component];

        internal ref ComponentSample Slot(Component component) => ref _components[(int)component];

        /// <summary>Copies another sample into this preallocated one, without allocating.</summary>
        /// <param name="other">The sample to copy.</param>
        /// <param name="withWorkloads">False to leave the workloads out, for a copy kept long.</param>
        internal void CopyFrom(Sample other, bool withWorkloads = true)
        {
            SessionName = other.SessionName;
            Timestamp = other.Timestamp;
            IntervalSeconds = other.IntervalSeconds;
            Intensity = other.Intensity;
            IsFinal = other.IsFinal;
            Workloads = withWorkloads ? other.Workloads : null;
            Array.Copy(other._components, _components, _components.Length);
        }

        internal void Clear()
        {
            Workloads = null;
            Array.Clear(_components, 0, _components.Length);
        }
    }
}
