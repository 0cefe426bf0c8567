namespace Tracarbon.Measurement.Estimation
{
    /// <summary>
    /// The machine's cumulative CPU time since boot, summed over all logical CPUs: <c>/proc/stat</c> on
    /// Linux, <c>GetSystemTimes</c> on Windows, <c>host_statistics</c> on macOS.
    /// </summary>
    /// <remarks>
    /// Busy and total are in one unit, the source's own: jiffies (USER_HZ ticks) for <c>/proc/stat</c>,
    /// 100 ns FILETIME units on Windows, statistics clock ticks on macOS. The estimator only ever divides
    /// a busy delta by a total delta of the same source, so the unit cancels and no tick rate is assumed.
    /// A source keeps 64-bit counters that never step back on their own, even where the system's wrap.
    /// </remarks>
    internal interface ICpuTimesSource
    {
        /// <summary>The file or system call, as source texts and messages name it.</summary>
        string Name { get; }

        /// <summary>What a user can do when <see cref="Read"/> fails.</summary>
        string Fix { get; }

        /// <exception cref="ProbeReadException">The counters could not be read or made no sense.</exception>
        CpuTimes Read();
    }

    /// <summary>The bytes of memory in use on the machine, or in the process's memory-limited cgroup.</summary>
    internal interface IMemoryInUseSource
    {
        /// <summary>The file or system call, as source texts and messages name it.</summary>
        string Name { get; }

        /// <summary>Which figure is read, from where, for the memory source text.</summary>
        string Figure { get; }

        /// <exception cref="ProbeReadException">The figure could not be read or made no sense.</exception>
        ulong ReadBytes();
    }
}
