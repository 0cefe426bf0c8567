using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.AmdEnergy
{
    /// <summary>
    /// The amd_energy counters under one hwmon root, found and classified once. Discovery reads each
    /// counter once, which both proves it readable and takes the baseline.
    /// </summary>
    internal sealed class AmdEnergyTopology
    {
        private const string DriverName = "amd_energy";
        private const string FrozenNote = " (a counter did not move)";

        private AmdEnergyTopology(string root, bool rootExists, string[] devices, AmdEnergyCounter[] counters)
        {
            Counters = counters;
            Sockets = counters.Where(c => c.Kind == AmdEnergyCounterKind.Socket).ToArray();
            Read = counters.Where(c => c.Tracked && c.Readable).ToArray();
            CanCpu = Sockets.Length > 0 && Sockets.All(c => c.Readable);

            string text = Sockets.Length == 0
                ? "none"
                : "amd_energy " + string.Join(" + ", Sockets.Select(c => c.Label + " (" + c.Path + ")"));
            CpuSource = new[] { text, text + FrozenNote };
            string state = CanCpu || Sockets.Length == 0 ? string.Empty : " (unreadable)";
            Description = $"amd_energy under '{root}': host = cpu = {text}{state}";
            Availability = Decide(root, rootExists, devices);
        }

        public AmdEnergyCounter[] Counters { get; }

        public AmdEnergyCounter[] Sockets { get; }

        /// <summary>The counters read on every tick: readable sockets, and cores when asked for.</summary>
        public AmdEnergyCounter[] Read { get; }

        public bool CanCpu { get; }

        /// <summary>Source texts built once: [0] plain, [1] flagged for a counter that did not move.</summary>
        public string[] CpuSource { get; }

        public string Description { get; }

        public ProbeAvailability Availability { get; }

        public static AmdEnergyTopology Discover(string root, CounterFileReader reader, bool includeCores)
        {
            bool exists = Directory.Exists(root);
            var devices = new List<string>();
            var counters = new List<AmdEnergyCounter>();
            foreach (string dir in exists ? Numbered(Directories(root), "hwmon", "") : Enumerable.Empty<string>())
            {
                ReadOutcome named = reader.ReadText(Path.Combine(dir, "name"), out string name);
                if (named != ReadOutcome.Ok || name != DriverName)
                {
                    continue;
                }

                string device = Path.GetFileName(dir);
                devices.Add(dir);
                foreach (string file in Numbered(Files(dir), "energy", "_input"))
                {
                    string input = Path.GetFileName(file);
                    string labelFile = Path.Combine(dir, input.Substring(0, input.Length - "input".Length) + "label");
                    if (reader.ReadText(labelFile, out string label) != ReadOutcome.Ok)
                    {
                        label = string.Empty;
                    }

                    // The driver sums 32-bit hardware registers into 64-bit counters, which would take
                    // about 585 000 years at 1 kW to pass 2^64 µJ: a decrease is a restart, not a wrap.
                    var counter = new EnergyCounter(new CounterFile(file), maximum: 0, wraps: false);
                    var entry = new AmdEnergyCounter(device + "/" + input, label, counter);
                    entry.Tracked = entry.Kind == AmdEnergyCounterKind.Socket || includeCores;
                    if (entry.Tracked)
                    {
                        entry.StartOutcome = reader.ReadUInt64(counter.File, out ulong value);
                        counter.Apply(entry.StartOutcome, value, 0);
                    }

                    counters.Add(entry);
                }
            }

            return new AmdEnergyTopology(root, exists, devices.ToArray(), counters.ToArray());
        }

        /// <summary>Entries named prefix + number + suffix, in numeric order (hwmon10 after hwmon9).</summary>
        private static IEnumerable<string> Numbered(IEnumerable<string> paths, string prefix, string suffix)
        {
            var matches = new List<KeyValuePair<long, string>>();
            foreach (string path in paths)
            {
                string name = Path.GetFileName(path);
                int digits = name.Length - prefix.Length - suffix.Length;
                if (digits < 1 || digits > 9 || !name.StartsWith(prefix, StringComparison.Ordinal) ||
                    !name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    continue;
                }

                string number = name.Substring(prefix.Length, digits);
                if (number.All(c => c >= '0' && c <= '9'))
                {
                    long key = long.Parse(number, CultureInfo.InvariantCulture);
                    matches.Add(new KeyValuePair<long, string>(key, path));
                }
            }

            return matches.OrderBy(m => m.Key).Select(m => m.Value);
        }

        private static IEnumerable<string> Directories(string path) => Safe(() => Directory.GetDirectories(path));

        private static IEnumerable<string> Files(string path) => Safe(() => Directory.GetFiles(path));

        private static string[] Safe(Func<string[]> list)
        {
            try
            {
                return list();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }

        private ProbeAvailability Decide(string root, bool rootExists, string[] devices)
        {
            if (!rootExists)
            {
                return ProbeAvailability.No(
                    $"There is no hwmon tree at '{root}', so this machine shows no amd_energy counters.");
            }

            if (devices.Length == 0)
            {
                return ProbeAvailability.No(
                    $"No hwmon device under '{root}' is named amd_energy: the driver is not loaded or not part of " +
                    "this kernel (recent kernels show AMD energy through powercap RAPL instead).",
                    "Use the Rapl probe, or load the driver with 'sudo modprobe amd_energy' where the kernel has it.");
            }

            if (Sockets.Length == 0)
            {
                return ProbeAvailability.No(
                    $"The amd_energy device under '{root}' has no Esocket counter, so it cannot measure a socket.");
            }

            if (CanCpu)
            {
                return ProbeAvailability.Yes;
            }

            if (Sockets.Any(c => c.StartOutcome == ReadOutcome.Denied))
            {
                string pattern = string.Join(" ", devices.Select(d => Path.Combine(d, "energy*_input")));
                return ProbeAvailability.No(
                    $"The amd_energy counters under '{root}' are readable by root only (Linux 5.10 and later " +
                    "restrict them, because power readings can leak secrets), so this process cannot read them.",
                    $"Run as root, or grant read access until the next boot with 'sudo chmod a+r {pattern}'.");
            }

            string unread = string.Join(
                ", ", Sockets.Where(c => !c.Readable).Select(c => c.Path + ": " + c.StartOutcome));
            return ProbeAvailability.No(
                $"The amd_energy socket counters under '{root}' could not be read ({unread}).");
        }
    }
}
