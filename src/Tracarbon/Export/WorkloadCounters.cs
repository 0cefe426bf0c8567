using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Tracarbon.Attribution;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// Each workload's energy and emissions since the exporter opened, for the exporters that show
    /// counters (Prometheus, OTLP). A series is one set of labels: the <c>workload</c> label says which kind
    /// of row it is (<c>kubernetes</c>, <c>process</c>, <c>container</c>, <c>unattributed</c>, and
    /// <c>overflow</c> past the bound), then the labels that tell its rows apart. Each series counts the
    /// whole row (component <c>host</c>), its CPU and its memory. Not thread-safe: the exporter's lock
    /// guards it.
    /// </summary>
    /// <remarks>
    /// Process ids come and go, so the number of series is bounded by <see cref="MaxWorkloads"/>. A new
    /// workload past the bound takes the place of the series seen least recently, which is dropped with its
    /// total (its workload has most likely ended; were it to come back, it would start again from 0, which
    /// counter readers take as a reset). When every series was seen in the same interval as the newcomer,
    /// nothing is dropped and the newcomer's energy goes to the one <c>overflow</c> series, so the workload
    /// series still add up to the host.
    /// </remarks>
    internal sealed class WorkloadCounters
    {
        internal const int DefaultMaxWorkloads = 500;

        internal const string KindLabel = "workload";

        /// <summary>The component label of each part, in the order of <see cref="Parts"/>.</summary>
        internal static readonly string[] PartLabels = { "host", "cpu", "memory" };

        internal static readonly WorkloadMetricPart[] Parts =
            { WorkloadMetricPart.Total, WorkloadMetricPart.Cpu, WorkloadMetricPart.Memory };

        private static readonly KeyValuePair<string, string>[] OverflowLabels = { Label(KindLabel, "overflow") };

        private readonly Dictionary<string, WorkloadSeries> _byKey =
            new Dictionary<string, WorkloadSeries>(StringComparer.Ordinal);

        private readonly List<WorkloadSeries> _series = new List<WorkloadSeries>();
        private readonly StringBuilder _key = new StringBuilder(128);
        private WorkloadSeries? _overflow;

        /// <summary>What no tracked workload used: outside the bound, never dropped, or the sums would break.</summary>
        private WorkloadSeries? _unattributed;
        private long _round;

        public WorkloadCounters(int maxWorkloads = DefaultMaxWorkloads)
        {
            if (maxWorkloads < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxWorkloads), maxWorkloads, "At least one series.");
            }

            MaxWorkloads = maxWorkloads;
        }

        /// <summary>Workload series kept at most, besides the overflow series.</summary>
        public int MaxWorkloads { get; }

        /// <summary>
        /// The workloads' series in the order they first appeared, then the unattributed series, then the
        /// overflow series, once each exists.
        /// </summary>
        public IEnumerable<WorkloadSeries> Series
        {
            get
            {
                foreach (WorkloadSeries s in _series)
                {
                    yield return s;
                }

                if (_unattributed != null)
                {
                    yield return _unattributed;
                }

                if (_overflow != null)
                {
                    yield return _overflow;
                }
            }
        }

        public int Count => _series.Count + (_unattributed == null ? 0 : 1) + (_overflow == null ? 0 : 1);

        /// <summary>Series dropped to make room for new workloads.</summary>
        public long Dropped { get; private set; }

        /// <summary>Adds one interval's rows, the unattributed one included.</summary>
        public void Add(AttributionResult result)
        {
            _round++;

            // The interval's known series are marked seen first, so a newcomer never drops one of them.
            var rows = new List<(WorkloadEnergy Row, KeyValuePair<string, string>[] Labels, string Key)>();
            foreach (WorkloadEnergy row in result.Rows)
            {
                KeyValuePair<string, string>[] labels = Labels(row);
                string key = Key(labels);
                rows.Add((row, labels, key));
                if (_byKey.TryGetValue(key, out WorkloadSeries? known))
                {
                    known.LastSeen = _round;
                }
            }

            foreach ((WorkloadEnergy row, KeyValuePair<string, string>[] labels, string key) in rows)
            {
                WorkloadSeries series = row.Kind == WorkloadKind.Unattributed
                    ? _unattributed ??= new WorkloadSeries(key, labels)
                    : Find(key, labels);
                series.LastSeen = _round;
                for (int i = 0; i < Parts.Length; i++)
                {
                    series.Joules[i].Add(WorkloadMetricNames.Joules(row, Parts[i]));
                    series.Grams[i].Add(WorkloadMetricNames.Grams(row, Parts[i]));
                }
            }
        }

        /// <summary>
        /// The labels of a row's series, without the component. Pods get <c>pod</c>, <c>namespace</c> and
        /// <c>container</c> (empty for a pod's group or a container without a name); processes get
        /// <c>process</c> and <c>pid</c>; other containers <c>container_id</c>, the short id.
        /// </summary>
        internal static KeyValuePair<string, string>[] Labels(WorkloadEnergy row)
        {
            string family = WorkloadMetricNames.Family(row);
            switch (family)
            {
                case "kubernetes":
                    return new[]
                    {
                        Label(KindLabel, family),
                        Label("pod", row.PodName!),
                        Label("namespace", row.PodNamespace ?? string.Empty),
                        Label("container", row.ContainerName ?? string.Empty),
                    };
                case "process":
                    return new[]
                    {
                        Label(KindLabel, family),
                        Label("process", row.Workload),
                        Label("pid", row.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty),
                    };
                case "container":
                    return new[]
                    {
                        Label(KindLabel, family), Label("container_id", row.ShortContainerId ?? row.Workload),
                    };
                default:
                    return new[] { Label(KindLabel, family) };
            }
        }

        private string Key(KeyValuePair<string, string>[] labels)
        {
            _key.Clear();
            foreach (KeyValuePair<string, string> label in labels)
            {
                _key.Append(label.Value).Append('\u0000');
            }

            return _key.ToString();
        }

        private WorkloadSeries Find(string key, KeyValuePair<string, string>[] labels)
        {
            if (_byKey.TryGetValue(key, out WorkloadSeries? found))
            {
                return found;
            }

            if (_series.Count >= MaxWorkloads)
            {
                int oldest = Oldest();
                if (oldest < 0)
                {
                    return _overflow ??= new WorkloadSeries(string.Empty, OverflowLabels);
                }

                _byKey.Remove(_series[oldest].Key);
                _series.RemoveAt(oldest);
                Dropped++;
            }

            var series = new WorkloadSeries(key, labels);
            _byKey.Add(key, series);
            _series.Add(series);
            return series;
        }

        /// <summary>The index of the series seen least recently, or -1 when all were seen this interval.</summary>
        private int Oldest()
        {
            int oldest = -1;
            long seen = _round;
            for (int i = 0; i < _series.Count; i++)
            {
                if (_series[i].LastSeen < seen)
                {
                    seen = _series[i].LastSeen;
                    oldest = i;
                }
            }

            return oldest;
        }

        private static KeyValuePair<string, string> Label(string name, string value) =>
            new KeyValuePair<string, string>(name, value);
    }

    /// <summary>One workload's totals: the whole row, its CPU and its memory, in the order of the parts.</summary>
    internal sealed class WorkloadSeries
    {
        private KeyValuePair<string, object?>[][]? _attributes;

        public WorkloadSeries(string key, KeyValuePair<string, string>[] labels)
        {
            Key = key;
            Labels = labels;
        }

        public string Key { get; }

        /// <summary>The labels without the component, <c>workload</c> first.</summary>
        public KeyValuePair<string, string>[] Labels { get; }

        public long LastSeen { get; set; }

        /// <summary>Compensated sums per part, as the host's series keep them.</summary>
        public CompensatedSum[] Joules { get; } = new CompensatedSum[WorkloadCounters.Parts.Length];

        public CompensatedSum[] Grams { get; } = new CompensatedSum[WorkloadCounters.Parts.Length];

        /// <summary>
        /// The OTLP attributes of one part, in the Prometheus exporter's label order: the component, the
        /// workload's labels, then the platform. Built once per series.
        /// </summary>
        public KeyValuePair<string, object?>[] Attributes(int part, string platform)
        {
            if (_attributes == null)
            {
                _attributes = new KeyValuePair<string, object?>[WorkloadCounters.Parts.Length][];
                for (int p = 0; p < _attributes.Length; p++)
                {
                    var tags = new List<KeyValuePair<string, object?>>(Labels.Length + 2)
                    {
                        new KeyValuePair<string, object?>("component", WorkloadCounters.PartLabels[p]),
                    };
                    foreach (KeyValuePair<string, string> label in Labels)
                    {
                        tags.Add(new KeyValuePair<string, object?>(label.Key, label.Value));
                    }

                    tags.Add(new KeyValuePair<string, object?>("platform", platform));
                    _attributes[p] = tags.ToArray();
                }
            }

            return _attributes[part];
        }
    }
}
