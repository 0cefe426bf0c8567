using System;
using System.Collections.Generic;
using Tracarbon.Attribution.Kubernetes;
using Tracarbon.Tracking;

namespace Tracarbon.Attribution
{
    /// <summary>
    /// Splits the host's energy between workloads, interval by interval: CPU energy by each workload's share
    /// of the machine's busy CPU time, memory energy by its share of the machine's memory, and what no tracked
    /// workload used to an unattributed row, so the rows always add up to the host. Feed it from the
    /// session's <c>Sampled</c> event, on the sampling thread; read <see cref="Totals"/> from any thread.
    /// </summary>
    public sealed class WorkloadAttribution : IDisposable
    {
        internal const string OverlapWarning =
            "The tracked workloads' shares added up to more than the machine's total (overlapping workloads, or "
            + "counters read at slightly different moments); they were scaled down to add up to it.";

        private readonly object _gate = new object();
        private readonly AttributionOptions _options;
        private readonly MachineCounters _machine;
        private readonly List<IWorkloadSource> _sources = new List<IWorkloadSource>();
        private readonly WarningLog _warnings = new WarningLog();
        private readonly AttributionTotals _totals = new AttributionTotals();
        private KubernetesWorkloads? _kubernetes;
        private bool _started;
        private bool _disposed;

        public WorkloadAttribution(AttributionOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            options.Validate();
            _machine = new MachineCounters(options.ProcRoot, options.ClockTicksPerSecond);
        }

        /// <summary>The Kubernetes API server in use (scheme, host and port), or null.</summary>
        public Uri? KubernetesServer => _kubernetes?.Server;

        /// <summary>True when pods' shares come from the Metrics API rather than from control groups.</summary>
        public bool UsesMetricsApi => _kubernetes?.UsesMetricsApi ?? false;

