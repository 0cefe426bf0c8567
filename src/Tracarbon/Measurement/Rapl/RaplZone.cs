using Tracarbon.Platform;

namespace Tracarbon.Measurement.Rapl
{
    /// <summary>What a powercap zone measures, decided by its exact <c>name</c>.</summary>
    public enum RaplZoneKind
    {
        /// <summary><c>package-N</c>: one CPU socket, cores and uncore included.</summary>
        Package,

        /// <summary><c>core</c>: the cores of a package; a part of it, never added to it.</summary>
        Core,

        /// <summary><c>uncore</c>: the rest of a package, often an integrated GPU; a part of it.</summary>
        Uncore,

        /// <summary><c>dram</c>: memory, beside the package even where the tree nests it below.</summary>
        Dram,

        /// <summary><c>psys</c>: the whole platform, packages included.</summary>
        Platform,

        /// <summary>A name this probe does not know; listed, never counted.</summary>
        Other,
    }

    /// <summary>A powercap zone as the probe last saw it. A snapshot: it does not change afterwards.</summary>
    public sealed class RaplZoneState
    {
        internal RaplZoneState(RaplZone zone)
        {
            EnergyCounter counter = zone.Counter;
            Path = zone.Path;
            Name = zone.Name;
            Kind = zone.Kind;
            ParentPath = zone.ParentPath;
            MirrorOf = zone.MirrorOf;
            MaxEnergyRangeMicrojoules = counter.Maximum == 0 ? (ulong?)null : counter.Maximum;
            CounterMicrojoules = counter.Value;
            EnergyJoules = counter.EnergyJoules;
            PowerWatts = counter.PowerWatts;
            Status = counter.Status;
        }

        /// <summary>The zone's directory name, such as <c>intel-rapl:1:0</c>: unique, unlike the name.</summary>
        public string Path { get; }

        /// <summary>The zone's <c>name</c> file, such as <c>dram</c>; empty when it could not be read.</summary>
        public string Name { get; }

        public RaplZoneKind Kind { get; }

        /// <summary>The zone this one sits under, such as <c>intel-rapl:1</c>; null at the top.</summary>
        public string? ParentPath { get; }

        /// <summary>
        /// For an <c>intel-rapl-mmio</c> zone that repeats a package the MSR tree already shows, the
        /// path of that zone. A mirror is neither read nor counted, so each joule counts once.
        /// </summary>
        public string? MirrorOf { get; }

        /// <summary>Where the counter wraps to 0, in µJ; null if <c>max_energy_range_uj</c> was unreadable.</summary>
        public ulong? MaxEnergyRangeMicrojoules { get; }

        /// <summary>The raw <c>energy_uj</c> last read, in µJ; null when the last read failed.</summary>
        public ulong? CounterMicrojoules { get; }

        /// <summary>The last interval's energy in joules; null when that interval could not be measured.</summary>
        public double? EnergyJoules { get; }

        /// <summary>The last interval's mean power in watts; null when its energy is.</summary>
        public double? PowerWatts { get; }

        public CounterStatus Status { get; }

        public override string ToString() => $"{Path} {Name} {Status}";
    }

    /// <summary>A zone found at discovery, with the counter the probe keeps for it.</summary>
    internal sealed class RaplZone
    {
        public RaplZone(
            string path, string name, RaplZoneKind kind, string? parentPath, bool mmio, EnergyCounter counter)
        {
            Path = path;
            Name = name;
            Kind = kind;
            ParentPath = parentPath;
            IsMmio = mmio;
            Counter = counter;
        }

        public string Path { get; }

        public string Name { get; }

        public RaplZoneKind Kind { get; }

        public string? ParentPath { get; }

        public bool IsMmio { get; }

        public EnergyCounter Counter { get; }

        public string? MirrorOf { get; set; }

        /// <summary>How reading <c>energy_uj</c> at discovery went; unreadable then, never read again.</summary>
        public ReadOutcome StartOutcome { get; set; }

        public bool Readable => StartOutcome == ReadOutcome.Ok;

        public bool ReadEachTick => Readable && MirrorOf == null;

        /// <summary>How the zone appears in a source text: <c>dram (intel-rapl:0:0)</c>.</summary>
        public string Label => Name + " (" + Path + ")";
    }
}
