namespace Tracarbon.Measurement.Nvidia
{
    /// <summary>What nvidia-smi said about one GPU's power draw.</summary>
    public enum GpuPowerStatus
    {
        /// <summary>A number of watts.</summary>
        Reported,

        /// <summary><c>[N/A]</c>: the board has no power sensor the driver can read.</summary>
        NotAvailable,

        /// <summary><c>[Not Supported]</c>, the spelling of older drivers for the same case.</summary>
        NotSupported,

        /// <summary>Another bracketed driver message, such as <c>[Unknown Error]</c>.</summary>
        DriverError,

        /// <summary>A line that is not <c>index, name, power</c>: a warning or garbled text.</summary>
        Unreadable,
    }

    /// <summary>One line of <c>nvidia-smi --query-gpu=index,name,power.draw</c>.</summary>
    public sealed class GpuPowerReading
    {
        internal GpuPowerReading(int? index, string? name, double? powerWatts, GpuPowerStatus status, string text)
        {
            Index = index;
            Name = name;
            PowerWatts = powerWatts;
            Status = status;
            Text = text;
        }

        /// <summary>nvidia-smi's GPU index; null on an unreadable line.</summary>
        public int? Index { get; }

        public string? Name { get; }

        /// <summary>The board's power draw in watts; null unless <see cref="Status"/> is Reported.</summary>
        public double? PowerWatts { get; }

        public GpuPowerStatus Status { get; }

        /// <summary>The power field as printed, or the whole line when it was unreadable.</summary>
        public string Text { get; }

        public override string ToString() =>
            Status == GpuPowerStatus.Reported
                ? $"GPU {Index} {Name}: {PowerWatts} W"
                : $"GPU {(Index.HasValue ? Index.ToString() : "?")} {Name}: {Status} ('{Text}')";
    }
}
