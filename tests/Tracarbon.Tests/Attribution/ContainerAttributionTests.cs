using System.Collections.Generic;
using System.Linq;
using Tracarbon.Attribution;
using Tracarbon.Measurement.Estimation;
using Xunit;

namespace Tracarbon.Tests.Attribution
{
    public sealed class ContainerAttributionTests
    {
        private const string PodSlice = "/kubepods.slice/kubepods-burstable.slice/"
            + "kubepods-burstable-pod1b2c3d4e_5f60_7182_93a4_b5c6d7e8f901.slice";

        public static IEnumerable<object[]> Versions() => new[] { new object[] { 1 }, new object[] { 2 } };

        [Theory]
        [MemberData(nameof(Versions))]
        public void DiscoversContainersAndPodsByTheNamesRuntimesGiveThem(int version)
        {
            using var tree = new KernelTree();
            void Group(string path) => Write(tree, version, path, 0, 0);
            Group("/system.slice/docker-" + KernelTree.IdA + ".scope");
            Group(PodSlice + "/cri-containerd-" + KernelTree.IdB + ".scope");
            Group(PodSlice + "/crio-conmon-" + KernelTree.IdC + ".scope");
            Group("/machine.slice/crio-" + KernelTree.IdC + ".scope");
            Group("/docker/" + KernelTree.IdB.Substring(1) + "f");
            Group("/kubepods/burstable/pod" + KernelTree.PodUid + "/" + KernelTree.IdC.Replace('c', 'd'));
            Group("/kubepods.slice/kubepods-besteffort.slice/"
                + "kubepods-besteffort-pod00000000_1111_2222_3333_444444444444.slice");
            Group("/kubepods.slice/kubepods-pod55555555_6666_7777_8888_999999999999.slice/other");
            Group("/system.slice/sshd.service");
            Group("/user.slice/user-1000.slice/session-1.scope");
            Group("/system.slice/docker-" + KernelTree.IdA + ".scope/init.scope");

            CgroupLayout layout = CgroupLayout.Detect(tree.Cgroup)!;
            List<ContainerCgroup> found = ContainerDiscovery.Discover(layout);

            Assert.Equal(version == 2 ? CgroupVersion.V2 : CgroupVersion.V1, layout.Version);
            var byPath = found.ToDictionary(g => g.RelativePath);
            Assert.Equal(7, found.Count);
            ContainerCgroup docker = byPath["/system.slice/docker-" + KernelTree.IdA + ".scope"];
            Assert.Equal(
                ("docker", KernelTree.IdA, WorkloadKind.Container), (docker.Runtime, docker.ContainerId, docker.Kind));
            ContainerCgroup containerd = byPath[PodSlice + "/cri-containerd-" + KernelTree.IdB + ".scope"];
            Assert.Equal("containerd", containerd.Runtime);
            Assert.Equal(KernelTree.PodUid, containerd.PodUid);
            Assert.Equal("cri-o", byPath["/machine.slice/crio-" + KernelTree.IdC + ".scope"].Runtime);
            Assert.Equal("docker", byPath["/docker/" + KernelTree.IdB.Substring(1) + "f"].Runtime);
            string cgroupfsPath =
                "/kubepods/burstable/pod" + KernelTree.PodUid + "/" + KernelTree.IdC.Replace('c', 'd');
            ContainerCgroup cgroupfs = byPath[cgroupfsPath];
            Assert.Equal(("kubepods", KernelTree.PodUid), (cgroupfs.Runtime, cgroupfs.PodUid));

            // Pods whose containers are not visible as groups of their own stand as pods.
            Assert.Equal(2, found.Count(g => g.Kind == WorkloadKind.Pod));
            Assert.Contains(found, g => g.PodUid == "00000000-1111-2222-3333-444444444444");
            Assert.Contains(found, g => g.PodUid == "55555555-6666-7777-8888-999999999999");
            Assert.DoesNotContain(found, g => g.RelativePath.Contains("conmon") || g.RelativePath.Contains("sshd"));
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void SplitsByEachGroupsCpuTimeExactly(int version)
        {
            using var tree = new KernelTree();
            string a = "/system.slice/docker-" + KernelTree.IdA + ".scope";
            string b = PodSlice + "/cri-containerd-" + KernelTree.IdB + ".scope";
            tree.Meminfo(1_000_000);
            tree.Machine(0, 0);
            Write(tree, version, a, 1_000, 102_400_000);
            Write(tree, version, b, 5_000, 51_200_000);
            AttributionOptions options = tree.Options();
            options.DiscoverContainers = true;
            using var attribution = new WorkloadAttribution(options);
            attribution.Start();

            // 4 busy CPU-seconds; a used 1.5 s, b 0.5 s.
            tree.Machine(400, 0);
            Write(tree, version, a, 1_000 + Seconds(version, 1.5), 102_400_000);
            Write(tree, version, b, 5_000 + Seconds(version, 0.5), 51_200_000);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 40, 10, 100));

