using System;
using System.Globalization;
using System.IO;
using Tracarbon.Measurement.Estimation;

namespace Tracarbon.Attribution
{
    /// <summary>
    /// Where a control group's CPU and memory counters live under a cgroup root. On v2 every group holds
    /// both (<c>cpu.stat</c> usage_usec in µs, <c>memory.current</c> in bytes); on v1 each controller has
    /// its own tree (<c>cpuacct/…/cpuacct.usage</c> in ns, <c>memory/…/memory.usage_in_bytes</c> in bytes).
    /// </summary>
    internal sealed class CgroupLayout
    {
        // A distribution may mount cpuacct alone or together with cpu, under either spelling.
        private static readonly string[] V1CpuHierarchies = { "cpuacct", "cpu,cpuacct", "cpuacct,cpu", "cpu" };

        private CgroupLayout(CgroupVersion version, string cpuRoot, string memoryRoot)
        {
            Version = version;
            CpuRoot = cpuRoot;
            MemoryRoot = memoryRoot;
        }

        public CgroupVersion Version { get; }

        /// <summary>The tree walked to discover groups: the root on v2, the cpuacct hierarchy on v1.</summary>
        public string CpuRoot { get; }

        public string MemoryRoot { get; }

        /// <summary>
        /// v2 when the root holds <c>cgroup.controllers</c>; v1 (or a hybrid, whose CPU accounting is on v1)
        /// when it holds a cpuacct hierarchy; null when neither is there, as on Windows and macOS.
        /// </summary>
        public static CgroupLayout? Detect(string cgroupRoot)
        {
            if (File.Exists(Path.Combine(cgroupRoot, "cgroup.controllers")))
            {
                return new CgroupLayout(CgroupVersion.V2, cgroupRoot, cgroupRoot);
            }

            foreach (string name in V1CpuHierarchies)
            {
                string cpuRoot = Path.Combine(cgroupRoot, name);
                if (Directory.Exists(cpuRoot))
                {
                    return new CgroupLayout(CgroupVersion.V1, cpuRoot, Path.Combine(cgroupRoot, "memory"));
                }
            }

            return null;
        }

        /// <summary>The group's directory in the CPU tree, for a path relative to the hierarchy's root.</summary>
        public string CpuDirectory(string relativePath) => Combine(CpuRoot, relativePath);

        /// <summary>
        /// CPU time the group and its descendants used since it was created, in
        /// <see cref="CpuCounterUnitsPerSecond"/> units; null when the group is gone or its counter unreadable.
        /// </summary>
        public ulong? ReadCpuCounter(string relativePath)
        {
            string directory = CpuDirectory(relativePath);
            if (Version == CgroupVersion.V2)
            {
                string? stat = ProcPidFiles.ReadOrNull(Path.Combine(directory, "cpu.stat"), out _);
                foreach (string line in stat?.Split('\n') ?? Array.Empty<string>())
                {
                    if (line.StartsWith("usage_usec ", StringComparison.Ordinal))
                    {
                        return Parse(line.Substring("usage_usec ".Length));
                    }
                }

                return null;
            }

            return Parse(ProcPidFiles.ReadOrNull(Path.Combine(directory, "cpuacct.usage"), out _));
        }

        /// <summary>v2 counts microseconds, v1 nanoseconds.</summary>
        public double CpuCounterUnitsPerSecond => Version == CgroupVersion.V2 ? 1e6 : 1e9;

        /// <summary>Memory charged to the group in bytes, page cache included; null when unreadable.</summary>
        public ulong? ReadMemoryBytes(string relativePath) => Version == CgroupVersion.V2
            ? Parse(ProcPidFiles.ReadOrNull(Path.Combine(Combine(MemoryRoot, relativePath), "memory.current"), out _))
            : Parse(ProcPidFiles.ReadOrNull(
                Path.Combine(Combine(MemoryRoot, relativePath), "memory.usage_in_bytes"), out _));

        /// <summary>
        /// A group as the user names it: relative to the hierarchy (<c>/docker/&lt;id&gt;</c>), or an absolute
        /// directory under the CPU or memory tree. Always returned with a leading '/' and '/' separators.
        /// </summary>
        public string Relative(string path)
        {
            string normal = path.Replace('\\', '/');
            foreach (string root in new[] { CpuRoot, MemoryRoot })
            {
                string prefix = root.Replace('\\', '/').TrimEnd('/');
                if (normal.StartsWith(prefix + "/", StringComparison.Ordinal))
                {
                    normal = normal.Substring(prefix.Length);
                    break;
                }
            }

            return "/" + normal.Trim('/');
        }

        private static string Combine(string root, string relativePath) =>
            relativePath.Trim('/').Length == 0
                ? root
                : Path.Combine(root, relativePath.Trim('/').Replace('/', Path.DirectorySeparatorChar));

        private static ulong? Parse(string? text) =>
            text != null
                && ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
                    ? value
                    : (ulong?)null;
    }
}
