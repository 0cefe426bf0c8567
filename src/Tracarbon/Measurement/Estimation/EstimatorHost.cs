using System;
using System.Runtime.InteropServices;
using Tracarbon.Measurement.Estimation.MacOS;
using Tracarbon.Measurement.Estimation.Windows;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>The operating systems the estimator tells apart.</summary>
    internal enum HostOs
    {
        Linux,
        Windows,
        MacOS,

        /// <summary>Any other system (FreeBSD, illumos): only a Linux-style proc tree can serve there.</summary>
        Other,
    }

    /// <summary>
    /// Where the estimator reads on one machine: its CPU time and memory sources and its processor
    /// description, picked by operating system.
    /// </summary>
    internal sealed class EstimatorHost
    {
        private const string WhatEachSystemNeeds =
            "The estimator reads /proc/stat on Linux, GetSystemTimes on Windows and host_statistics on macOS. ";

        private readonly Func<CpuInfo> _readCpuInfo;

        internal EstimatorHost(
            HostOs os, HostOs sources, ICpuTimesSource cpuTimes, IMemoryInUseSource memory, Func<CpuInfo> readCpuInfo)
        {
            Os = os;
            Sources = sources;
            CpuTimes = cpuTimes ?? throw new ArgumentNullException(nameof(cpuTimes));
            Memory = memory ?? throw new ArgumentNullException(nameof(memory));
            _readCpuInfo = readCpuInfo ?? throw new ArgumentNullException(nameof(readCpuInfo));
        }

        /// <summary>The system the process runs on.</summary>
        public HostOs Os { get; }

        /// <summary>The system whose sources are read: <see cref="HostOs.Linux"/> for any proc tree.</summary>
        public HostOs Sources { get; }

        /// <summary>True when the sources are files of a proc tree, beside which cgroup limits apply.</summary>
        public bool ReadsProc => Sources == HostOs.Linux;

        public ICpuTimesSource CpuTimes { get; }

        /// <summary>Memory in use on the whole machine; a memory-limited cgroup replaces it on Linux.</summary>
        public IMemoryInUseSource Memory { get; }

        /// <summary>The processor's model, vendor and logical CPUs; never throws (unknowns stay empty).</summary>
        public CpuInfo ReadCpuInfo() => _readCpuInfo();

        /// <summary>What to do when <see cref="CpuTimes"/> cannot be read.</summary>
        public string Fix => Os == HostOs.Other ? WhatEachSystemNeeds + CpuTimes.Fix : CpuTimes.Fix;

        public static HostOs CurrentOs()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return HostOs.Linux;
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return HostOs.Windows;
            }

            return RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? HostOs.MacOS : HostOs.Other;
        }

        /// <summary>
        /// Windows and macOS read their own system calls. A proc root other than the default is a request to
        /// read that tree on any system (a fixture in tests, a Linux-style procfs mounted elsewhere), and Linux
        /// and unknown systems read the proc tree, where a missing one makes the estimator unavailable.
        /// </summary>
        public static HostOs ChooseSources(HostOs os, string procRoot)
        {
            bool defaultRoot = string.Equals(procRoot, EstimatorOptions.DefaultProcRoot, StringComparison.Ordinal);
            return defaultRoot && (os == HostOs.Windows || os == HostOs.MacOS) ? os : HostOs.Linux;
        }

        public static EstimatorHost ForThisMachine(EstimatorOptions options) => For(CurrentOs(), options);

        /// <summary>Builds the sources for <paramref name="os"/>; reads nothing, so it never fails.</summary>
        public static EstimatorHost For(HostOs os, EstimatorOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            HostOs sources = ChooseSources(os, options.ProcRoot);
            switch (sources)
            {
                case HostOs.Windows:
                    return new EstimatorHost(
                        os, sources, new WindowsCpuTimesSource(), new WindowsMemoryInUse(), WindowsCpuInfo.Read);
                case HostOs.MacOS:
                    return new EstimatorHost(
                        os, sources, new MacCpuTimesSource(), new MacMemoryInUse(), MacCpuInfo.Read);
                default:
                    string procRoot = options.ProcRoot;
                    return new EstimatorHost(
                        os,
                        sources,
                        new ProcStatReader(procRoot),
                        MemoryInUseReader.ForMeminfo(procRoot),
                        () => CpuInfo.Read(procRoot));
            }
        }
    }
}
