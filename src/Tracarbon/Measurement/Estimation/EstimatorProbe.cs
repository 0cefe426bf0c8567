using System;
using System.Collections.Generic;
using System.Globalization;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>
    /// Estimates CPU and memory power where no meter exists (virtual machines, containers, RAPL readable by
    /// root only, Windows and macOS without root): CPU utilisation through a linear power model, and memory
    /// from the bytes in use. Utilisation comes from <c>/proc/stat</c> (or the cgroup's own counter inside a
    /// CPU-limited container) on Linux, <c>GetSystemTimes</c> on Windows and <c>host_statistics</c> on macOS.
    /// </summary>
    /// <remarks>
    /// <see cref="Start"/> and <see cref="Sample"/> throw only <see cref="ProbeReadException"/>, when a file
    /// vanished, a system call failed or either gave figures the system never writes; the readings then hold
    /// what could be read, and the failed component is missing for the interval.
    /// </remarks>
    public sealed class EstimatorProbe : Probe
    {
        public const string ProbeName = "Estimator";

        /// <summary>CodeCarbon's 3 W per 8 GB of memory in use, a gigabyte being 10^9 bytes.</summary>
        public const double MemoryWattsPerGigabyte = 3.0 / 8.0;

        private const double BytesPerGigabyte = 1e9;

        private static readonly IReadOnlyList<Component> EstimatedComponents =
            Array.AsReadOnly(new[] { Component.Cpu, Component.Memory });

        private readonly EstimatorHost _host;
        private readonly ICpuTimesSource _cpuTimes;
        private readonly CgroupCpuUsageReader? _cgroupCpu;
        private readonly IMemoryInUseSource _memory;

        // The counters the next interval is measured from, and how long ago they were read: a failed read
        // keeps the baseline, so the next good read covers the failed interval too.
        private bool _hasBaseline;
        private CpuTimes _baselineTimes;
        private ulong _baselineUsage;
        private double _secondsSinceBaseline;

        private bool _hasUtilisation;
        private double _utilisation;

        /// <summary>Reads the sources of the system the process runs on (see <see cref="EstimatorHost"/>).</summary>
        public EstimatorProbe(EstimatorOptions options)
            : this(options, EstimatorHost.ForThisMachine(options))
        {
        }

        internal EstimatorProbe(EstimatorOptions options, EstimatorHost host)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            _host = host ?? throw new ArgumentNullException(nameof(host));
            _cpuTimes = host.CpuTimes;
            CpuInfo = host.ReadCpuInfo();
            CgroupLimits limits = host.ReadsProc ? CgroupLimits.Detect(options.CgroupRoot) : CgroupLimits.None;
            int logicalCpus = CpuInfo.LogicalCpus;
            EffectiveCpus = limits.CpuLimit.HasValue ? Math.Min(logicalCpus, limits.CpuLimit.Value) : logicalCpus;

            if (limits.HasCpuLimit)
            {
                _cgroupCpu = new CgroupCpuUsageReader(limits.CpuUsagePath!, limits.Version);
            }

            if (options.CpuPowerModel != null)
            {
                CpuPowerModel = options.CpuPowerModel;
            }
            else
            {
                string modelName = options.CpuModelName ?? CpuInfo.ModelName;
                ModelMatch = AppleSilicon.Restrict(CpuPowerTable.Shared.Lookup(modelName));
                CcfCoefficients ccf = CcfCoefficients.Shared;
                CpuPowerModel = ModelMatch.Kind == CpuModelMatchKind.Matched
                    ? CpuPowerModels.FromTdp(
                        ModelMatch, ModelMatch.Row!, ccf.IdleFraction, EffectiveCpus, logicalCpus, limits.CpuLimitText)
                    : CpuPowerModels.FromCcf(
                        CpuPowerModels.WhyNotTdp(ModelMatch),
                        ccf.MeanOf(CcfCoefficients.Classify(CpuInfo.Vendor, modelName)),
                        EffectiveCpus,
                        logicalCpus,
                        limits.CpuLimitText);
            }

            _memory = limits.HasMemoryLimit ? MemoryInUseReader.ForCgroup(limits.MemoryUsagePath!) : host.Memory;
            UtilisationSource = _cgroupCpu?.Path ?? _cpuTimes.Name;

            // The texts of the proc tree predate the other systems and stay as they were: the files are
            // named in MemorySource and in failures. Elsewhere the system calls are named in the source.
            string perGigabyte = MemoryWattsPerGigabyte.ToString("0.###", CultureInfo.InvariantCulture);
            string utilisationFrom = host.ReadsProc ? string.Empty : "; utilisation from " + _cpuTimes.Name;
            string memoryFrom = host.ReadsProc ? string.Empty : " from " + _memory.Name;
            CpuSource = "estimate: " + CpuPowerModel.Source + utilisationFrom;
            MemorySource =
                $"estimate: memory {perGigabyte} W/GB in use (CodeCarbon's 3 W per 8 GB), {_memory.Figure}";
            Source = $"{CpuSource}; memory {perGigabyte} W/GB in use{memoryFrom}";
        }

        public override string Name => ProbeName;

        public override ProbeKind Kind => ProbeKind.Estimated;

        public override IReadOnlyList<Component> Components => EstimatedComponents;

        public override string Source { get; }

        public string CpuSource { get; }

        public string MemorySource { get; }

        public CpuInfo CpuInfo { get; }

        /// <summary>The TDP table lookup; null when the options gave a CPU power model.</summary>
        public CpuModelMatch? ModelMatch { get; }

        public LinearPowerModel CpuPowerModel { get; }

        /// <summary>The CPUs the process may use: the logical CPUs, or fewer under a cgroup quota.</summary>
        public double EffectiveCpus { get; }

        /// <summary>True when utilisation comes from the cgroup's own CPU counter rather than /proc/stat.</summary>
        public bool UsesCgroupCpuUsage => _cgroupCpu != null;

        /// <summary>The file or system call utilisation is read from, such as <c>GetSystemTimes</c>.</summary>
        public string UtilisationSource { get; }

        /// <summary>The utilisation used for the last interval, in [0, 1]; null before the first.</summary>
        public double? Utilisation => _hasUtilisation ? _utilisation : (double?)null;

        public static EstimatorProbe ForThisMachine() => new EstimatorProbe(EstimatorOptions.Default);

        /// <summary>Available when the machine's CPU time source answers; never throws.</summary>
        public override ProbeAvailability CheckAvailability()
        {
            try
            {
                _cpuTimes.Read();
                return ProbeAvailability.Yes;
            }
            catch (ProbeReadException e)
            {
                return ProbeAvailability.No("The estimator cannot read CPU time: " + e.Message, _host.Fix);
            }
        }

        public override void Start()
        {
            _hasBaseline = false;
            _hasUtilisation = false;
            _secondsSinceBaseline = 0;
            if (_cgroupCpu != null)
            {
                Rebase(_cgroupCpu.Read());
            }
            else
            {
                Rebase(_cpuTimes.Read());
            }
        }

        public override void Sample(double intervalSeconds, ProbeReadings readings)
        {
            if (readings == null)
            {
                throw new ArgumentNullException(nameof(readings));
            }

            ProbeReadException? cpuFailure = null;
            double? utilisation = null;
            try
            {
                utilisation = NextUtilisation(intervalSeconds);
            }
            catch (ProbeReadException e)
            {
                cpuFailure = e;
            }

            if (utilisation.HasValue)
            {
                readings.SetPower(Component.Cpu, CpuPowerModel.WattsAt(utilisation.Value), CpuSource);
            }
            else
            {
                readings.SetMissing(Component.Cpu);
            }

            ProbeReadException? memoryFailure = null;
            try
            {
                double gigabytes = _memory.ReadBytes() / BytesPerGigabyte;
                readings.SetPower(Component.Memory, gigabytes * MemoryWattsPerGigabyte, MemorySource);
            }
            catch (ProbeReadException e)
            {
                memoryFailure = e;
                readings.SetMissing(Component.Memory);
            }

            if (cpuFailure != null && memoryFailure != null)
            {
                string both = cpuFailure.Message + " " + memoryFailure.Message;
                throw new ProbeReadException(ProbeName, Component.Cpu, cpuFailure.Path, both, cpuFailure);
            }

            if (cpuFailure != null || memoryFailure != null)
            {
                throw (cpuFailure ?? memoryFailure)!;
            }
        }

        /// <summary>The utilisation of the interval that ended now; null when none is known.</summary>
        private double? NextUtilisation(double intervalSeconds)
        {
            if (!(intervalSeconds > 0) || double.IsInfinity(intervalSeconds))
            {
                return Previous();
            }

            _secondsSinceBaseline += intervalSeconds;
            if (_cgroupCpu != null)
            {
                ulong usage = _cgroupCpu.Read();
                if (!_hasBaseline || usage < _baselineUsage)
                {
                    // No baseline yet, or the group was recreated and its counter restarted.
                    Rebase(usage);
                    return Previous();
                }

                // CPU-seconds used over CPU-seconds available to the group.
                double used = (usage - _baselineUsage) / _cgroupCpu.UnitsPerSecond;
                double share = used / (_secondsSinceBaseline * EffectiveCpus);
                Rebase(usage);
                return Remember(Math.Min(1.0, share));
            }

            CpuTimes now = _cpuTimes.Read();
            if (!_hasBaseline)
            {
                Rebase(now);
                return Previous();
            }

            double? fresh = ProcStat.Utilisation(_baselineTimes, now);
            if (!fresh.HasValue)
            {
                // Both reads fell in the same tick (or a counter stepped back). The CPU drew power in this
                // interval too, so the last known utilisation stands for it; with none, the CPU stays missing.
                if (now.Total < _baselineTimes.Total || now.Busy < _baselineTimes.Busy)
                {
                    Rebase(now);
                }

                return Previous();
            }

            Rebase(now);
            return Remember(fresh.Value);
        }

        private double? Previous() => _hasUtilisation ? _utilisation : (double?)null;

        private double? Remember(double utilisation)
        {
            _utilisation = utilisation;
            _hasUtilisation = true;
            return utilisation;
        }

        private void Rebase(CpuTimes times)
        {
            _baselineTimes = times;
            _secondsSinceBaseline = 0;
            _hasBaseline = true;
        }

        private void Rebase(ulong usage)
        {
            _baselineUsage = usage;
            _secondsSinceBaseline = 0;
            _hasBaseline = true;
        }
    }
}
