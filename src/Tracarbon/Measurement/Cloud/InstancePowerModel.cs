using System;
using System.Collections.Generic;

namespace Tracarbon.Measurement.Cloud
{
    public enum CloudProvider
    {
        Aws,
        Azure,
        Gcp,
    }

    /// <summary>The watts a model gives at one utilisation; null where it has no figure.</summary>
    public readonly struct InstancePower
    {
        public InstancePower(
            double? cpuWatts, double? memoryWatts, double? gpuWatts, double? restOfMachineWatts, double? hostWatts)
        {
            CpuWatts = cpuWatts;
            MemoryWatts = memoryWatts;
            GpuWatts = gpuWatts;
            RestOfMachineWatts = restOfMachineWatts;
            HostWatts = hostWatts;
        }

        public double? CpuWatts { get; }

        public double? MemoryWatts { get; }

        public double? GpuWatts { get; }

        /// <summary>The constant for everything else in the machine (fans, disks, network, power supply).</summary>
        public double? RestOfMachineWatts { get; }

        /// <summary>The whole instance: its parts plus the rest of the machine.</summary>
        public double? HostWatts { get; }
    }

    /// <summary>
    /// The power of one cloud instance type as a function of utilisation, from a published table.
    /// Found through <see cref="CloudInstanceCatalog.Find"/>.
    /// </summary>
    public abstract class InstancePowerModel
    {
        internal InstancePowerModel(CloudProvider provider, string instanceType, string table)
        {
            Provider = provider;
            InstanceType = instanceType;
            Table = table;
        }

        public CloudProvider Provider { get; }

        /// <summary>The type or size as the table spells it, such as <c>m5.8xlarge</c> or <c>D2s v3</c>.</summary>
        public string InstanceType { get; }

        /// <summary>The file the figures come from, such as <c>aws-instances.csv</c>.</summary>
        public string Table { get; }

        /// <summary>What the figures are and where they come from, for reports.</summary>
        public abstract string Source { get; }

        /// <summary>The components this model gives a figure for.</summary>
        public abstract IReadOnlyList<Component> Components { get; }

        /// <summary>
        /// The power at a CPU and a GPU utilisation, each 0 to 1 and held to that range. Memory follows
        /// the CPU utilisation, since the tables measured it under CPU load.
        /// </summary>
        public abstract InstancePower PowerAt(double cpuUtilisation, double gpuUtilisation);

        public override string ToString() => Provider.ToString().ToLowerInvariant() + ":" + InstanceType;

        internal static double Clamp(double utilisation)
        {
            if (double.IsNaN(utilisation))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(utilisation), utilisation, "Utilisation is not a number.");
            }

            return Math.Max(0.0, Math.Min(1.0, utilisation));
        }
    }
}
