using System;
using System.Collections.Generic;
using System.Linq;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>
    /// An estimate for a cloud instance whose hardware cannot be metered from inside: the published
    /// power model of its type, read at the utilisation of the interval. On AWS it reports CPU, memory,
    /// GPU (on GPU types) and Host, where Host adds the table's constant for the rest of the machine;
    /// Azure and GCP sizes report the CPU only.
    /// </summary>
    public sealed class CloudInstanceProbe : Probe
    {
        /// <summary>The environment variable that names the instance type, such as <c>aws:m5.8xlarge</c>.</summary>
        public const string InstanceTypeVariable = "TRACARBON_INSTANCE_TYPE";

        private readonly IUtilisationSource _utilisation;
        private readonly IUtilisationSource? _gpuUtilisation;
        private readonly bool _hasGpu;

        /// <param name="instanceType">
        /// Such as <c>aws:m5.8xlarge</c>, <c>m5.8xlarge</c> or <c>gcp:e2-standard-2</c>.
        /// </param>
        /// <param name="utilisation">The CPU utilisation of each interval.</param>
        /// <param name="catalog">The tables to look the type up in.</param>
        /// <param name="gpuUtilisation">
        /// The GPU utilisation of each interval; without it the GPU is read at the CPU utilisation.
        /// </param>
        /// <exception cref="CloudInstanceNotFoundException">No table lists the instance type.</exception>
        public CloudInstanceProbe(
            string instanceType,
            IUtilisationSource utilisation,
            CloudInstanceCatalog catalog,
            IUtilisationSource? gpuUtilisation = null)
            : this(
                (catalog ?? throw new ArgumentNullException(nameof(catalog))).Find(instanceType),
                utilisation,
                gpuUtilisation)
        {
        }

        public CloudInstanceProbe(
            InstancePowerModel model, IUtilisationSource utilisation, IUtilisationSource? gpuUtilisation = null)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            _utilisation = utilisation ?? throw new ArgumentNullException(nameof(utilisation));
            _gpuUtilisation = gpuUtilisation;
            _hasGpu = model.Components.Contains(Component.Gpu);
            Source = model.Source + (gpuUtilisation == null && _hasGpu
                ? ", GPU read at the CPU utilisation"
                : string.Empty);
        }

        /// <summary>
        /// A probe for the type in TRACARBON_INSTANCE_TYPE, or null when that variable is not set.
        /// </summary>
        /// <exception cref="CloudInstanceNotFoundException">The variable names a type no table lists.</exception>
        public static CloudInstanceProbe? FromEnvironment(
            IUtilisationSource utilisation, CloudInstanceCatalog catalog, IUtilisationSource? gpuUtilisation = null)
        {
            string? type = Environment.GetEnvironmentVariable(InstanceTypeVariable);
            return string.IsNullOrWhiteSpace(type)
                ? null
                : new CloudInstanceProbe(type!, utilisation, catalog, gpuUtilisation);
        }

        public override string Name => "CloudInstance";

        public override ProbeKind Kind => ProbeKind.Estimated;

        public override IReadOnlyList<Component> Components => Model.Components;

        public override string Source { get; }

        public InstancePowerModel Model { get; }

        public override ProbeAvailability CheckAvailability() => ProbeAvailability.Yes;

        public override void Start()
        {
            // The model needs no baseline, but the utilisation sources do: taken here, the first sample
            // already covers the time since start, which is all a reading shorter than one interval has.
            _utilisation.Start();
            _gpuUtilisation?.Start();
        }

        public override void Sample(double intervalSeconds, ProbeReadings readings)
        {
            double? cpu = Usable(_utilisation.Utilisation(intervalSeconds));
            if (cpu == null)
            {
                // Without a utilisation there is nothing to read the curves at: the interval stays missing
                // rather than being priced at idle.
                return;
            }

            // A GPU utilisation that is unknown for this interval leaves the GPU, and the host that
            // includes it, missing; the CPU and memory figures stand on their own.
            double? gpu = _gpuUtilisation != null && _hasGpu
                ? Usable(_gpuUtilisation.Utilisation(intervalSeconds))
                : cpu;
            InstancePower power = Model.PowerAt(cpu.Value, gpu ?? 0);
            Set(readings, Component.Cpu, power.CpuWatts);
            Set(readings, Component.Memory, power.MemoryWatts);
            if (gpu.HasValue)
            {
                Set(readings, Component.Gpu, power.GpuWatts);
                Set(readings, Component.Host, power.HostWatts);
            }
        }

        private static double? Usable(double? utilisation) =>
            utilisation is double u && !double.IsNaN(u) && !double.IsInfinity(u) ? u : (double?)null;

        private void Set(ProbeReadings readings, Component component, double? watts)
        {
            if (watts is double w)
            {
                readings.SetPower(component, w, Source);
            }
        }
    }
}
