using System;
using System.IO;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>Reads a control group's CPU time counter into a reused buffer.</summary>
    internal sealed class CgroupCpuUsageReader
    {
        private const string V2Key = "usage_usec ";

        private readonly ReusableFileReader _file;
        private readonly bool _isV2;

        public CgroupCpuUsageReader(string path, CgroupVersion version)
        {
            _file = new ReusableFileReader(path, 512);
            _isV2 = version == CgroupVersion.V2;

            // v2 counts microseconds, v1 nanoseconds.
            UnitsPerSecond = _isV2 ? 1e6 : 1e9;
        }

        public string Path => _file.Path;

        public double UnitsPerSecond { get; }

        /// <summary>CPU time the group has used since it was created, in <see cref="UnitsPerSecond"/> units.</summary>
        /// <exception cref="ProbeReadException">The file is unreadable or holds no counter.</exception>
        public ulong Read()
        {
            Fill(_file, Component.Cpu);
            byte[] text = _file.Buffer;
            int position = 0;
            bool parsed = _isV2
                ? AsciiParse.TryReadKeyedValue(text, _file.Length, V2Key, out ulong value)
                : AsciiParse.TryReadUInt64(text, ref position, _file.Length, out value)
                    && AsciiParse.IsLineEnd(text, position, _file.Length);
            if (!parsed)
            {
                throw Failure(Component.Cpu, _file.Path, $"'{_file.Path}' holds no CPU usage counter.", null);
            }

            return value;
        }

        internal static void Fill(ReusableFileReader file, Component component)
        {
            try
            {
                file.Read();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Failure(component, file.Path, $"'{file.Path}' could not be read: {e.Message}", e);
            }
        }

        internal static ProbeReadException Failure(
            Component component, string path, string message, Exception? inner) =>
            new ProbeReadException(EstimatorProbe.ProbeName, component, path, message, inner);
    }

    /// <summary>
    /// Reads the bytes of memory in use: the group's own counter inside a memory-limited cgroup, otherwise
    /// MemTotal - MemAvailable from <c>meminfo</c>, whose figures are in kB of 1024 bytes.
    /// </summary>
    internal sealed class MemoryInUseReader : IMemoryInUseSource
    {
        private const ulong BytesPerMeminfoKilobyte = 1024;

        private readonly ReusableFileReader _file;
        private readonly bool _isMeminfo;

        private MemoryInUseReader(string path, bool isMeminfo)
        {
            _file = new ReusableFileReader(path, isMeminfo ? 4096 : 128);
            _isMeminfo = isMeminfo;
        }

        public string Path => _file.Path;

        public string Name => _file.Path;

        public string Figure => _isMeminfo
            ? $"MemTotal - MemAvailable of '{Path}'"
            : $"usage of the memory-limited cgroup '{Path}'";

        public static MemoryInUseReader ForMeminfo(string procRoot) =>
            new MemoryInUseReader(System.IO.Path.Combine(procRoot, "meminfo"), true);

        public static MemoryInUseReader ForCgroup(string usagePath) => new MemoryInUseReader(usagePath, false);

        /// <exception cref="ProbeReadException">The file is unreadable or holds no usable figure.</exception>
        public ulong ReadBytes()
        {
            CgroupCpuUsageReader.Fill(_file, Component.Memory);
            byte[] text = _file.Buffer;
            int length = _file.Length;
            if (!_isMeminfo)
            {
                int position = 0;
                if (AsciiParse.TryReadUInt64(text, ref position, length, out ulong bytes)
                    && AsciiParse.IsLineEnd(text, position, length))
                {
                    return bytes;
                }
            }
            else if (AsciiParse.TryReadKeyedValue(text, length, "MemTotal:", out ulong total)
                && AsciiParse.TryReadKeyedValue(text, length, "MemAvailable:", out ulong available)
                && available <= total)
            {
                return (total - available) * BytesPerMeminfoKilobyte;
            }

            throw CgroupCpuUsageReader.Failure(
                Component.Memory, _file.Path, $"'{_file.Path}' holds no usable memory figure.", null);
        }
    }
}
