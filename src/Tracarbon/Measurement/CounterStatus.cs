namespace Tracarbon.Measurement
{
    /// <summary>What the last read of one energy counter showed.</summary>
    public enum CounterStatus
    {
        /// <summary>Not read yet, or not read on purpose (a mirror of a counter read elsewhere).</summary>
        NotRead = 0,

        /// <summary>Read once, so there is a baseline but no interval yet: no energy, by design.</summary>
        Baseline = 1,

        /// <summary>The counter moved forward; the interval's energy is the difference.</summary>
        Advancing = 2,

        /// <summary>The counter did not move: 0 J for the interval, flagged because it may be dead.</summary>
        Frozen = 3,

        /// <summary>The counter passed its maximum and restarted; the energy includes the wrap.</summary>
        Wrapped = 4,

        /// <summary>The counter went back where it cannot wrap: it restarted, so this interval is lost.</summary>
        Reset = 5,

        /// <summary>The file is gone or could not be read; the interval has no energy.</summary>
        Missing = 6,

        /// <summary>The file held something that is not a counter value; the interval has no energy.</summary>
        Invalid = 7,
    }
}
