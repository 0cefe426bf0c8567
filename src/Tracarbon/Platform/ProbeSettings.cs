using System;
using System.Collections.Generic;
using System.IO;

namespace Tracarbon.Platform
{
    /// <summary>
    /// Where every probe reads from: file-system roots and program paths. Each has a default for a
    /// real machine and an environment variable, so a test or a user can point the module elsewhere.
    /// </summary>
    public sealed class ProbeSettings
    {
        public const string PowercapRootVariable = "TRACARBON_POWERCAP_ROOT";
        public const string HwmonRootVariable = "TRACARBON_HWMON_ROOT";
        public const string ProcRootVariable = "TRACARBON_PROC_ROOT";
        public const string CgroupRootVariable = "TRACARBON_CGROUP_ROOT";
        public const string NvidiaSmiVariable = "TRACARBON_NVIDIA_SMI";
        public const string PowermetricsVariable = "TRACARBON_POWERMETRICS";
        public const string InstanceTypeVariable = "TRACARBON_INSTANCE_TYPE";

        public string PowercapRoot { get; set; } = "/sys/class/powercap";

        public string HwmonRoot { get; set; } = "/sys/class/hwmon";

        public string ProcRoot { get; set; } = "/proc";

        public string CgroupRoot { get; set; } = "/sys/fs/cgroup";

        /// <summary>The nvidia-smi program; null to look it up on PATH.</summary>
        public string? NvidiaSmi { get; set; }

        /// <summary>The powermetrics program; null to look it up on PATH.</summary>
        public string? Powermetrics { get; set; }

        /// <summary>A cloud instance type such as <c>aws:m5.8xlarge</c>; null when not on a known instance.</summary>
        public string? InstanceType { get; set; }

        public static ProbeSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

        /// <summary>
        /// Reads the TRACARBON_* variables. A root that is set must be an absolute path, so a typo cannot
        /// silently read the current directory.
        /// </summary>
        public static ProbeSettings FromEnvironment(Func<string, string?> getVariable)
        {
            var settings = new ProbeSettings();
            settings.PowercapRoot = Root(getVariable, PowercapRootVariable, settings.PowercapRoot);
            settings.HwmonRoot = Root(getVariable, HwmonRootVariable, settings.HwmonRoot);
            settings.ProcRoot = Root(getVariable, ProcRootVariable, settings.ProcRoot);
            settings.CgroupRoot = Root(getVariable, CgroupRootVariable, settings.CgroupRoot);
            settings.NvidiaSmi = Value(getVariable, NvidiaSmiVariable);
            settings.Powermetrics = Value(getVariable, PowermetricsVariable);
            settings.InstanceType = Value(getVariable, InstanceTypeVariable);
            return settings;
        }

        /// <summary>The variables that are set, for verbose output; none of them is a secret.</summary>
        public static IEnumerable<string> Describe(Func<string, string?> getVariable)
        {
            foreach (string name in new[]
            {
                PowercapRootVariable, HwmonRootVariable, ProcRootVariable, CgroupRootVariable,
                NvidiaSmiVariable, PowermetricsVariable, InstanceTypeVariable,
            })
            {
                string? value = Value(getVariable, name);
                if (value != null)
                {
                    yield return name + "='" + value + "'";
                }
            }
        }

        private static string? Value(Func<string, string?> getVariable, string name)
        {
            string? value = getVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        private static string Root(Func<string, string?> getVariable, string name, string fallback)
        {
            string? value = Value(getVariable, name);
            if (value == null)
            {
                return fallback;
            }

            if (!Path.IsPathRooted(value))
            {
                throw new ArgumentException(
                    $"The environment variable {name} must be an absolute directory path; it is '{value}'.", name);
            }

            return value;
        }
    }
}
