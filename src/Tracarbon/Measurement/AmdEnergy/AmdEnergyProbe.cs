using System;
using System.Collections.Generic;
using System.Linq;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.AmdEnergy
{
    /// <summary>
    /// Energy from AMD's hwmon driver <c>amd_energy</c>: the sum of the <c>EsocketN</c> counters is the
    /// Cpu energy, and the Host energy too, since the sockets are all this driver sees. <c>EcoreN</c>
    /// counters are parts of their socket: detail only, read when asked for at construction.
    /// </summary>
    /// <remarks>
    /// The counters are 64-bit sums the driver keeps, so a decrease cannot be a wrap: it means the
    /// driver restarted (reloaded) or misread. That interval is missing, never a guessed value, and the
    /// new value becomes the baseline for the next one.
    /// </remarks>
    public sealed class AmdEnergyProbe : Probe
    {
        /// <summary>Where the kernel publishes hardware monitors.</summary>
        public const string DefaultRoot = "/sys/class/hwmon";

        /// <summary>Overrides <see cref="DefaultRoot"/> in <see cref="FromEnvironment"/>: tests, containers.</summary>
        public const string RootVariable = "TRACARBON_HWMON_ROOT";

        private static readonly Component[] Parts = { Component.Host, Component.Cpu };

        private readonly Func<CounterFileReader> _newReader;
        private readonly CounterFileReader _reader;
        private readonly object _gate = new object();
        private AmdEnergyTopology? _topology;

        /// <param name="root">The hwmon folder, such as <c>/sys/class/hwmon</c>.</param>
        /// <param name="includeCores">
        /// Also read every <c>EcoreN</c> counter on each tick for <see cref="Counters"/>. Off by default:
        /// a large socket has over a hundred of them, and they add nothing to the totals.
        /// </param>
        public AmdEnergyProbe(string root = DefaultRoot, bool includeCores = false)
            : this(root, includeCores, CounterFileReader.CreateDefault)
        {
        }

        internal AmdEnergyProbe(string root, bool includeCores, Func<CounterFileReader> newReader)
        {
            if (string.IsNullOrWhiteSpace(root))
            {
                throw new ArgumentException("The hwmon root must be a folder path.", nameof(root));
            }

            Root = root;
            IncludeCores = includeCores;
            _newReader = newReader;
            _reader = newReader();
        }

        public string Root { get; }

        public bool IncludeCores { get; }

        public override string Name => "AmdEnergy";

        public override ProbeKind Kind => ProbeKind.Measured;

        public override IReadOnlyList<Component> Components => Parts;

        public override string Source => _topology?.Description ?? $"amd_energy under '{Root}'";

        /// <summary>The counters found at <see cref="Start"/>, as of the last tick; empty before it.</summary>
        public IReadOnlyList<AmdEnergyCounterState> Counters
        {
            get
            {
                lock (_gate)
                {
                    AmdEnergyCounter[] counters = _topology?.Counters ?? Array.Empty<AmdEnergyCounter>();
                    return counters.Select(c => new AmdEnergyCounterState(c)).ToArray();
                }
            }
        }

        /// <summary>A probe over <c>$TRACARBON_HWMON_ROOT</c> when set, else over <see cref="DefaultRoot"/>.</summary>
        public static AmdEnergyProbe FromEnvironment(bool includeCores = false) =>
            new AmdEnergyProbe(RootFrom(Environment.GetEnvironmentVariable(RootVariable)), includeCores);

        internal static string RootFrom(string? variable) =>
            string.IsNullOrWhiteSpace(variable) ? DefaultRoot : variable!;

        /// <summary>Looks at the tree with a reader of its own, without disturbing a running probe.</summary>
        public override ProbeAvailability CheckAvailability() =>
            AmdEnergyTopology.Discover(Root, _newReader(), IncludeCores).Availability;

        /// <summary>
        /// Finds the counters and reads each once as the baseline. Throws when no socket can be read,
        /// with the reason and the fix, so a session reports it once.
        /// </summary>
        public override void Start()
        {
            AmdEnergyTopology topology = AmdEnergyTopology.Discover(Root, _reader, IncludeCores);
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
            AmdEnergyTopology? topology = _topology;
            if (topology == null || !topology.CanCpu)
            {
                return;
            }

            lock (_gate)
            {
                AmdEnergyCounter[] read = topology.Read;
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

            // Every socket must have a delta: a sum without one socket is a plausible, wrong number.
            double microjoules = 0;
            bool frozen = false;
            AmdEnergyCounter[] sockets = topology.Sockets;
            for (int i = 0; i < sockets.Length; i++)
            {
                EnergyCounter counter = sockets[i].Counter;
                if (!counter.HasDelta)
                {
                    return;
                }

                microjoules += counter.DeltaMicrojoules;
                frozen |= counter.Status == CounterStatus.Frozen;
            }

            string source = topology.CpuSource[frozen ? 1 : 0];
            double joules = microjoules / 1_000_000.0;
            readings.SetEnergy(Component.Cpu, joules, source);
            readings.SetEnergy(Component.Host, joules, source);
        }
    }
}
