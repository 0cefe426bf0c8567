using System.Collections.Generic;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>
    /// An EC2 instance type from <c>aws-instances.csv</c>: CPU, memory and GPU curves measured at 0, 10,
    /// 50 and 100 % load, read between those points on straight lines, plus a constant "Delta Full
    /// Machine" for the rest of the machine. Host is CPU + memory + GPU + that constant, which is how
    /// the table's own "Instance @" columns are built; without the constant the host would leave out
    /// fans, disks and the power supply.
    /// </summary>
    public sealed class AwsInstanceModel : InstancePowerModel
    {
        private readonly Component[] _components;

        internal AwsInstanceModel(
            string instanceType,
            double vcpus,
            double? memoryGigabytes,
            int gpuCount,
            PowerCurve? cpu,
            PowerCurve? memory,
            PowerCurve? gpu,
            double? restOfMachineWatts)
            : base(CloudProvider.Aws, instanceType, AwsInstanceTable.FileName)
        {
            Vcpus = vcpus;
            MemoryGigabytes = memoryGigabytes;
            GpuCount = gpuCount;
            Cpu = cpu;
            Memory = memory;
            Gpu = gpuCount > 0 ? gpu : null;
            RestOfMachineWatts = restOfMachineWatts;
            Source = $"{AwsInstanceTable.FileName} (Cloud Carbon Footprint, from Teads) row '{instanceType}'";

            var components = new List<Component>();
            if (HasHost)
            {
                components.Add(Component.Host);
            }

            if (Cpu != null)
            {
                components.Add(Component.Cpu);
            }

            if (Memory != null)
            {
                components.Add(Component.Memory);
            }

            if (Gpu != null)
            {
                components.Add(Component.Gpu);
            }

            _components = components.ToArray();
        }

        public double Vcpus { get; }

        public double? MemoryGigabytes { get; }

        public int GpuCount { get; }

        public PowerCurve? Cpu { get; }

        public PowerCurve? Memory { get; }

        /// <summary>Null for a type without GPUs, whose GPU columns hold zeros.</summary>
        public PowerCurve? Gpu { get; }

        /// <summary>"Delta Full Machine", in watts, the same at every load.</summary>
        public double? RestOfMachineWatts { get; }

        public override string Source { get; }

        public override IReadOnlyList<Component> Components => _components;

        private bool HasHost => Cpu != null && Memory != null && RestOfMachineWatts.HasValue;

        public override InstancePower PowerAt(double cpuUtilisation, double gpuUtilisation)
        {
            double u = Clamp(cpuUtilisation);
            double g = Clamp(gpuUtilisation);
            double? cpu = Cpu?.WattsAt(u);
            double? memory = Memory?.WattsAt(u);
            double? gpu = Gpu?.WattsAt(g);
            double? host = HasHost
                ? cpu!.Value + memory!.Value + (gpu ?? 0) + RestOfMachineWatts!.Value
                : (double?)null;
            return new InstancePower(cpu, memory, gpu, RestOfMachineWatts, host);
        }
    }
}
