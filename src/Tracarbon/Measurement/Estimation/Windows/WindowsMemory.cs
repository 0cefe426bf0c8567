using System;
using System.Runtime.InteropServices;

namespace Tracarbon.Measurement.Estimation.Windows
{
    /// <summary>MEMORYSTATUSEX: the system's memory figures in bytes (the load in percent).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MemoryStatusEx
    {
        private static readonly uint Size = (uint)Marshal.SizeOf<MemoryStatusEx>();

        public uint Length;
        public uint MemoryLoad;
        public ulong TotalPhys;
        public ulong AvailPhys;
        public ulong TotalPageFile;
        public ulong AvailPageFile;
        public ulong TotalVirtual;
        public ulong AvailVirtual;
        public ulong AvailExtendedVirtual;

        /// <summary>A structure whose length field is set, as GlobalMemoryStatusEx demands.</summary>
        public static MemoryStatusEx Empty() => new MemoryStatusEx { Length = Size };
    }

    internal static class MemoryStatus
    {
        /// <summary>
        /// Physical memory in use in bytes: total less available, where available counts the standby
        /// (file cache) and free lists, which can be handed out at once. Null when available exceeds total.
        /// </summary>
        public static ulong? InUseBytes(ulong totalPhys, ulong availPhys) =>
            availPhys <= totalPhys ? totalPhys - availPhys : (ulong?)null;
    }

    /// <summary>Memory in use from <c>GlobalMemoryStatusEx</c>, which needs no privilege.</summary>
    internal sealed class WindowsMemoryInUse : IMemoryInUseSource
    {
        public const string CallName = "GlobalMemoryStatusEx";

        public string Name => CallName;

        public string Figure => "ullTotalPhys - ullAvailPhys of " + CallName;

        public ulong ReadBytes()
        {
            MemoryStatusEx status = MemoryStatusEx.Empty();
            bool called;
            try
            {
                called = WindowsNative.GlobalMemoryStatusEx(ref status);
            }
            catch (Exception e) when (WindowsNative.IsMissingEntry(e))
            {
                throw Failure($"{CallName} could not be called: {e.Message}", e);
            }

            if (!called)
            {
                throw Failure($"{CallName} failed with Windows error {Marshal.GetLastWin32Error()}.", null);
            }

            ulong? inUse = MemoryStatus.InUseBytes(status.TotalPhys, status.AvailPhys);
            if (!inUse.HasValue)
            {
                throw Failure(
                    $"{CallName} reported more available ({status.AvailPhys} B) than total memory "
                    + $"({status.TotalPhys} B).",
                    null);
            }

            return inUse.Value;
        }

        private static ProbeReadException Failure(string message, Exception? inner) =>
            new ProbeReadException(EstimatorProbe.ProbeName, Component.Memory, CallName, message, inner);
    }
}
