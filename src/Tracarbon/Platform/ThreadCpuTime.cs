using System;
using System.Runtime.InteropServices;

namespace Tracarbon.Platform
{
    /// <summary>
    /// The CPU time the calling thread has used, in seconds: how a session measures its own cost.
    /// Linux and macOS ask <c>clock_gettime</c> for the thread's CPU clock; Windows asks
    /// <c>GetThreadTimes</c>. Null where neither works, so a missing figure is never reported as 0.
    /// </summary>
    internal static class ThreadCpuTime
    {
        private const int LinuxThreadCpuClock = 3;   // CLOCK_THREAD_CPUTIME_ID on Linux.
        private const int MacThreadCpuClock = 16;    // CLOCK_THREAD_CPUTIME_ID on macOS.

        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        private static readonly int Clock =
            RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? MacThreadCpuClock : LinuxThreadCpuClock;

        private static bool _broken;

        public static double? Now()
        {
            if (_broken)
            {
                return null;
            }

            try
            {
                if (IsWindows)
                {
                    // Kernel and user times in 100 ns units.
                    return GetThreadTimes(GetCurrentThread(), out _, out _, out long kernel, out long user)
                        ? (kernel + user) / 1e7
                        : (double?)null;
                }

                return clock_gettime(Clock,
                    out TimeSpec spec) == 0 ? spec.Seconds + (spec.Nanoseconds / 1e9) : (double?)null;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                _broken = true;
                return null;
            }
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int clock_gettime(int clockId, out TimeSpec time);

        [DllImport("kernel32.dll")]
        private static extern IntPtr GetCurrentThread();

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern bool GetThreadTimes(
            IntPtr thread, out long creation, out long exit, out long kernel, out long user);
    }
}