        /// <summary>
        /// Connects to Kubernetes when asked (its first answers are awaited, so a refused token or an
        /// unreachable server fails here) and takes every counter's starting point.
        /// </summary>
        /// <exception cref="KubernetesException">
        /// No configuration, or the API server refused or did not answer.
        /// </exception>
        public void Start()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(WorkloadAttribution));
                }

                if (!_started)
                {
                    StartCore(tolerateKubernetes: false);
                }
            }
        }

        public AttributionResult Attribute(Sample sample) => Attribute(AttributionInput.FromSample(sample));

        /// <summary>Splits one interval's host energy; call once per interval, in order.</summary>
        public AttributionResult Attribute(AttributionInput input)
        {
            if (input == null)
            {
                throw new ArgumentNullException(nameof(input));
            }

            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(WorkloadAttribution));
                }

                if (!_started)
                {
                    // Started by the first interval: a Kubernetes failure must not be retried on every tick.
                    StartCore(tolerateKubernetes: true);
                    return AllUnattributed(input, AttributionStatus.Baseline, null);
                }

                _kubernetes?.RefreshIfDue();
                double? busy = null;
                if (_sources.Exists(s => s.UsesMachineCounters))
                {
                    switch (_machine.ReadBusy(out double busySeconds, out string? problem))
                    {
                        case MachineCpuOutcome.SameJiffy:
                            // The workloads are not read either, so what they used carries to the next interval.
                            return AllUnattributed(input, AttributionStatus.Skipped, null);
                        case MachineCpuOutcome.Read:
                            busy = busySeconds;
                            break;
                        case MachineCpuOutcome.Unreadable:
                            _warnings.Add(problem + " The CPU energy stays unattributed.");
                            break;
                    }
                }

                var readings = new List<WorkloadReading>();
                foreach (IWorkloadSource source in _sources)
                {
                    source.Read(input.IntervalSeconds, readings, _warnings);
                }

                return Split(input, busy, readings);
            }
        }

        /// <summary>Each workload's energy since the start, then the unattributed row.</summary>
        public IReadOnlyList<WorkloadEnergy> Totals()
        {
            lock (_gate)
            {
                return _totals.Rows();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _kubernetes?.Dispose();
            }
        }

        private void StartCore(bool tolerateKubernetes)
        {
            AttributionOptions o = _options;
            CgroupLayout? layout = CgroupLayout.Detect(o.CgroupRoot);
            if (o.Kubernetes != null)
            {
                try
                {
                    _kubernetes = KubernetesWorkloads.Connect(o.Kubernetes, o.Clock, layout, _warnings);
                }
                catch (KubernetesException e) when (tolerateKubernetes)
                {
                    _warnings.Add(e.Message + " Containers are tracked without their pods' names.");
                }
            }

            if (o.ProcessIds.Count > 0)
            {
                _sources.Add(new ProcessWorkloadSource(
                    o.ProcRoot, o.ProcessIds, o.IncludeChildren, o.PageSizeBytes, o.ClockTicksPerSecond));
            }

            bool kubernetesGroups = o.Kubernetes != null && _kubernetes?.UsesMetricsApi != true;
            if (o.CgroupPaths.Count > 0 || o.DiscoverContainers || kubernetesGroups)
            {
                if (layout == null)
                {
                    _warnings.Add(
                        $"No control group hierarchy was found at '{o.CgroupRoot}'; no container is tracked.");
                }
                else
                {
                    _sources.Add(new CgroupWorkloadSource(
                        layout, o.CgroupPaths, o.DiscoverContainers || kubernetesGroups, _kubernetes));
                }
            }

            if (_kubernetes?.MetricsSource != null)
            {
                _sources.Add(_kubernetes.MetricsSource);
            }

            // The starting point of every counter; this first reading's figures are not used.
            if (_sources.Exists(s => s.UsesMachineCounters))
            {
                _machine.ReadBusy(out _, out string? problem);
                if (problem != null)
                {
                    _warnings.Add(problem + " The CPU energy stays unattributed.");
                }
            }

            foreach (IWorkloadSource source in _sources)
            {
                source.Read(0, new List<WorkloadReading>(), _warnings);
            }

            _started = true;
        }

        private AttributionResult Split(AttributionInput input, double? busy, List<WorkloadReading> readings)
        {
            double? memoryTotal = _options.MemoryTotalBytes ?? _machine.MemoryTotalBytes();
            int n = readings.Count;
            double[] cpuShares = new double[n];
            double[] memoryShares = new double[n];
            for (int i = 0; i < n; i++)
            {
                WorkloadReading r = readings[i];
                cpuShares[i] = Share(r.CpuSeconds, double.IsNaN(r.BusyCpuSeconds) ? busy : r.BusyCpuSeconds);
                memoryShares[i] = Share(
                    r.MemoryBytes, double.IsNaN(r.MemoryTotalBytes) ? memoryTotal : r.MemoryTotalBytes);
            }

            // Each workload's CPU time and the machine's are read a moment apart, in whole clock ticks, and
            // the machine's is sampled a tick at a time on each CPU while a task's is its exact run time
            // rounded: an excess of up to one tick a workload and one a CPU is that rounding, scaled away
            // without a warning.
            double rounding = n + Environment.ProcessorCount;
            double jiffies = busy is double b && b > 0 ? rounding / _options.ClockTicksPerSecond / b : 0;
            Normalise(cpuShares, jiffies);
            Normalise(memoryShares, 0);
            double hostCpu = input.CpuEnergyJoules ?? 0;
            double hostMemory = input.MemoryEnergyJoules ?? 0;
            double g = input.IntensityGramsPerKilowattHour;
            var rows = new List<WorkloadEnergy>(n);
            double cpuGiven = 0, memoryGiven = 0;
            for (int i = 0; i < n; i++)
            {
                var row = new WorkloadEnergy(readings[i].Identity)
                {
                    DurationSeconds = input.IntervalSeconds,
                    CpuSeconds = readings[i].CpuSeconds,
                    MemoryBytes = readings[i].MemoryBytes,
                    CpuShare = cpuShares[i],
                    MemoryShare = memoryShares[i],
                    CpuEnergyJoules = cpuShares[i] * hostCpu,
                    MemoryEnergyJoules = memoryShares[i] * hostMemory,
                };
                row.EmissionsGrams = Units.Grams(row.EnergyJoules, g);
                cpuGiven += row.CpuEnergyJoules;
                memoryGiven += row.MemoryEnergyJoules;
                rows.Add(row);
            }

            // The rest by subtraction, so workloads plus this row give back the host to rounding; shares
            // that add up to 1 can still round a hair past it, which must not make a negative row.
            var rest = new WorkloadEnergy(WorkloadIdentity.Unattributed)
            {
                DurationSeconds = input.IntervalSeconds,
                CpuEnergyJoules = Math.Max(0, hostCpu - cpuGiven),
                MemoryEnergyJoules = Math.Max(0, hostMemory - memoryGiven),
                OtherEnergyJoules = input.OtherEnergyJoules,
            };
            rest.CpuShare = hostCpu > 0 ? rest.CpuEnergyJoules / hostCpu : 1;
            rest.MemoryShare = hostMemory > 0 ? rest.MemoryEnergyJoules / hostMemory : 1;
            rest.EmissionsGrams = Units.Grams(rest.EnergyJoules, g);
            return Finish(input, AttributionStatus.Attributed, busy, rows, rest);
        }

        private AttributionResult AllUnattributed(AttributionInput input, AttributionStatus status, double? busy)
        {
            var rest = new WorkloadEnergy(WorkloadIdentity.Unattributed)
            {
                DurationSeconds = input.IntervalSeconds,
                CpuShare = 1,
                MemoryShare = 1,
                CpuEnergyJoules = input.CpuEnergyJoules ?? 0,
                MemoryEnergyJoules = input.MemoryEnergyJoules ?? 0,
                OtherEnergyJoules = input.OtherEnergyJoules,
            };
            rest.EmissionsGrams = Units.Grams(rest.EnergyJoules, input.IntensityGramsPerKilowattHour);
            return Finish(input, status, busy, new List<WorkloadEnergy>(), rest);
        }

        private AttributionResult Finish(
            AttributionInput input,
            AttributionStatus status,
            double? busy,
            List<WorkloadEnergy> rows,
            WorkloadEnergy rest)
        {
            _totals.Add(input, rows, rest);
            return new AttributionResult(status, input.IntervalSeconds, busy, rows, rest, _warnings.Drain());
        }

        /// <summary>A part over a whole, 0 when the whole is unknown or zero: never NaN nor infinite.</summary>
        private static double Share(double part, double? whole) =>
            whole is double w && w > 0 && part > 0 ? part / w : 0;

        /// <summary>
        /// Scales shares that add up to more than 1 down to 1; warns past 1 + <paramref name="slack"/>.
        /// </summary>
        private void Normalise(double[] shares, double slack)
        {
            double sum = 0;
            foreach (double share in shares)
            {
                sum += share;
            }

            if (sum > 1)
            {
                if (sum > 1 + slack)
                {
                    _warnings.Add(OverlapWarning);
                }

                for (int i = 0; i < shares.Length; i++)
                {
                    shares[i] /= sum;
                }
            }
        }
    }
}
