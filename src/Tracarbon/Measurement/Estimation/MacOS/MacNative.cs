using System;
using System.Runtime.InteropServices;

namespace Tracarbon.Measurement.Estimation.MacOS
{
    /// <summary>
    /// The Mach and BSD calls the estimator makes on macOS, and nothing else; none needs root. Every figure
    /// they return is checked and converted by the pure functions beside the callers.
    /// </summary>
    internal static class MacNative
    {
        // libSystem re-exports libsystem_kernel's Mach calls and libc's sysctl. Since macOS 11 the file lives
        // in the dyld shared cache only, where dlopen still finds it by this path.
        private const string LibSystem = "/usr/lib/libSystem.dylib";

        internal const int KernSuccess = 0;

        // host_flavor_t values of <mach/host_info.h>.
        internal const int HostCpuLoadInfo = 3;
        internal const int HostVmInfo64 = 4;

        // Counts are in integer_t (4-byte) units: cpu_ticks[CPU_STATE_MAX] and sizeof(vm_statistics64) / 4.
        internal const uint CpuLoadInfoCount = 4;
        internal const uint VmInfo64Count = 38;

        // mach_host_self adds a send right to the host port on every call, so the port is asked for once
        // and kept; 0 is MACH_PORT_NULL, never a valid port.
        private static uint _host;

        /// <summary>The host port that host_statistics reads, asked for on first use.</summary>
        internal static uint Host
        {
            get
            {
                uint host = _host;
                if (host == 0)
                {
                    host = MachHostSelf();
                    _host = host;
                }

                return host;
            }
        }

        [DllImport(LibSystem, EntryPoint = "mach_host_self")]
        private static extern uint MachHostSelf();

        [DllImport(LibSystem, EntryPoint = "host_statistics")]
        internal static extern int HostStatistics(uint host, int flavor, out MachCpuLoad info, ref uint count);

        [DllImport(LibSystem, EntryPoint = "host_statistics64")]
        internal static extern int HostStatistics64(uint host, int flavor, out VmStatistics64 info, ref uint count);

        // Answers the kernel's page size (16 KiB on Apple silicon), the unit of the vm_statistics64 counts,
        // even in a process translated by Rosetta whose own pages are 4 KiB.
        [DllImport(LibSystem, EntryPoint = "host_page_size")]
        internal static extern int HostPageSize(uint host, out UIntPtr pageSize);

        [DllImport(LibSystem, EntryPoint = "sysctlbyname")]
        internal static extern int SysctlByName(
            [MarshalAs(UnmanagedType.LPStr)] string name, byte[]? value, ref UIntPtr length, IntPtr newValue,
            UIntPtr newLength);

        [DllImport(LibSystem, EntryPoint = "sysctlbyname")]
        internal static extern int SysctlByName(
            [MarshalAs(UnmanagedType.LPStr)] string name, out int value, ref UIntPtr length, IntPtr newValue,
            UIntPtr newLength);

        /// <summary>The exceptions that mean the library or function is not there: not macOS.</summary>
        internal static bool IsMissingEntry(Exception e) =>
            e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException;
    }
}
