using System;
using System.Collections.Generic;
using System.Linq;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.Rapl
{
    /// <summary>
    /// Energy from the Linux powercap RAPL counters. Host is the psys zone where it exists, else the
    /// packages plus dram; Cpu is the packages; Memory is dram. Core and uncore are parts of their
    /// package: they are read for <see cref="Zones"/> and <see cref="LastEnergyJoules"/> only.
    /// A component whose zones could not all be read over an interval is missing for it, never 0 W.
    /// </summary>
    public sealed class RaplProbe : Probe
    {
        /// <summary>Where the kernel publishes powercap zones.</summary>
        public const string DefaultRoot = "/sys/class/powercap";

        /// <summary>Overrides <see cref="DefaultRoot"/> in <see cref="FromEnvironment"/>: tests, containers.</summary>
        public const string RootVariable = "TRACARBON_POWERCAP_ROOT";

        private static readonly Component[] Parts = { Component.Host, Component.Cpu, Component.Memory };

        private readonly Func<CounterFileReader> _newReader;
        private readonly CounterFileReader _reader;
        private readonly object _gate = new object();
        private RaplTopology? _topology;

        public RaplProbe(string root = DefaultRoot)
            : this(root, CounterFileReader.CreateDefault)
        {
        }

        /// <param name="newReader">Makes a reader; tests pass one that denies chosen files, as a
        /// non-root process would see them (tests run as root, where a file mode alone stops nothing).</param>
        internal RaplProbe(string root, Func<CounterFileReader> newReader)
        {
            if (string.IsNullOrWhiteSpace(root))
            {
                throw new ArgumentException("The powercap root must be a folder path.", nameof(root));
            }

            Root = root;
            _newReader = newReader;
            _reader = newReader();
        }

        /// <summary>The powercap folder this probe reads, such as <c>/sys/class/powercap</c>.</summary>
        public string Root { get; }

        public override string Name => "Rapl";

        public override ProbeKind Kind => ProbeKind.Measured;

        public override IReadOnlyList<Component> Components => Parts;

        public override string Source => _topology?.Description ?? $"RAPL under '{Root}'";

        /// <summary>The zones found at <see cref="Start"/>, as of the last tick; empty before it.</summary>
        public IReadOnlyList<RaplZoneState> Zones
        {
            get
            {
                lock (_gate)
                {
                    RaplZone[] zones = _topology?.Zones ?? Array.Empty<RaplZone>();
                    return zones.Select(z => new RaplZoneState(z)).ToArray();
                }
            }
        }

        /// <summary>A probe over <c>$TRACARBON_POWERCAP_ROOT</c> when set, else <see cref="DefaultRoot"/>.</summary>
        public static RaplProbe FromEnvironment() =>
            new RaplProbe(RootFrom(Environment.GetEnvironmentVariable(RootVariable)));

        internal static string RootFrom(string? variable) =>
            string.IsNullOrWhiteSpace(variable) ? DefaultRoot : variable!;

        /// <summary>
        /// Looks at the tree without disturbing a running probe. No tree, no zones and counters readable
        /// by root only are answers, not exceptions. It reads with a reader of its own, because the
        /// probe's reader and its buffer belong to the sampling thread.
        /// </summary>
        public override ProbeAvailability CheckAvailability() =>
            RaplTopology.Discover(Root, _newReader()).Availability;

        /// <summary>
        /// Finds and classifies the zones and reads each counter once as the baseline. Throws when no
        /// component can be measured, with the reason and the fix, so a session reports it once.
        /// </summary>
        public override void Start()
        {
            RaplTopology topology = RaplTopology.Discover(Root, _reader);
            lock (_gate)
            {
                // The files kept open belong to the topology being replaced.
                _reader.Dispose();
                _topology = topology;
            }

            ProbeAvailability availability = topology.Availability;
            if (!availability.Available)
            {
                throw new InvalidOperationException(availability.Reason + " " + availability.Fix);
            }
        }

        /// <summary>What the tree holds: a package gives Cpu, a dram zone Memory, either one Host.</summary>
        public override bool Reads(Component component)
        {
            RaplTopology topology = _topology ?? RaplTopology.Discover(Root, _newReader());
            switch (component)
            {
                case Component.Host:
                    return topology.CanHost;
                case Component.Cpu:
                    return topology.CanCpu;
                case Component.Memory:
                    return topology.CanMemory;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Closes the counter files kept open between ticks; a later <see cref="Start"/> reopens them.
        /// </summary>
        public override void Dispose()
        {
            lock (_gate)
            {
                _reader.Dispose();
            }

            base.Dispose();
        }

        public override void Sample(double intervalSeconds, ProbeReadings readings)
        {
            RaplTopology? topology = _topology;
            if (topology == null || !topology.Availability.Available)
            {
                return;
            }

            lock (_gate)
            {
                RaplZone[] read = topology.Read;
                for (int i = 0; i < read.Length; i++)
                {
                    EnergyCounter counter = read[i].Counter;
                    counter.Read(_reader, intervalSeconds);
                    if (counter.Problem is string problem)
                    {
                        readings.ReportProblem(problem);
                    }
                }
            }

            double cpu = 0;
            double memory = 0;
            bool cpuFrozen = false;
            bool memoryFrozen = false;
            bool hasCpu = topology.CanCpu && TrySum(topology.Packages, out cpu, out cpuFrozen);
            bool hasMemory = topology.CanMemory && TrySum(topology.Drams, out memory, out memoryFrozen);
            Set(readings, Component.Cpu, hasCpu, cpu, cpuFrozen, topology.CpuSource);
            Set(readings, Component.Memory, hasMemory, memory, memoryFrozen, topology.MemorySource);

            if (!topology.CanHost)
            {
                return;
            }

            if (topology.Platforms.Length > 0)
            {
                bool hasHost = TrySum(topology.Platforms, out double host, out bool hostFrozen);
                Set(readings, Component.Host, hasHost, host, hostFrozen, topology.HostSource);
            }
            else
            {
                // Without psys the host is what RAPL sees: packages beside dram, each counted once.
                bool hasHost = hasCpu && (hasMemory || topology.Drams.Length == 0);
                Set(readings, Component.Host, hasHost, cpu + memory, cpuFrozen || memoryFrozen, topology.HostSource);
            }
        }

        /// <summary>
        /// The last interval's energy in joules of all zones of one kind (such as every <c>core</c>);
        /// null when there is no such zone or one of them had no reading.
        /// </summary>
        public double? LastEnergyJoules(RaplZoneKind kind)
        {
            lock (_gate)
            {
                RaplZone[] zones = (_topology?.Zones ?? Array.Empty<RaplZone>())
                    .Where(z => z.Kind == kind && z.MirrorOf == null).ToArray();
                return TrySum(zones, out double microjoules, out _) ? microjoules / 1_000_000.0 : (double?)null;
            }
        }

        /// <summary>
        /// Adds the zones' deltas in µJ. Every zone must have one: a sum that left out a socket would
        /// be a plausible, wrong number. Integers below 2^53 µJ (about 9 GJ) add exactly in a double.
        /// </summary>
        private static bool TrySum(RaplZone[] zones, out double microjoules, out bool frozen)
        {
            microjoules = 0;
            frozen = false;
            if (zones.Length == 0)
            {
                return false;
            }

            for (int i = 0; i < zones.Length; i++)
            {
                EnergyCounter counter = zones[i].Counter;
                if (!counter.HasDelta)
                {
                    return false;
                }

                microjoules += counter.DeltaMicrojoules;
                frozen |= counter.Status == CounterStatus.Frozen;
            }

            return true;
        }

        private static void Set(
            ProbeReadings readings,
            Component component,
            bool present,
            double microjoules,
            bool frozen,
            string[] sources)
        {
            if (present)
            {
                readings.SetEnergy(component, microjoules / 1_000_000.0, sources[frozen ? 1 : 0]);
            }
        }
    }
}
