using System;
using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon
{
    /// <summary>A tracking session as users see it: every property reads the session's state now.</summary>
    public sealed class TrackingSessionInfo
    {
        private readonly TrackingSession _session;

        internal TrackingSessionInfo(TrackingSession session)
        {
            _session = session;
        }

        public string Name => _session.Name;

        public SessionState State => _session.State;

        public DateTimeOffset StartTime => _session.StartTime;

        public double IntervalSeconds => _session.IntervalSeconds;

        public double ElapsedSeconds => _session.Elapsed;

        public long Samples => Host?.Samples ?? 0;

        public double EnergyKilowattHours => Host?.EnergyKilowattHours ?? 0;

        public double EmissionsGrams => Host?.EmissionsGrams ?? 0;

        public string Location => Host?.Location ?? string.Empty;

        public string Probe => string.Join(", ", _session.Probes.Select(p => p.Name));

        public string Exporter => string.Join(", ", _session.Exporters.Select(e => e.Description));

        public long Errors => _session.Errors.Total;

        internal TrackingSession Session => _session;

        private ComponentReport? Host => _session.Snapshot().FirstOrDefault(r => r.Component == Component.Host);

        public static TrackingSessionInfo From(TrackingSession session) => new TrackingSessionInfo(session);
    }
}
