using System;
using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon
{
    /// <summary>A snapshot of a running or stopped session: its state and its totals so far.</summary>
    public sealed class TrackingSessionInfo
    {
        internal TrackingSessionInfo(TrackingSession session)
        {
            Name = session.Name;
            State = session.State;
            StartTime = session.StartTime;
            IntervalSeconds = session.IntervalSeconds;
            ElapsedSeconds = session.Elapsed;
            ComponentReport? host = session.Snapshot().FirstOrDefault(r => r.Component == Component.Host);
            Samples = host?.Samples ?? 0;
            EnergyKilowattHours = host?.EnergyKilowattHours ?? 0;
            EmissionsGrams = host?.EmissionsGrams ?? 0;
            Location = host?.Location ?? string.Empty;
            Exporter = string.Join(", ", session.Exporters.Select(e => e.Description));
            Probe = string.Join(", ", session.Probes.Select(p => p.Name));
            Errors = session.Errors.Total;
        }

        public string Name { get; }

        public SessionState State { get; }

        public DateTimeOffset StartTime { get; }

        public double IntervalSeconds { get; }

        public double ElapsedSeconds { get; }

        public long Samples { get; }

        public double EnergyKilowattHours { get; }

        public double EmissionsGrams { get; }

        public string Location { get; }

        public string Probe { get; }

        public string Exporter { get; }

        public long Errors { get; }

        public static TrackingSessionInfo From(TrackingSession session) => new TrackingSessionInfo(session);
    }
}
