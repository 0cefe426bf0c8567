using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Tracarbon.Attribution;
using Tracarbon.Attribution.Kubernetes;
using Tracarbon.Tests.Carbon;
using Xunit;

namespace Tracarbon.Tests.Attribution
{
    public sealed class KubernetesAttributionTests
    {
        private const string PodSlice = "/kubepods.slice/kubepods-burstable.slice/"
            + "kubepods-burstable-pod1b2c3d4e_5f60_7182_93a4_b5c6d7e8f901.slice";

        private const string Sandbox = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

        [Fact]
        public void NamesEachContainerGroupAfterItsPodNamespaceAndContainer()
        {
            using var tree = new KernelTree();
            using var server = new LoopbackHttpServer(KubernetesFixtures.Answer);
            tree.Machine(0, 0);
            tree.GroupV2(PodSlice + "/cri-containerd-" + KernelTree.IdB + ".scope", 0, 0);
            tree.GroupV2(PodSlice + "/cri-containerd-" + Sandbox + ".scope", 0, 0);
            using WorkloadAttribution attribution = Started(tree, server.Url, KubernetesUsageSource.Auto);

            tree.Machine(200, 0);
            tree.GroupV2(PodSlice + "/cri-containerd-" + KernelTree.IdB + ".scope", 500_000, 0);
            tree.GroupV2(PodSlice + "/cri-containerd-" + Sandbox + ".scope", 10_000, 0);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 20, null, 100));

