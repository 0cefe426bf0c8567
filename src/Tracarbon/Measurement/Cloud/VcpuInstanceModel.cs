using System.Collections.Generic;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>
    /// An Azure or GCP size: CPU watts = vCPUs x (min + (max - min) x u), with min and max per vCPU taken
    /// from the coefficients of its microarchitecture. A size offered on several microarchitectures
    /// gets the mean of their coefficients, since the instance does not say which one it landed on.
    /// Only the CPU is modelled: these tables carry no memory or GPU watts.
    /// </summary>
    public sealed class VcpuInstanceModel : InstancePowerModel
    {
        private static readonly Component[] CpuOnly = { Component.Cpu };

        internal VcpuInstanceModel(
            CloudProvider provider,
            string table,
            string instanceType,
            double vcpus,
            IReadOnlyList<string> microarchitectures,
            double minWattsPerVcpu,
            double maxWattsPerVcpu,
            string coefficientsNote)
            : base(provider, instanceType, table)
        {
            Vcpus = vcpus;
            Microarchitectures = microarchitectures;
            MinWattsPerVcpu = minWattsPerVcpu;
            MaxWattsPerVcpu = maxWattsPerVcpu;
            Source = $"{table} (Cloud Carbon Footprint) size '{instanceType}', {vcpus} vCPUs, {coefficientsNote}";
        }

        /// <summary>May be a fraction for Azure's constrained sizes.</summary>
        public double Vcpus { get; }

        public IReadOnlyList<string> Microarchitectures { get; }

        public double MinWattsPerVcpu { get; }

        public double MaxWattsPerVcpu { get; }

        public override string Source { get; }

        public override IReadOnlyList<Component> Components => CpuOnly;

        public override InstancePower PowerAt(double cpuUtilisation, double gpuUtilisation)
        {
            double u = Clamp(cpuUtilisation);
            double cpu = Vcpus * (MinWattsPerVcpu + ((MaxWattsPerVcpu - MinWattsPerVcpu) * u));
            return new InstancePower(cpu, null, null, null, null);
        }
    }
}
