using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.Rapl
{
    /// <summary>
    /// The zones of one powercap tree, classified once so that a tick only reads counters and adds.
    /// Discovery reads each counter once, which both proves it readable and takes the baseline.
    /// </summary>
    internal sealed class RaplTopology
    {
        private const string FrozenNote = " (a counter did not move)";

        private RaplTopology(string root, bool rootExists, RaplZone[] zones)
        {
            Zones = zones;
            Packages = Counted(zones, RaplZoneKind.Package);
            Drams = Counted(zones, RaplZoneKind.Dram);
            Platforms = Counted(zones, RaplZoneKind.Platform);
            Read = zones.Where(z => z.ReadEachTick).ToArray();

            CanCpu = Packages.Length > 0 && Packages.All(z => z.Readable);
            CanMemory = Drams.Length > 0 && Drams.All(z => z.Readable);
            CanHost = Platforms.Length > 0
                ? Platforms.All(z => z.Readable)
                : CanCpu && (Drams.Length == 0 || CanMemory);

            CpuSource = Sources(Packages);
            MemorySource = Sources(Drams);
            HostSource = Sources(Platforms.Length > 0 ? Platforms : Packages.Concat(Drams).ToArray());
            Description = $"RAPL under '{root}': host = {Describe(HostSource, CanHost)}; " +
                          $"cpu = {Describe(CpuSource, CanCpu)}; memory = {Describe(MemorySource, CanMemory)}";
            Availability = Decide(root, rootExists);
        }

        public RaplZone[] Zones { get; }

        /// <summary>The zones read on every tick: readable at discovery, and not a mirror of another.</summary>
        public RaplZone[] Read { get; }

        public RaplZone[] Packages { get; }

        public RaplZone[] Drams { get; }

        public RaplZone[] Platforms { get; }

        public bool CanHost { get; }

        public bool CanCpu { get; }

        public bool CanMemory { get; }

        /// <summary>Source texts built once: [0] plain, [1] flagged for a counter that did not move.</summary>
        public string[] HostSource { get; }

        public string[] CpuSource { get; }

        public string[] MemorySource { get; }

        public string Description { get; }

        public ProbeAvailability Availability { get; }

        public static RaplTopology Discover(string root, CounterFileReader reader)
        {
            bool exists = Directory.Exists(root);
            var found = new SortedDictionary<string, string>(RaplZoneId.Order);
            if (exists)
            {
                foreach (string dir in Directories(root))
                {
                    string name = Path.GetFileName(dir);
                    if (RaplZoneId.TryParse(name, out _))
                    {
                        found[name] = dir;
                    }
                }

                // The kernel also links every sub-zone at the top; a copied tree may only nest it.
                foreach (KeyValuePair<string, string> top in found.ToArray())
                {
                    foreach (string dir in Directories(top.Value))
                    {
                        string name = Path.GetFileName(dir);
                        if (RaplZoneId.TryParse(name, out RaplZoneId id) && !id.IsTop &&
                            name.StartsWith(top.Key + ":", StringComparison.Ordinal) && !found.ContainsKey(name))
                        {
                            found[name] = dir;
                        }
                    }
                }
            }

            RaplZone[] zones = found.Select(pair => Load(pair.Key, pair.Value, reader)).ToArray();
            MarkMirrors(zones);
            return new RaplTopology(root, exists, zones);
        }

        /// <summary>Exact names only: a test for "core" that "uncore" also passes is the classic mistake.</summary>
        public static RaplZoneKind Classify(string name)
        {
            switch (name)
            {
                case "core":
                    return RaplZoneKind.Core;
                case "uncore":
                    return RaplZoneKind.Uncore;
                case "dram":
                    return RaplZoneKind.Dram;
                case "psys":
                    return RaplZoneKind.Platform;
            }

            const string package = "package-";
            bool numbered = name.Length > package.Length &&
                            name.StartsWith(package, StringComparison.Ordinal) &&
                            name.Skip(package.Length).All(c => c >= '0' && c <= '9');
            return numbered ? RaplZoneKind.Package : RaplZoneKind.Other;
        }

        private static RaplZone Load(string path, string dir, CounterFileReader reader)
        {
            if (reader.ReadText(Path.Combine(dir, "name"), out string name) != ReadOutcome.Ok)
            {
                name = string.Empty;
            }

            // An unreadable range leaves 0: the counter still counts, but a decrease cannot be resolved.
            var range = new CounterFile(Path.Combine(dir, "max_energy_range_uj"));
            ulong max = reader.ReadUInt64(range, out ulong m) == ReadOutcome.Ok ? m : 0;

            RaplZoneId.TryParse(path, out RaplZoneId id);
            string? parent = id.IsTop ? null : path.Substring(0, path.LastIndexOf(':'));
            var counter = new EnergyCounter(new CounterFile(Path.Combine(dir, "energy_uj")), max, wraps: true);
            var zone = new RaplZone(path, name, Classify(name), parent, id.IsMmio, counter);

            // A readable name does not make a usable zone: the counter itself must be readable.
            zone.StartOutcome = reader.ReadUInt64(counter.File, out ulong value);
            counter.Apply(zone.StartOutcome, value, 0);
            return zone;
        }

        /// <summary>
        /// An <c>intel-rapl-mmio</c> zone with the name of an MSR zone at the same place in the tree
        /// reads the same package through another interface: counting both would count it twice.
        /// </summary>
        private static void MarkMirrors(RaplZone[] zones)
        {
            foreach (RaplZone z in zones.Where(z => z.IsMmio && z.Name.Length > 0))
            {
                string? parentTarget = z.ParentPath == null
                    ? null
                    : zones.FirstOrDefault(p => p.Path == z.ParentPath)?.MirrorOf;
                RaplZone? twin = zones.FirstOrDefault(w =>
                    !w.IsMmio && w.Name == z.Name && (w.ParentPath == null) == (z.ParentPath == null) &&
                    (z.ParentPath == null || w.ParentPath == parentTarget));
                z.MirrorOf = twin?.Path;
                if (twin != null)
                {
                    z.Counter.Forget();
                }
            }
        }

        private static RaplZone[] Counted(RaplZone[] zones, RaplZoneKind kind) =>
            zones.Where(z => z.Kind == kind && z.MirrorOf == null).ToArray();

        private static string[] Sources(RaplZone[] zones)
        {
            string text = zones.Length == 0 ? "none" : "RAPL " + string.Join(" + ", zones.Select(z => z.Label));
            return new[] { text, text + FrozenNote };
        }

        private static string Describe(string[] source, bool available) =>
            source[0] == "none" ? "none" : available ? source[0] : source[0] + " (unreadable)";

        private static IEnumerable<string> Directories(string path)
        {
            try
            {
                return Directory.GetDirectories(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }

        private ProbeAvailability Decide(string root, bool rootExists)
        {
            const string load = "On bare-metal Linux load the driver with 'sudo modprobe intel_rapl_msr'; " +
                                "in a virtual machine or container use an estimating probe instead.";
            if (!rootExists)
            {
                return ProbeAvailability.No(
                    $"There is no powercap tree at '{root}', so this machine shows no RAPL energy counters; " +
                    "virtual machines and containers usually have none.", load);
            }

            if (Zones.Length == 0)
            {
                return ProbeAvailability.No($"The powercap tree at '{root}' holds no intel-rapl zones.", load);
            }

            if (CanHost || CanCpu || CanMemory)
            {
                return ProbeAvailability.Yes;
            }

            RaplZone[] useful = Packages.Concat(Drams).Concat(Platforms).ToArray();
            if (useful.Length == 0)
            {
                return ProbeAvailability.No(
                    $"None of the zones under '{root}' is a package, dram or psys zone, " +
                    "so RAPL has nothing to count.");
            }

            if (useful.Any(z => z.StartOutcome == ReadOutcome.Denied))
            {
                return ProbeAvailability.No(
                    $"The RAPL energy counters under '{root}' are readable by root only (Linux 5.10 and later " +
                    "restrict energy_uj, because power readings can leak secrets), so this process cannot read them.",
                    "Run as root, or grant read access until the next boot with " +
                    $"'sudo chmod a+r {Path.Combine(root, "intel-rapl*:*")}/energy_uj', or at every boot with a " +
                    "udev rule such as: ACTION==\"add\", SUBSYSTEM==\"powercap\", " +
                    "RUN+=\"/bin/chmod a+r /sys%p/energy_uj\".");
            }

            string unread = string.Join(
                ", ", useful.Where(z => !z.Readable).Select(z => z.Path + ": " + z.StartOutcome));
            return ProbeAvailability.No($"The RAPL energy counters under '{root}' could not be read ({unread}).");
        }
    }
}
