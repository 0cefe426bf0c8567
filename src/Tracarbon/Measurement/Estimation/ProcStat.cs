using System;
using System.IO;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>
    /// Cumulative CPU time over all logical CPUs, busy and in all, in the unit of the source that read it
    /// (<see cref="ICpuTimesSource"/>): jiffies (USER_HZ ticks) for <c>/proc/stat</c>.
    /// </summary>
    internal readonly struct CpuTimes
    {
        public CpuTimes(ulong busy, ulong total)
        {
            Busy = busy;
            Total = total;
        }

        /// <summary>In <c>/proc/stat</c>: user + nice + system + irq + softirq + steal.</summary>
        public ulong Busy { get; }

        /// <summary>In <c>/proc/stat</c>: <see cref="Busy"/> + idle + iowait.</summary>
        public ulong Total { get; }
    }

    /// <summary>Parses the <c>cpu </c> line of <c>/proc/stat</c> and turns two readings into a utilisation.</summary>
    internal static class ProcStat
    {
        private const string AggregatePrefix = "cpu ";

        // user nice system idle iowait irq softirq steal guest guest_nice. Kernels before 2.6.11 print
        // fewer; user, nice, system and idle are always there, and an absent field counts as 0.
        private const int FieldCount = 10;
        private const int MinimumFields = 4;

        /// <summary>Reads the first line, which must be the aggregate <c>cpu </c> line. Allocates nothing.</summary>
        public static bool TryParse(byte[] text, int length, out CpuTimes times)
        {
            times = default;
            if (!AsciiParse.StartsWith(text, 0, length, AggregatePrefix))
            {
                return false;
            }

            int position = AggregatePrefix.Length;
            ulong user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
            int fields = 0;
            while (fields < FieldCount && !AsciiParse.IsLineEnd(text, position, length))
            {
                if (!AsciiParse.TryReadUInt64(text, ref position, length, out ulong value))
                {
                    return false;
                }

                switch (fields)
                {
                    case 0: user = value; break;
                    case 1: nice = value; break;
                    case 2: system = value; break;
                    case 3: idle = value; break;
                    case 4: iowait = value; break;
                    case 5: irq = value; break;
                    case 6: softirq = value; break;
                    case 7: steal = value; break;

                    // guest and guest_nice are already counted inside user and nice: adding them
                    // again would count virtual machine time twice.
                    default: break;
                }

                fields++;
            }

            if (fields < MinimumFields)
            {
                return false;
            }

            // Jiffies since boot stay far below 2^63 for centuries, so these sums cannot overflow.
            ulong busy = user + nice + system + irq + softirq + steal;
            times = new CpuTimes(busy, busy + idle + iowait);
            return true;
        }

        /// <summary>
        /// The share of the interval the CPUs were busy, in [0, 1]; null when the total did not advance
        /// (both reads in the same jiffy) or a counter went backwards, so no NaN or infinity can arise.
        /// </summary>
        public static double? Utilisation(CpuTimes before, CpuTimes after)
        {
            if (after.Total <= before.Total || after.Busy < before.Busy)
            {
                return null;
            }

            double busy = after.Busy - before.Busy;
            double total = after.Total - before.Total;

            // iowait may step back on some kernels, which can push busy past total by a jiffy or two.
            return Math.Min(1.0, busy / total);
        }
    }

    /// <summary>Reads <c>&lt;proc root&gt;/stat</c> into a reused buffer.</summary>
    internal sealed class ProcStatReader : ICpuTimesSource
    {
        private readonly ReusableFileReader _file;

        public ProcStatReader(string procRoot)
        {
            _file = new ReusableFileReader(System.IO.Path.Combine(procRoot, "stat"), 1024);
        }

        public string Path => _file.Path;

        public string Name => _file.Path;

        public string Fix =>
            "Make '" + Path + "' readable, or point the estimator's proc root (" + ProbeSettings.ProcRootVariable
            + ") at a Linux-style proc tree that has it.";

        /// <exception cref="ProbeReadException">The file is unreadable or holds no aggregate cpu line.</exception>
        public CpuTimes Read()
        {
            try
            {
                _file.Read(firstLineOnly: true);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Failure($"'{Path}' could not be read: {e.Message}", e);
            }

            if (!ProcStat.TryParse(_file.Buffer, _file.Length, out CpuTimes times))
            {
                throw Failure($"'{Path}' does not start with an aggregate 'cpu' line of jiffy counters.", null);
            }

            return times;
        }

        private ProbeReadException Failure(string message, Exception? inner) =>
            new ProbeReadException(EstimatorProbe.ProbeName, Component.Cpu, Path, message, inner);
    }
}
