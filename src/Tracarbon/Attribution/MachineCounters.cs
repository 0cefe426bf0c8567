using System;
using System.Globalization;
using System.IO;
using Tracarbon.Measurement.Estimation;
using Tracarbon.Platform;

namespace Tracarbon.Attribution
{
    internal enum MachineCpuOutcome
    {
        /// <summary>Two readings apart: the busy time over the interval is known.</summary>
        Read,

        /// <summary>The first reading, or the first after a counter went back: a starting point only.</summary>
        Baseline,

        /// <summary>The total did not advance: both reads fell in the same jiffy.</summary>
        SameJiffy,

        Unreadable,
    }

    /// <summary>
    /// The machine's busy CPU time from <c>/proc/stat</c>, in the same clock ticks as a process's utime and
    /// stime, and its memory from <c>/proc/meminfo</c>.
    /// </summary>
    internal sealed class MachineCounters
    {
        private const double BytesPerMeminfoKilobyte = 1024;

        private readonly ReusableFileReader _stat;
        private readonly string _meminfo;
        private readonly double _ticksPerSecond;
        private CpuTimes? _previous;
        private double? _memoryTotalBytes;

        public MachineCounters(string procRoot, double ticksPerSecond)
        {
            _stat = new ReusableFileReader(Path.Combine(procRoot, "stat"), 1024);
            _meminfo = Path.Combine(procRoot, "meminfo");
            _ticksPerSecond = ticksPerSecond;
        }

        public string StatPath => _stat.Path;

        /// <summary>
        /// Reads the counters; on <see cref="MachineCpuOutcome.Read"/> the busy CPU-seconds since the last
        /// read. On <see cref="MachineCpuOutcome.SameJiffy"/> the last reading is kept, so nothing is lost.
        /// </summary>
        public MachineCpuOutcome ReadBusy(out double busySeconds, out string? problem)
        {
            busySeconds = 0;
            problem = null;
            CpuTimes now;
            try
            {
                _stat.Read(firstLineOnly: true);
                if (!ProcStat.TryParse(_stat.Buffer, _stat.Length, out now))
                {
                    problem = $"'{StatPath}' does not start with an aggregate 'cpu' line of jiffy counters.";
                    return MachineCpuOutcome.Unreadable;
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                problem = $"'{StatPath}' could not be read: {e.Message}";
                return MachineCpuOutcome.Unreadable;
            }

            CpuTimes? before = _previous;
            if (before.HasValue && now.Total == before.Value.Total)
            {
                return MachineCpuOutcome.SameJiffy;
            }

            _previous = now;
            if (!before.HasValue || now.Total < before.Value.Total || now.Busy < before.Value.Busy)
            {
                return MachineCpuOutcome.Baseline;
            }

            busySeconds = (now.Busy - before.Value.Busy) / _ticksPerSecond;
            return MachineCpuOutcome.Read;
        }

        /// <summary>
        /// The memory in use now, MemTotal - MemAvailable in bytes (meminfo's kB are 1024 bytes), read each
        /// interval: memory energy is modelled on the memory in use, so a workload's share is its resident
        /// memory over that, not over MemTotal. Without MemAvailable, MemTotal; null when unreadable.
        /// </summary>
        public double? MemoryTotalBytes()
        {
            string? text = ProcPidFiles.ReadOrNull(_meminfo, out _);
            double? total = null;
            double? available = null;
            foreach (string line in text?.Split('\n') ?? Array.Empty<string>())
            {
                bool isTotal = line.StartsWith("MemTotal:", StringComparison.Ordinal);
                bool isAvailable = line.StartsWith("MemAvailable:", StringComparison.Ordinal);
                if (!isTotal && !isAvailable)
                {
                    continue;
                }

                string[] parts = line.Substring(line.IndexOf(':') + 1)
                    .Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 0 && TryParseKilobytes(parts[0], out double kilobytes) && kilobytes >= 0)
                {
                    if (isTotal)
                    {
                        total = kilobytes * BytesPerMeminfoKilobyte;
                    }
                    else
                    {
                        available = kilobytes * BytesPerMeminfoKilobyte;
                    }
                }
            }

            if (total.HasValue && available.HasValue && total.Value > available.Value)
            {
                _memoryTotalBytes = total.Value - available.Value;
            }
            else if (total.HasValue && total.Value > 0)
            {
                _memoryTotalBytes = total;
            }

            return _memoryTotalBytes;
        }

        private static bool TryParseKilobytes(string text, out double kilobytes) =>
            double.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out kilobytes);
    }
}
