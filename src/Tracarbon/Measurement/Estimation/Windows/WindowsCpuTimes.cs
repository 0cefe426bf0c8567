using System;
using System.Runtime.InteropServices;

namespace Tracarbon.Measurement.Estimation.Windows
{
    /// <summary>A Windows FILETIME as the system writes it: a 64-bit count of 100 ns units in two halves.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct FileTime
    {
        public uint Low;
        public uint High;

        public FileTime(uint low, uint high)
        {
            Low = low;
            High = high;
        }

        /// <summary>The count of 100 ns units.</summary>
        public ulong Value => ((ulong)High << 32) | Low;
    }

    /// <summary>Turns the three FILETIMEs of <c>GetSystemTimes</c> into busy and total CPU time.</summary>
    internal static class SystemTimes
    {
        /// <summary>
        /// Kernel time includes the idle time (the idle thread runs in kernel mode), so busy is
        /// kernel + user - idle and the total is kernel + user, all in 100 ns units over every CPU.
        /// False when idle exceeds kernel time, which the system never reports.
        /// </summary>
        public static bool TryToCpuTimes(FileTime idle, FileTime kernel, FileTime user, out CpuTimes times)
        {
            times = default;
            ulong idleUnits = idle.Value;
            ulong kernelUnits = kernel.Value;
            ulong userUnits = user.Value;
            if (idleUnits > kernelUnits)
            {
                return false;
            }

            // 2^64 units of 100 ns are 58,000 years of CPU time: kernel + user cannot overflow.
            ulong total = kernelUnits + userUnits;
            times = new CpuTimes(total - idleUnits, total);
            return true;
        }
    }

    /// <summary>CPU time from <c>GetSystemTimes</c>, which needs no privilege. Allocates nothing per read.</summary>
    internal sealed class WindowsCpuTimesSource : ICpuTimesSource
    {
        public const string CallName = "GetSystemTimes";

        public string Name => CallName;

        public string Fix =>
            "GetSystemTimes is part of kernel32.dll on every Windows version and needs no privilege; a process "
            + "that cannot call it is confined by its host (a sandbox or a compatibility layer), and the "
            + "estimator has nothing to work from there. Name a measured probe instead where one exists.";

        public CpuTimes Read()
        {
            bool called;
            FileTime idle, kernel, user;
            try
            {
                called = WindowsNative.GetSystemTimes(out idle, out kernel, out user);
            }
            catch (Exception e) when (WindowsNative.IsMissingEntry(e))
            {
                throw Failure($"{CallName} could not be called: {e.Message}", e);
            }

            if (!called)
            {
                throw Failure($"{CallName} failed with Windows error {Marshal.GetLastWin32Error()}.", null);
            }

            if (!SystemTimes.TryToCpuTimes(idle, kernel, user, out CpuTimes times))
            {
                throw Failure(
                    $"{CallName} reported more idle time ({idle.Value}) than kernel time ({kernel.Value}), "
                    + "which includes it.",
                    null);
            }

            return times;
        }

        private static ProbeReadException Failure(string message, Exception? inner) =>
            new ProbeReadException(EstimatorProbe.ProbeName, Component.Cpu, CallName, message, inner);
    }
}