            Assert.False(attribution.UsesMetricsApi);
            Assert.Equal(new Uri(server.Url), attribution.KubernetesServer);
            RecordedRequest request = Assert.Single(server.Requests);
            Assert.Equal("/api/v1/pods?fieldSelector=spec.nodeName=node-1", request.Target);
            Assert.Equal("Bearer " + KubernetesFixtures.Token, request.Header("Authorization"));
            WorkloadEnergy nginx = result.Workloads.Single(r => r.ContainerId == KernelTree.IdB);
            Assert.Equal(
                ("shop/web-7d4b9c/nginx", "web-7d4b9c", "shop", "nginx", KernelTree.PodUid),
                (nginx.Workload, nginx.PodName, nginx.PodNamespace, nginx.ContainerName, nginx.PodUid));
            Assert.Equal(5.0, nginx.CpuEnergyJoules, 12);
            WorkloadEnergy pause = result.Workloads.Single(r => r.ContainerId == Sandbox);
            Assert.Equal("shop/web-7d4b9c/" + Sandbox.Substring(0, 12), pause.Workload);
            Assert.Null(pause.ContainerName);
            Assert.Equal(0.1, pause.CpuEnergyJoules, 12);
            Split.AddsUp(result, 20);
            Assert.Empty(result.Warnings);
        }

        [Fact]
        public void UsesTheMetricsApiWhereNoGroupIsVisibleWithExactShares()
        {
            using var tree = new KernelTree();
            using var server = new LoopbackHttpServer(KubernetesFixtures.Answer);
            using WorkloadAttribution attribution = Started(tree, server.Url, KubernetesUsageSource.Auto);

            AttributionResult result = attribution.Attribute(new AttributionInput(1, 10, 4, 100));

            Assert.True(attribution.UsesMetricsApi);
            Assert.Equal(
                new[]
                {
                    "/api/v1/pods?fieldSelector=spec.nodeName=node-1", "/api/v1/nodes/node-1",
                    "/apis/metrics.k8s.io/v1beta1/nodes/node-1", "/apis/metrics.k8s.io/v1beta1/pods",
                },
                server.Requests.Select(r => r.Target));
            Assert.All(
                server.Requests, r => Assert.Equal("Bearer " + KubernetesFixtures.Token, r.Header("Authorization")));

            // 825800n of a 2-core node; 46472Ki of 101 200 121 856 bytes.
            WorkloadEnergy nginx = result.Workloads.Single(r => r.ContainerName == "nginx");
            Assert.Equal(825800 / 1e9 / 2, nginx.CpuShare);
            Assert.Equal(0.0004129, nginx.CpuShare, 15);
            Assert.Equal(46472 * 1024.0 / 101200121856, nginx.MemoryShare);
            Assert.Equal(0.00047023, nginx.MemoryShare, 8);
            Assert.Equal(0.004129, nginx.CpuEnergyJoules, 15);
            Assert.Equal(KernelTree.IdB, nginx.ContainerId);
            Assert.Equal("shop/web-7d4b9c/nginx", nginx.Workload);
            WorkloadEnergy coredns = result.Workloads.Single(r => r.ContainerName == "coredns");
            Assert.Equal(0.125, coredns.CpuShare);
            Assert.DoesNotContain(result.Workloads, r => r.PodName == "elsewhere");
            Split.AddsUp(result, 14);
        }

        [Fact]
        public void AsksOneNamespaceOfTheMetricsApiWhenTold()
        {
            using var tree = new KernelTree();
            using var server = new LoopbackHttpServer(KubernetesFixtures.Answer);
            using WorkloadAttribution attribution = Started(
                tree, server.Url, KubernetesUsageSource.MetricsApi, o => o.MetricsNamespace = "shop");

            Assert.Contains(server.Requests, r => r.Target == "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods");
        }

        [Fact]
        public void AsksAgainForANewPodOnAThreadPoolRefresh()
        {
            using var tree = new KernelTree();
            int calls = 0;
            string later = KubernetesFixtures.PodList.Replace("coredns-5d78c", "fresh-pod")
                .Replace("9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0", "00000000-1111-2222-3333-444444444444");
            using var server = new LoopbackHttpServer(r =>
                Interlocked.Increment(ref calls) == 1 ? KubernetesFixtures.Answer(r) : new Reply(200, later));
            var clock = new ManualClock { Now = 1000 };
            tree.Machine(0, 0);
            tree.GroupV2(PodSlice + "/cri-containerd-" + KernelTree.IdB + ".scope", 0, 0);
            using WorkloadAttribution attribution = Started(
                tree, server.Url, KubernetesUsageSource.Cgroups, o => o.RefreshInterval = TimeSpan.FromHours(1),
                clock);

            // A pod made after the list was read: its group is named by its uid until the list is read again.
            string fresh = "/kubepods.slice/kubepods-besteffort.slice/"
                + "kubepods-besteffort-pod00000000_1111_2222_3333_444444444444.slice";
            tree.GroupV2(fresh, 0, 0);
            tree.Machine(100, 0);
            AttributionResult before = attribution.Attribute(new AttributionInput(1, 10, null, 100));
            Assert.Contains(before.Workloads, r => r.Workload == "pod 00000000-1111-2222-3333-444444444444");

            clock.Now += 6;
            tree.Machine(200, 0);
            attribution.Attribute(new AttributionInput(1, 10, null, 100));
            server.WaitForRequests(2);
            ulong busy = 200;
            WaitUntil(() =>
            {
                busy += 100;
                tree.Machine(busy, 0);
                return attribution.Attribute(new AttributionInput(1, 10, null, 100)).Workloads
                    .Any(r => r.Workload == "kube-system/fresh-pod" && r.Kind == WorkloadKind.Pod);
            });
        }

        [Fact]
        public void ARefusedTokenFailsAtStartAndNoMessageHoldsIt()
        {
            var messages = new List<string>();
            string echo = "{\"kind\":\"Status\",\"message\":\"token " + KubernetesFixtures.Token + " is not valid\"}";
            var answers = new[] { (401, "{\"message\":\"Unauthorized\"}"), (403, echo), (500, "oops") };
            foreach ((int status, string body) in answers)
            {
                using var tree = new KernelTree();
                using var server = LoopbackHttpServer.Always(status, body);
                var e = Assert.Throws<KubernetesException>(
                    () => Started(tree, server.Url, KubernetesUsageSource.Cgroups));
                Assert.Equal(status, e.StatusCode);
                Assert.Contains(status.ToString(), e.Message);
                messages.Add(e.ToString());
            }

            using (var tree = new KernelTree())
            {
                var e = Assert.Throws<KubernetesException>(
                    () => Started(tree, LoopbackHttpServer.ClosedPortUrl(), KubernetesUsageSource.Cgroups));
                Assert.Contains("could not be reached", e.Message);
                messages.Add(e.ToString());
            }

            using (var tree = new KernelTree())
            using (var silent = new LoopbackHttpServer(_ => Reply.Silent))
            {
                var watch = Stopwatch.StartNew();
                var e = Assert.Throws<KubernetesException>(() => Started(
                    tree, silent.Url, KubernetesUsageSource.Cgroups, o => o.Timeout = TimeSpan.FromMilliseconds(300)));
                Assert.Contains("no answer", e.Message);
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
                messages.Add(e.ToString());
            }

            Assert.All(messages, m => Assert.DoesNotContain(KubernetesFixtures.Token, m));
            Assert.Contains(messages, m => m.Contains("[token]"));
        }

        internal static WorkloadAttribution Started(
            KernelTree tree,
            string url,
            KubernetesUsageSource usage,
            Action<KubernetesOptions>? configure = null,
            ManualClock? clock = null)
        {
            AttributionOptions options = tree.Options();
            options.Kubernetes = new KubernetesOptions
            {
                KubeconfigPath = KubernetesFixtures.WriteKubeconfig(tree, url),
                NodeName = KubernetesFixtures.Node,
                Usage = usage,
                Environment = _ => null,
            };
            if (clock != null)
            {
                options.Clock = clock;
            }

            configure?.Invoke(options.Kubernetes);
            var attribution = new WorkloadAttribution(options);
            try
            {
                attribution.Start();
            }
            catch
            {
                attribution.Dispose();
                throw;
            }

            return attribution;
        }

        private static void WaitUntil(Func<bool> condition)
        {
            var watch = Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "The condition did not come true within 10 s.");
                Thread.Sleep(10);
            }
        }
    }
}
