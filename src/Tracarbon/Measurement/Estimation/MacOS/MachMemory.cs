using System;
using System.Runtime.InteropServices;

namespace Tracarbon.Measurement.Estimation.MacOS
{
    /// <summary>
    /// vm_statistics64 of <c>&lt;mach/vm_statistics.h&gt;</c>, field for field (152 bytes, 8-byte aligned). The
    /// *Count fields are numbers of kernel pages.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct VmStatistics64
    {
        public uint FreeCount;
        public uint ActiveCount;
        public uint InactiveCount;
        public uint WireCount;
        public ulong ZeroFillCount;
        public ulong Reactivations;
        public ulong Pageins;
        public ulong Pageouts;
        public ulong Faults;
        public ulong CowFaults;
        public ulong Lookups;
        public ulong Hits;
        public ulong Purges;
        public uint PurgeableCount;
        public uint SpeculativeCount;
        public ulong Decompressions;
        public ulong Compressions;
        public ulong Swapins;
        public ulong Swapouts;
        public uint CompressorPageCount;
        public uint ThrottledCount;
        public uint ExternalPageCount;
        public uint InternalPageCount;
        public ulong TotalUncompressedPagesInCompressor;
    }

    internal static class MachMemory
    {
        /// <summary>
        /// Bytes in use: active + wired + compressor pages, times the kernel page size in bytes. Inactive and
        /// speculative pages are cache the system reclaims at once, and the compressor's own pages are the
        /// physical memory that compressed data occupies. Null for a page size of 0, which no kernel has.
        /// </summary>
        public static ulong? InUseBytes(uint activePages, uint wiredPages, uint compressorPages, ulong pageBytes)
        {
            if (pageBytes == 0)
            {
                return null;
            }

            // At most 3 x 2^32 pages of 2^16 bytes: far below 2^64.
            ulong pages = (ulong)activePages + wiredPages + compressorPages;
            return pages * pageBytes;
        }
    }

    /// <summary>Memory in use from <c>host_statistics64(HOST_VM_INFO64)</c>, which needs no root.</summary>
    internal sealed class MacMemoryInUse : IMemoryInUseSource
    {
        public const string CallName = "host_statistics64 HOST_VM_INFO64";

        // The kernel's page size cannot change while it runs; 0 until first read.
        private ulong _pageBytes;

        public string Name => CallName;

        public string Figure => "(active + wired + compressor) pages x host_page_size of " + CallName;

        public ulong ReadBytes()
        {
            int result;
            VmStatistics64 stats;
            uint count = MacNative.VmInfo64Count;
            try
            {
                if (_pageBytes == 0)
                {
                    _pageBytes = ReadPageBytes();
                }

                result = MacNative.HostStatistics64(MacNative.Host, MacNative.HostVmInfo64, out stats, ref count);
            }
            catch (Exception e) when (MacNative.IsMissingEntry(e))
            {
                throw Failure($"{CallName} could not be called: {e.Message}", e);
            }

            // A count below the full structure means an older layout without the compressor's pages.
            if (result != MacNative.KernSuccess || count < MacNative.VmInfo64Count)
            {
                throw Failure($"{CallName} failed with kern_return_t {result} ({count} of 38 words).", null);
            }

            ulong? bytes = MachMemory.InUseBytes(
                stats.ActiveCount, stats.WireCount, stats.CompressorPageCount, _pageBytes);
            return bytes ?? throw Failure("host_page_size reported a page size of 0 bytes.", null);
        }

        private static ulong ReadPageBytes()
        {
            int result = MacNative.HostPageSize(MacNative.Host, out UIntPtr pageBytes);
            if (result != MacNative.KernSuccess)
            {
                throw Failure($"host_page_size failed with kern_return_t {result}.", null);
            }

            return pageBytes.ToUInt64();
        }

        private static ProbeReadException Failure(string message, Exception? inner) =>
            new ProbeReadException(EstimatorProbe.ProbeName, Component.Memory, CallName, message, inner);
    }
}
