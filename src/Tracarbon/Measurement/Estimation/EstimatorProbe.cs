using System;
using System.Collections.Generic;
using System.Globalization;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>
    /// Estimates CPU and memory power where no meter exists (virtual machines, containers, RAPL readable by
    /// root only): CPU utilisation from <c>/proc/stat</c>, or from the cgroup's own counter inside a CPU-limited
    /// container, through a linear power model; memory from the bytes in use.
    /// </summary>
    /// <remarks>
    /// <see cref="Start"/> and <see cref="Sample"/> throw only <see cref="ProbeReadException"/>, when a file
    /// vanished or held text the kernel never writes; the readings then hold what could be read, and the
    /// failed component is missing for the interval.
    /// </remarks>
    public sealed class EstimatorProbe : Probe
    {
        public const string ProbeName = "Estimator";

        /// <summary>CodeCarbon's 3 W per 8 GB of memory in use, a gigabyte being 10^9 bytes.</summary>
        public const double MemoryWattsPerGigabyte = 3.0 / 8.0;

        private const double BytesPerGigabyte = 1e9;

        private static readonly IReadOnlyList<Component> EstimatedComponents =
            Array.AsReadOnly(new[] { Component.Cpu, Component.Memory });

        private readonly ProcStatReader _stat;
        private readonly CgroupCpuUsageReader? _cgroupCpu;
        private readonly MemoryInUseReader _memory;

        // The counters the next interval is measured from, and how long ago they were read: a failed read
        // keeps the baseline, so the next good read covers the failed interval too.
        private bool _hasBaseline;
        private CpuTimes _baselineTimes;
        private ulong _baselineUsage;
        private double _secondsSinceBaseline;

        private bool _hasUtilisation;
        private double _utilisation;

        public EstimatorProbe(EstimatorOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            CpuInfo = CpuInfo.Read(options.ProcRoot);
            CgroupLimits limits = CgroupLimits.Detect(options.CgroupRoot);
            int logicalCpus = CpuInfo.LogicalCpus;
            EffectiveCpus = limits.CpuLimit.HasValue ? Math.Min(logicalCpus, limits.CpuLimit.Value) : logicalCpus;

            _stat = new ProcStatReader(options.ProcRoot);
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
                ModelMatch = CpuPowerTable.Shared.Lookup(modelName);
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

            string memoryFigure;
            if (limits.HasMemoryLimit)
            {
                _memory = MemoryInUseReader.ForCgroup(limits.MemoryUsagePath!);
                memoryFigure = $"usage of the memory-limited cgroup '{_memory.Path}'";
            }
            else
            {
                _memory = MemoryInUseReader.ForMeminfo(options.ProcRoot);
                memoryFigure = $"MemTotal - MemAvailable of '{_memory.Path}'";
            }

            string perGigabyte = MemoryWattsPerGigabyte.ToString("0.###", CultureInfo.InvariantCulture);
            CpuSource = "estimate: " + CpuPowerModel.Source;
            MemorySource = $"estimate: memory {perGigabyte} W/GB in use (CodeCarbon's 3 W per 8 GB), {memoryFigure}";
            Source = $"{CpuSource}; memory {perGigabyte} W/GB in use";
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

        /// <summary>The utilisation used for the last interval, in [0, 1]; null before the first.</summary>
        public double? Utilisation => _hasUtilisation ? _utilisation : (double?)null;

        /// <summary>The estimator needs <c>/proc/stat</c>, which only Linux has.</summary>
        public static EstimatorProbe ForThisMachine() => new EstimatorProbe(EstimatorOptions.Default);

        public override ProbeAvailability CheckAvailability()
        {
            try
            {
                _stat.Read();
                return ProbeAvailability.Yes;
            }
            catch (ProbeReadException e)
            {
                return ProbeAvailability.No(
                    "The estimator cannot read CPU time: " + e.Message,
                    "It needs the Linux /proc file system; on Windows and macOS no estimate exists yet. "
                    + "On Linux, make '" + _stat.Path + "' readable or point the estimator's proc root at it.");
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
                Rebase(_stat.Read());
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

            CpuTimes now = _stat.Read();
            if (!_hasBaseline)
            {
                Rebase(now);
                return Previous();
            }

            double? fresh = ProcStat.Utilisation(_baselineTimes, now);
            if (!fresh.HasValue)
            {
                // Both reads fell in the same jiffy (or a counter stepped back). The CPU drew power in this
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
