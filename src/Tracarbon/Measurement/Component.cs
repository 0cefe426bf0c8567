namespace Tracarbon.Measurement
{
    /// <summary>The parts of a machine whose power is tracked.</summary>
    public enum Component
    {
        Host = 0,
        Cpu = 1,
        Memory = 2,
        Gpu = 3,
    }

    /// <summary>Whether a probe reads a meter or computes a model.</summary>
    public enum ProbeKind
    {
        Measured,
        Estimated,
    }

    /// <summary>What a probe produced for one component over one interval.</summary>
    public enum ReadingKind : byte
    {
        /// <summary>No value: the source is absent, failed or was not read this interval.</summary>
        Missing = 0,

        /// <summary>An energy in joules for the interval, from counter deltas.</summary>
        Energy = 1,

        /// <summary>A mean power in watts, which the session multiplies by the interval.</summary>
        Power = 2,
    }

    internal static class Components
    {
        public const int Count = 4;

        public static readonly Component[] All =
        {
            Component.Host, Component.Cpu, Component.Memory, Component.Gpu,
        };
    }
}
