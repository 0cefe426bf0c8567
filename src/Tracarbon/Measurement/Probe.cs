using System;
using System.Collections.Generic;

namespace Tracarbon.Measurement
{
    /// <summary>
    /// A source of power for some components. Counter probes report the energy of each interval
    /// from counter deltas; power probes report a mean power that the session multiplies by the
    /// interval. A probe never invents a first value: <see cref="Start"/> only takes the baseline.
    /// </summary>
    public abstract class Probe : IDisposable
    {
        /// <summary>The short name users type, such as <c>Estimator</c> or <c>Rapl</c>.</summary>
        public abstract string Name { get; }

        public abstract ProbeKind Kind { get; }

        public abstract IReadOnlyList<Component> Components { get; }

        /// <summary>
        /// The parts that this probe's own Host reading already includes, so the session adds only the
        /// others (a GPU beside a RAPL package) and counts each joule once. By default: every other
        /// component the probe reads.
        /// </summary>
        public virtual bool HostIncludes(Component component)
        {
            if (component == Component.Host)
            {
                return true;
            }

            return Reads(component);
        }

        /// <summary>
        /// Whether this probe reads the component on this machine. A probe that learns its parts from the
        /// hardware (RAPL without a dram zone) narrows its <see cref="Components"/> here.
        /// </summary>
        public virtual bool Reads(Component component)
        {
            foreach (Component c in Components)
            {
                if (c == component)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Says where the numbers come from: the model, table row or files used.</summary>
        public abstract string Source { get; }

        /// <summary>Whether the probe can read on this machine, and if not, why and how to fix it.</summary>
        public abstract ProbeAvailability CheckAvailability();

        /// <summary>Takes the baseline reading that the first interval is measured against.</summary>
        public abstract void Start();

        /// <summary>
        /// Reads the interval that ended now. <paramref name="intervalSeconds"/> is measured on a
        /// monotonic clock and is greater than zero. Components that could not be read stay missing.
        /// </summary>
        public abstract void Sample(double intervalSeconds, ProbeReadings readings);

        public virtual void Dispose()
        {
        }
    }

    /// <summary>The answer of <see cref="Probe.CheckAvailability"/>.</summary>
    public sealed class ProbeAvailability
    {
        private ProbeAvailability(bool available, string? reason, string? fix)
        {
            Available = available;
            Reason = reason;
            Fix = fix;
        }

        public static ProbeAvailability Yes { get; } = new ProbeAvailability(true, null, null);

        public bool Available { get; }

        public string? Reason { get; }

        public string? Fix { get; }

        public static ProbeAvailability No(string reason, string? fix = null) =>
            new ProbeAvailability(false, reason, fix);
    }
}
