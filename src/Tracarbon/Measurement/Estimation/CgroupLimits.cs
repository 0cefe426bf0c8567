using System;
using System.Globalization;
using System.IO;

namespace Tracarbon.Measurement.Estimation
{
    internal enum CgroupVersion
    {
        None,
        V1,
        V2,
    }

    /// <summary>
    /// The CPU and memory limits of the control group the process sees at the cgroup root, and the files
    /// that count its own use. Read once at start-up: limits are set when a container starts.
    /// </summary>
    internal sealed class CgroupLimits
    {
        // cgroup v1 writes "no memory limit" as the largest page-aligned 63-bit value (9223372036854771712
        // with 4 KiB pages); anything from 2^62 bytes up is no limit a real machine could have.
        private const ulong UnlimitedMemoryBytes = 1UL << 62;

        private CgroupLimits(CgroupVersion version)
        {
            Version = version;
        }

        /// <summary>No control group: Windows and macOS, where the estimator reads system calls instead.</summary>
        public static CgroupLimits None { get; } = new CgroupLimits(CgroupVersion.None);

        public CgroupVersion Version { get; }

        /// <summary>The CPU quota as a number of CPUs (quota / period), or null without a limit.</summary>
        public double? CpuLimit { get; private set; }

        /// <summary>The limit as written, such as <c>cgroup v2 cpu.max 200000 100000</c>.</summary>
        public string CpuLimitText { get; private set; } = string.Empty;

        /// <summary>The group's CPU time counter: v2 <c>cpu.stat</c> (µs), v1 <c>cpuacct.usage</c> (ns).</summary>
        public string? CpuUsagePath { get; private set; }

        public double? MemoryLimitBytes { get; private set; }

        /// <summary>The group's memory in use, in bytes: v2 <c>memory.current</c>, v1 <c>usage_in_bytes</c>.</summary>
        public string? MemoryUsagePath { get; private set; }

        /// <summary>True when a CPU limit exists and the group's own usage counter can be read.</summary>
        public bool HasCpuLimit => CpuLimit.HasValue && CpuUsagePath != null;

        public bool HasMemoryLimit => MemoryLimitBytes.HasValue && MemoryUsagePath != null;

        /// <summary>
        /// A unified (v2) hierarchy has <c>cgroup.controllers</c> at its root; a v1 or hybrid one mounts
        /// one directory per controller (<c>cpu/</c>, <c>cpuacct/</c>, <c>memory/</c>). No limit is found
        /// when the root is missing, as on Windows and macOS.
        /// </summary>
        public static CgroupLimits Detect(string cgroupRoot)
        {
            if (File.Exists(Path.Combine(cgroupRoot, "cgroup.controllers")))
            {
                return DetectV2(cgroupRoot);
            }

            if (Directory.Exists(Path.Combine(cgroupRoot, "cpu"))
                || Directory.Exists(Path.Combine(cgroupRoot, "memory")))
            {
                return DetectV1(cgroupRoot);
            }

            return new CgroupLimits(CgroupVersion.None);
        }

        private static CgroupLimits DetectV2(string root)
        {
            var limits = new CgroupLimits(CgroupVersion.V2);

            // "200000 100000" is 2 CPUs; "max 100000" is no limit. The root group has no cpu.max at all.
            string? cpuMax = ReadTrimmed(Path.Combine(root, "cpu.max"));
            string[] parts = cpuMax?.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                ?? Array.Empty<string>();
            if (parts.Length == 2 && TryParse(parts[0], out double quota) && TryParse(parts[1], out double period)
                && quota > 0 && period > 0)
            {
                limits.CpuLimit = quota / period;
                limits.CpuLimitText = $"cgroup v2 cpu.max {parts[0]} {parts[1]}";
                limits.CpuUsagePath = ExistingOrNull(Path.Combine(root, "cpu.stat"));
            }

            string? memoryMax = ReadTrimmed(Path.Combine(root, "memory.max"));
            if (memoryMax != null && TryParse(memoryMax, out double memoryLimit) && memoryLimit > 0)
            {
                limits.MemoryLimitBytes = memoryLimit;
                limits.MemoryUsagePath = ExistingOrNull(Path.Combine(root, "memory.current"));
            }

            return limits;
        }

        private static CgroupLimits DetectV1(string root)
        {
            var limits = new CgroupLimits(CgroupVersion.V1);

            // A quota of -1 is no limit.
            string? quotaText = ReadTrimmed(Path.Combine(root, "cpu", "cpu.cfs_quota_us"));
            string? periodText = ReadTrimmed(Path.Combine(root, "cpu", "cpu.cfs_period_us"));
            if (quotaText != null && periodText != null && TryParse(quotaText, out double quota)
                && TryParse(periodText, out double period) && quota > 0 && period > 0)
            {
                limits.CpuLimit = quota / period;
                limits.CpuLimitText = $"cgroup v1 cpu.cfs_quota_us {quotaText} / cpu.cfs_period_us {periodText}";

                // Some distributions mount cpu and cpuacct together; the counter then sits beside the quota.
                limits.CpuUsagePath = ExistingOrNull(Path.Combine(root, "cpuacct", "cpuacct.usage"))
                    ?? ExistingOrNull(Path.Combine(root, "cpu,cpuacct", "cpuacct.usage"))
                    ?? ExistingOrNull(Path.Combine(root, "cpu", "cpuacct.usage"));
            }

            string? memoryLimit = ReadTrimmed(Path.Combine(root, "memory", "memory.limit_in_bytes"));
            if (memoryLimit != null && TryParse(memoryLimit, out double bytes) && bytes > 0
                && bytes < UnlimitedMemoryBytes)
            {
                limits.MemoryLimitBytes = bytes;
                limits.MemoryUsagePath = ExistingOrNull(Path.Combine(root, "memory", "memory.usage_in_bytes"));
            }

            return limits;
        }

        private static string? ReadTrimmed(string path)
        {
            try
            {
                return File.ReadAllText(path).Trim();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static string? ExistingOrNull(string path) => File.Exists(path) ? path : null;

        private static bool TryParse(string text, out double value) =>
            double.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            && !double.IsInfinity(value);
    }
}
