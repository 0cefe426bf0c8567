using System;
using System.Runtime.InteropServices;

namespace Tracarbon.Measurement.Estimation.Windows
{
    /// <summary>
    /// The Win32 calls the estimator makes, and nothing else: every figure they return is checked and
    /// converted by the pure functions beside the callers, which the tests exercise on any OS.
    /// </summary>
    internal static class WindowsNative
    {
        // HKEY_LOCAL_MACHINE is the 32-bit value 0x80000002, sign-extended on 64-bit Windows.
        internal static readonly IntPtr LocalMachine = new IntPtr(unchecked((int)0x80000002));

        // RRF_RT_REG_SZ: accept a REG_SZ value only, which RegGetValueW then null-terminates.
        internal const uint OnlyString = 0x00000002;

        internal const int Success = 0;

        internal const int MoreData = 234;

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        internal static extern bool GetSystemTimes(out FileTime idle, out FileTime kernel, out FileTime user);

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        internal static extern bool GlobalMemoryStatusEx(ref MemoryStatusEx status);

        // The data comes back as UTF-16 bytes; a byte array is pinned and written in place on every runtime.
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
        internal static extern int RegGetValueW(
            IntPtr key, string subKey, string valueName, uint flags, IntPtr type, byte[]? data, ref uint dataBytes);

        /// <summary>The exceptions that mean the library or function is not there: not Windows, or a stub.</summary>
        internal static bool IsMissingEntry(Exception e) =>
            e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException;
    }
}
