using Tracarbon.Measurement;

namespace Tracarbon
{
    /// <summary>One component's power now, as Get-CarbonPower returns it.</summary>
    public sealed class PowerReading
    {
        internal PowerReading(Component component, string? device, double? powerWatts, string probe, string source)
        {
            Component = component;
            Device = device;
            PowerWatts = powerWatts;
            Probe = probe;
            Source = source;
        }

        public Component Component { get; }

        /// <summary>One device of several, such as <c>GPU 1 (NVIDIA A100)</c>; null for a component total.</summary>
        public string? Device { get; }

        /// <summary>Mean power over the reading's interval; null when the device gave no reading.</summary>
        public double? PowerWatts { get; }

        public string Probe { get; }

        public string Source { get; }
    }
}
