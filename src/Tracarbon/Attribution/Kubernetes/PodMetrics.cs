using System;
using System.Collections.Generic;
using Tracarbon.Platform.Json;

namespace Tracarbon.Attribution.Kubernetes
{
    /// <summary>One container's usage as the Metrics API reports it: a rate averaged over its window.</summary>
    internal sealed class ContainerUsage
    {
        public ContainerUsage(
            string podNamespace, string podName, string containerName, double cpuCores, double memoryBytes)
        {
            PodNamespace = podNamespace;
            PodName = podName;
            ContainerName = containerName;
            CpuCores = cpuCores;
            MemoryBytes = memoryBytes;
        }

        public string PodNamespace { get; }

        public string PodName { get; }

        public string ContainerName { get; }

        /// <summary>CPU in cores: CPU-seconds per second.</summary>
        public double CpuCores { get; }

        /// <summary>The working set, in bytes.</summary>
        public double MemoryBytes { get; }
    }

    /// <summary>What the Metrics API and the node object say about this node and its pods.</summary>
    internal sealed class PodMetrics
    {
        public PodMetrics(
            IReadOnlyList<ContainerUsage> containers,
            double capacityCores,
            double capacityMemoryBytes,
            double? usageCores)
        {
            Containers = containers;
            CapacityCores = capacityCores;
            CapacityMemoryBytes = capacityMemoryBytes;
            UsageCores = usageCores;
        }

        public IReadOnlyList<ContainerUsage> Containers { get; }

        /// <summary>The node's <c>status.capacity.cpu</c>, in cores.</summary>
        public double CapacityCores { get; }

        /// <summary>The node's <c>status.capacity.memory</c>, in bytes.</summary>
        public double CapacityMemoryBytes { get; }

        /// <summary>The node's own busy cores from the Metrics API; null where it could not be read.</summary>
        public double? UsageCores { get; }

        /// <summary>
        /// The part of the node's CPU a container's cores are: of the node's busy cores where known, so it
        /// compares with a control group's share of busy time, else of its capacity.
        /// </summary>
        public double CpuBasisCores => UsageCores is double busy && busy > 0 ? busy : CapacityCores;

        /// <exception cref="FormatException">The body is not a PodMetricsList, or a quantity is malformed.</exception>
        public static List<ContainerUsage> ParsePods(JsonValue body)
        {
            if (!body.TryGetProperty("items", out JsonValue? items) || items.Kind != JsonKind.Array)
            {
                throw new FormatException("the answer holds no 'items' list of pod metrics");
            }

            var usage = new List<ContainerUsage>();
            foreach (JsonValue item in items.Items)
            {
                if (!item.TryGetProperty("metadata", out JsonValue? metadata)
                    || !metadata.TryGetString("name", out string? pod)
                    || !metadata.TryGetString("namespace", out string? podNamespace)
                    || !item.TryGetProperty("containers", out JsonValue? containers)
                    || containers.Kind != JsonKind.Array)
                {
                    continue;
                }

                foreach (JsonValue container in containers.Items)
                {
                    if (container.TryGetString("name", out string? name)
                        && container.TryGetProperty("usage", out JsonValue? figures))
                    {
                        usage.Add(new ContainerUsage(
                            podNamespace, pod, name, Quantity(figures, "cpu"), Quantity(figures, "memory")));
                    }
                }
            }

            return usage;
        }

        /// <summary>The cores and bytes of a node object's <c>status.capacity</c>.</summary>
        public static (double Cores, double MemoryBytes) ParseCapacity(JsonValue node)
        {
            if (!node.TryGetProperty("status", out JsonValue? status)
                || !status.TryGetProperty("capacity", out JsonValue? capacity))
            {
                throw new FormatException("the node object holds no status.capacity");
            }

            return (Quantity(capacity, "cpu"), Quantity(capacity, "memory"));
        }

        /// <summary>The busy cores of a NodeMetrics object's <c>usage.cpu</c>.</summary>
        public static double ParseNodeUsageCores(JsonValue nodeMetrics) =>
            nodeMetrics.TryGetProperty("usage", out JsonValue? usage)
                ? Quantity(usage, "cpu")
                : throw new FormatException("the node metrics hold no usage");

        private static double Quantity(JsonValue figures, string name)
        {
            if (!figures.TryGetString(name, out string? text))
            {
                throw new FormatException($"no '{name}' quantity");
            }

            return KubernetesQuantity.TryParse(text, out double value) && value >= 0
                ? value
                : throw new FormatException($"the {name} quantity '{text}' cannot be read");
        }
    }

    /// <summary>
    /// The containers of this node's pods, with the shares the Metrics API gives them: CPU cores over the
    /// node's busy cores, working set over the node's memory capacity.
    /// </summary>
    internal sealed class MetricsWorkloadSource : IWorkloadSource
    {
        private readonly Func<PodMetrics?> _metrics;
        private readonly IPodLabels _pods;

        public MetricsWorkloadSource(Func<PodMetrics?> metrics, IPodLabels pods)
        {
            _metrics = metrics;
            _pods = pods;
        }

        public bool UsesMachineCounters => false;

        public void Read(double intervalSeconds, List<WorkloadReading> readings, WarningLog warnings)
        {
            PodMetrics? metrics = _metrics();
            PodList pods = _pods.Current;
            if (metrics == null)
            {
                return;
            }

            foreach (ContainerUsage usage in metrics.Containers)
            {
                // The Metrics API lists the whole cluster; only this node's pods share this node's energy.
                if (!pods.TryPod(usage.PodNamespace, usage.PodName, out PodRef pod))
                {
                    continue;
                }

                var identity = new WorkloadIdentity(
                    "metrics:" + pod.Uid + "/" + usage.ContainerName,
                    WorkloadKind.Container,
                    pod.Namespace + "/" + pod.Name + "/" + usage.ContainerName)
                {
                    ContainerId = pods.ContainerIdOf(pod, usage.ContainerName),
                    PodUid = pod.Uid,
                    PodName = pod.Name,
                    PodNamespace = pod.Namespace,
                    ContainerName = usage.ContainerName,
                    Origin = "metrics.k8s.io",
                };

                // Rates over the Metrics API's window, taken as the rate over this interval.
                readings.Add(new WorkloadReading(identity, usage.CpuCores * intervalSeconds, usage.MemoryBytes)
                {
                    BusyCpuSeconds = metrics.CpuBasisCores * intervalSeconds,
                    MemoryTotalBytes = metrics.CapacityMemoryBytes,
                });
            }
        }
    }
}
