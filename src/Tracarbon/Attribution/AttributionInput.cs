using System;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.Attribution
{
    /// <summary>What the host drew over one interval, which <see cref="WorkloadAttribution"/> splits.</summary>
    public sealed class AttributionInput
    {
        public AttributionInput(
            double intervalSeconds,
            double? cpuEnergyJoules,
            double? memoryEnergyJoules,
            double intensityGramsPerKilowattHour,
            double otherEnergyJoules = 0)
        {
            IntervalSeconds = Check(intervalSeconds, nameof(intervalSeconds));
            CpuEnergyJoules = cpuEnergyJoules.HasValue ? Check(cpuEnergyJoules.Value, nameof(cpuEnergyJoules)) : null;
            MemoryEnergyJoules = memoryEnergyJoules.HasValue
                ? Check(memoryEnergyJoules.Value, nameof(memoryEnergyJoules))
                : null;
            IntensityGramsPerKilowattHour =
                Check(intensityGramsPerKilowattHour, nameof(intensityGramsPerKilowattHour));
            OtherEnergyJoules = Check(otherEnergyJoules, nameof(otherEnergyJoules));
        }

        public double IntervalSeconds { get; }

        /// <summary>The host's CPU energy, measured or estimated; null when no probe read it.</summary>
        public double? CpuEnergyJoules { get; }

        /// <summary>The host's memory energy; null when no probe read it.</summary>
        public double? MemoryEnergyJoules { get; }

        /// <summary>The host's energy outside CPU and memory, which goes to the unattributed row whole.</summary>
        public double OtherEnergyJoules { get; }

        public double IntensityGramsPerKilowattHour { get; }

        /// <summary>
        /// The CPU and memory parts of a session's sample; the rest of its host energy (a GPU, a psys
        /// reading's platform part) is the other energy. The sample is reused by the session, so
        /// nothing of it is kept.
        /// </summary>
        public static AttributionInput FromSample(Sample sample)
        {
            if (sample == null)
            {
                throw new ArgumentNullException(nameof(sample));
            }

            ComponentSample cpu = sample[Component.Cpu];
            ComponentSample memory = sample[Component.Memory];
            ComponentSample host = sample[Component.Host];
            double? cpuJoules = cpu.Present ? cpu.EnergyJoules : (double?)null;
            double? memoryJoules = memory.Present ? memory.EnergyJoules : (double?)null;

            // A host summed from parts, or read whole, may hold more than CPU and memory; never less
            // is assumed, so a host figure below its parts leaves no other energy rather than a negative.
            double other = host.Present
                ? Math.Max(0, host.EnergyJoules - (cpuJoules ?? 0) - (memoryJoules ?? 0))
                : 0;
            return new AttributionInput(
                sample.IntervalSeconds, cpuJoules, memoryJoules, sample.Intensity.GramsPerKilowattHour, other);
        }

        private static double Check(double value, string name) =>
            double.IsNaN(value) || double.IsInfinity(value) || value < 0
                ? throw new ArgumentOutOfRangeException(name, value, "The value must be a finite number of 0 or more.")
                : value;
    }
}
