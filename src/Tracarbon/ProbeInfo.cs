using System.Collections.Generic;
using System.Linq;
using Tracarbon.Measurement;

namespace Tracarbon
{
    /// <summary>
    /// A probe known to the module, as Get-CarbonProbe lists it: what it reads, whether it can read
    /// on this machine, and if not, why and how to fix it. Pipe it into Start-CarbonTracking -Probe.
    /// </summary>
    public sealed class ProbeInfo
    {
        internal ProbeInfo(Probe probe, ProbeAvailability availability)
        {
            Name = probe.Name;
            Kind = probe.Kind;
            Components = probe.Components.ToArray();
            Available = availability.Available;
            Reason = availability.Reason;
            Fix = availability.Fix;
            Source = probe.Source;
        }

        internal ProbeInfo(string name, ProbeKind kind, string reason)
        {
            Name = name;
            Kind = kind;
            Components = new Component[0];
            Available = false;
            Reason = reason;
            Source = string.Empty;
        }

        /// <summary>A probe asked for by name, before the name is checked.</summary>
        internal static ProbeInfo Requested(string name) => new ProbeInfo(name, ProbeKind.Measured, "not resolved");

        public string Name { get; }

        public ProbeKind Kind { get; }

        public IReadOnlyList<Component> Components { get; }

        public bool Available { get; }

        /// <summary>Why the probe cannot read here; null when it can.</summary>
        public string? Reason { get; }

        /// <summary>What would make it readable, such as granting access to RAPL counters.</summary>
        public string? Fix { get; }

        public string Source { get; }
    }
}
