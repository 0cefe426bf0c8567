using System;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>Where the estimator reads from, and what a user may tell it instead of letting it look.</summary>
    public sealed class EstimatorOptions
    {
        public const string DefaultProcRoot = "/proc";
        public const string DefaultCgroupRoot = "/sys/fs/cgroup";

        public EstimatorOptions(
            string procRoot = DefaultProcRoot,
            string cgroupRoot = DefaultCgroupRoot,
            string? cpuModelName = null,
            LinearPowerModel? cpuPowerModel = null)
        {
            if (string.IsNullOrWhiteSpace(procRoot))
            {
                throw new ArgumentException("The proc root is a directory path.", nameof(procRoot));
            }

            if (string.IsNullOrWhiteSpace(cgroupRoot))
            {
                throw new ArgumentException("The cgroup root is a directory path.", nameof(cgroupRoot));
            }

            ProcRoot = procRoot;
            CgroupRoot = cgroupRoot;
            CpuModelName = string.IsNullOrWhiteSpace(cpuModelName) ? null : cpuModelName;
            CpuPowerModel = cpuPowerModel;
        }

        /// <summary>The options for the machine the process runs on.</summary>
        public static EstimatorOptions Default { get; } = new EstimatorOptions();

        /// <summary>Where <c>stat</c>, <c>cpuinfo</c> and <c>meminfo</c> are; a fixture tree in tests.</summary>
        public string ProcRoot { get; }

        /// <summary>The cgroup mount point, v1 (one directory per controller) or v2 (unified).</summary>
        public string CgroupRoot { get; }

        /// <summary>A processor name to look up instead of the one <c>cpuinfo</c> gives.</summary>
        public string? CpuModelName { get; }

        /// <summary>
        /// A CPU power model to use as given, for all the CPUs the process may use: no table lookup and no
        /// container scaling are applied to it.
        /// </summary>
        public LinearPowerModel? CpuPowerModel { get; }
    }
}
