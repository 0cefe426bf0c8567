using System.Collections.Generic;
using System.Linq;
using Tracarbon.Attribution;
using Xunit;

namespace Tracarbon.Tests.Attribution
{
    public sealed class WorkloadMetricNamesTests
    {
        [Fact]
        public void GivesPodRowsTracarbonsKubernetesNamesAndTags()
        {
            var row = new WorkloadEnergy(new WorkloadIdentity("k", WorkloadKind.Container, "shop/web/nginx")
            {
                PodName = "web",
                PodNamespace = "shop",
                ContainerName = "nginx",
            })
            {
                DurationSeconds = 2,
                CpuEnergyJoules = 6,
                MemoryEnergyJoules = 2,
                EmissionsGrams = 0.4,
            };
            var names = new WorkloadMetricNames();

            IReadOnlyList<WorkloadMetric> metrics = names.Metrics(row);

            Assert.Equal(
                new[]
                {
                    "tracarbon.energy_consumption_kubernetes_total", "tracarbon.energy_consumption_kubernetes_cpu",
                    "tracarbon.energy_consumption_kubernetes_memory", "tracarbon.carbon_emission_kubernetes_total",
                    "tracarbon.carbon_emission_kubernetes_cpu", "tracarbon.carbon_emission_kubernetes_memory",
                },
                metrics.Select(m => m.Name));
            Assert.Equal(new[] { 4.0, 3.0, 1.0, 0.4, 0.3, 0.1 }, metrics.Select(m => System.Math.Round(m.Value, 12)));
            Assert.Equal(new[] { "W", "W", "W", "g", "g", "g" }, metrics.Select(m => m.Unit));
            Assert.Equal(
                new[] { ("pod_name", "web"), ("pod_namespace", "shop"), ("container_name", "nginx") },
                metrics[0].Tags.Select(t => (t.Key, t.Value)));
        }

        [Fact]
        public void NamesOtherRowsInTheSameShape()
        {
            var names = new WorkloadMetricNames("host", '_');
            var process = new WorkloadEnergy(
                new WorkloadIdentity("p", WorkloadKind.Process, "pwsh") { ProcessId = 42 });
            var container = new WorkloadEnergy(new WorkloadIdentity("c", WorkloadKind.Container, "x")
            {
                ContainerId = KernelTree.IdA,
            });
            var rest = new WorkloadEnergy(WorkloadIdentity.Unattributed);

            Assert.Equal("host_energy_consumption_process_cpu", names.Energy(process, WorkloadMetricPart.Cpu));
            Assert.Equal("host_carbon_emission_container_total", names.Emission(container, WorkloadMetricPart.Total));
            Assert.Equal("host_energy_consumption_unattributed_memory", names.Energy(rest, WorkloadMetricPart.Memory));
            Assert.Equal(
                new[] { ("process_name", "pwsh"), ("process_id", "42") },
                WorkloadMetricNames.Tags(process).Select(t => (t.Key, t.Value)));
            KeyValuePair<string, string> tag = Assert.Single(WorkloadMetricNames.Tags(container));
            Assert.Equal(("container_id", KernelTree.IdA.Substring(0, 12)), (tag.Key, tag.Value));
            Assert.Empty(WorkloadMetricNames.Tags(rest));
            Assert.All(names.Metrics(rest), m => Assert.Equal(0.0, m.Value));
        }
    }
}