            WorkloadEnergy docker = result.Workloads.Single(r => r.ContainerId == KernelTree.IdA);
            Assert.Equal(WorkloadKind.Container, docker.Kind);
            Assert.Equal(KernelTree.IdA.Substring(0, 12), docker.Workload);
            Assert.Equal(KernelTree.IdA.Substring(0, 12), docker.ShortContainerId);
            Assert.Equal(1.5, docker.CpuSeconds, 12);
            Assert.Equal(15.0, docker.CpuEnergyJoules, 12);
            Assert.Equal(1.0, docker.MemoryEnergyJoules, 12);
            WorkloadEnergy pod = result.Workloads.Single(r => r.ContainerId == KernelTree.IdB);
            Assert.Equal(5.0, pod.CpuEnergyJoules, 12);
            Assert.Equal(KernelTree.PodUid, pod.PodUid);
            Assert.Equal(20.0, result.Unattributed.CpuEnergyJoules, 12);
            Split.AddsUp(result, 50);
        }

        [Fact]
        public void AStoppedContainerStopsAppearingAndARecreatedGroupStartsAnew()
        {
            using var tree = new KernelTree();
            string a = "/docker/" + KernelTree.IdA;
            string b = "/docker/" + KernelTree.IdB;
            tree.Machine(0, 0);
            tree.GroupV2(a, 0, 0);
            tree.GroupV2(b, 0, 0);
            AttributionOptions options = tree.Options();
            options.CgroupPaths.Add(a);
            options.CgroupPaths.Add(tree.Cgroup + b);
            using var attribution = new WorkloadAttribution(options);
            attribution.Start();

            tree.Machine(100, 0);
            tree.GroupV2(a, 300_000, 0);
            tree.GroupV2(b, 200_000, 0);
            Assert.Equal(2, attribution.Attribute(new AttributionInput(1, 10, null, 100)).Workloads.Count);

            // a stopped; b was removed and made again, so its counter is back near zero.
            tree.RemoveGroup(a);
            tree.Machine(200, 0);
            tree.GroupV2(b, 50_000, 0);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 10, null, 100));

            WorkloadEnergy again = Assert.Single(result.Workloads);
            Assert.Equal(KernelTree.IdB, again.ContainerId);
            Assert.Equal(0.0, again.CpuEnergyJoules);
            Assert.Equal(10.0, result.Unattributed.CpuEnergyJoules);
            Assert.Empty(result.Warnings);
            Assert.Equal(3.0, attribution.Totals().Single(r => r.ContainerId == KernelTree.IdA).CpuEnergyJoules, 12);
        }

        [Fact]
        public void ANamedGroupThatDoesNotExistIsReported()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            tree.GroupV2("/system.slice", 0, 0);
            AttributionOptions options = tree.Options();
            options.CgroupPaths.Add("/no/such/group");
            using var attribution = new WorkloadAttribution(options);
            attribution.Start();

            tree.Machine(10, 0);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 10, null, 100));

            Assert.Empty(result.Workloads);
            Assert.Contains(result.Warnings, w => w.Contains("no") && w.Contains("group"));
        }

        [Fact]
        public void NoHierarchyIsReportedAndTheHostStaysWhole()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            AttributionOptions options = tree.Options();
            options.DiscoverContainers = true;
            using var attribution = new WorkloadAttribution(options);
            attribution.Start();

            AttributionResult result = attribution.Attribute(new AttributionInput(1, 10, 3, 100));

            Assert.Contains(result.Warnings, w => w.Contains("No control group hierarchy"));
            Split.AddsUp(result, 13);
        }

        private static ulong Seconds(int version, double seconds) => (ulong)(seconds * (version == 2 ? 1e6 : 1e9));

        private static void Write(KernelTree tree, int version, string path, ulong usage, ulong memory)
        {
            if (version == 2)
            {
                tree.GroupV2(path, usage, memory);
            }
            else
            {
                tree.GroupV1(path, usage, memory);
            }
        }
    }
}
