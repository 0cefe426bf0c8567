using System.Linq;
using Tracarbon.Attribution;
using Xunit;

namespace Tracarbon.Tests.Attribution
{
    public sealed class ProcessTreeTests
    {
        [Fact]
        public void FollowsChildrenThroughTheKernelsChildrenLists()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            Family(tree, 0);
            tree.Children(100, new[] { 101 });
            tree.Children(100, new[] { 103 }, thread: 150);
            tree.Children(101, new[] { 102 });
            tree.Children(102, new int[0]);
            tree.Children(103, new int[0]);
            using WorkloadAttribution attribution = Tree(tree, includeChildren: true);

            // Each of the four used 10 jiffies; the stranger beside them, 40.
            tree.Machine(80, 0);
            Family(tree, 10);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 16, null, 100));

            WorkloadEnergy root = Assert.Single(result.Workloads);
            Assert.Equal(100, root.ProcessId);
            Assert.Equal(0.4, root.CpuSeconds, 12);
            Assert.Equal(8.0, root.CpuEnergyJoules, 12);
            Split.AddsUp(result, 16);
        }

        [Fact]
        public void FollowsChildrenByParentIdWhereTheKernelKeepsNoChildrenLists()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            Family(tree, 0);
            using WorkloadAttribution attribution = Tree(tree, includeChildren: true);

            tree.Machine(80, 0);
            Family(tree, 10);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 16, null, 100));

            Assert.Equal(8.0, Assert.Single(result.Workloads).CpuEnergyJoules, 12);
        }

        [Fact]
        public void WithoutChildrenOnlyTheProcessItselfCounts()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            Family(tree, 0);
            using WorkloadAttribution attribution = Tree(tree, includeChildren: false);

            tree.Machine(80, 0);
            Family(tree, 10);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 16, null, 100));

            Assert.Equal(2.0, Assert.Single(result.Workloads).CpuEnergyJoules, 12);
        }

        [Fact]
        public void ANewChildIsABaselineAndAnOrphanStaysInTheTree()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            tree.Process(100, "shell", 1, 0, 0, 4000);
            tree.Process(101, "make", 100, 0, 0, 4001);
            using WorkloadAttribution attribution = Tree(tree, includeChildren: true);

            // A compiler appears having already used 500 jiffies: none of them is invented.
            tree.Machine(100, 0);
            tree.Process(101, "make", 100, 10, 0, 4001);
            tree.Process(102, "cc", 101, 500, 0, 4050);
            AttributionResult first = attribution.Attribute(new AttributionInput(1, 10, null, 100));
            Assert.Equal(0.1, Assert.Single(first.Workloads).CpuSeconds, 12);

            // The shell and make exit; the compiler is re-parented to init and still belongs to the tree.
            tree.Exit(100);
            tree.Exit(101);
            tree.Machine(200, 0);
            tree.Process(102, "cc", 1, 530, 0, 4050);
            AttributionResult second = attribution.Attribute(new AttributionInput(1, 10, null, 100));
            Assert.Equal(0.3, Assert.Single(second.Workloads).CpuSeconds, 12);
            Assert.Equal(3.0, second.Workloads[0].CpuEnergyJoules, 12);

            // When the last member exits the workload ends, with its totals kept.
            tree.Exit(102);
            tree.Machine(300, 0);
            AttributionResult third = attribution.Attribute(new AttributionInput(1, 10, null, 100));
            Assert.Empty(third.Workloads);
            Assert.Equal(4.0, attribution.Totals().Single(r => r.ProcessId == 100).CpuEnergyJoules, 12);
        }

        [Fact]
        public void AChildPidReusedMidSessionStartsFromABaseline()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            tree.Process(100, "shell", 1, 0, 0, 4000);
            tree.Process(101, "job", 100, 0, 0, 4001);
            using WorkloadAttribution attribution = Tree(tree, includeChildren: true);

            // The job exits and a new child of the shell gets its pid, with 700 jiffies to its name already.
            tree.Machine(100, 0);
            tree.Process(100, "shell", 1, 5, 0, 4000);
            tree.Process(101, "job2", 100, 700, 0, 4090);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 10, null, 100));

            Assert.Equal(0.05, Assert.Single(result.Workloads).CpuSeconds, 12);
        }

        [Fact]
        public void AProcessInTwoRequestedTreesCountsOnce()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            tree.Process(100, "parent", 1, 0, 0, 4000);
            tree.Process(101, "child", 100, 0, 0, 4001);
            AttributionOptions options = tree.Options();
            options.ProcessIds.Add(100);
            options.ProcessIds.Add(101);
            options.IncludeChildren = true;
            using var attribution = new WorkloadAttribution(options);
            attribution.Start();

            tree.Machine(100, 0);
            tree.Process(100, "parent", 1, 40, 0, 4000);
            tree.Process(101, "child", 100, 60, 0, 4001);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 10, null, 100));

            Assert.Equal(10.0, result.Workloads.Single(r => r.ProcessId == 100).CpuEnergyJoules, 12);
            Assert.Equal(0.0, result.Workloads.Single(r => r.ProcessId == 101).CpuEnergyJoules);
            Assert.Equal(0.0, result.Unattributed.CpuEnergyJoules, 12);
            Assert.DoesNotContain(WorkloadAttribution.OverlapWarning, result.Warnings);
        }

        /// <summary>100 → 101 → 102, and 100 → 103 (a child of another thread); 200 is no relative.</summary>
        private static void Family(KernelTree tree, ulong used)
        {
            tree.Process(100, "root", 1, used, 0, 4000);
            tree.Process(101, "child", 100, used, 0, 4001);
            tree.Process(102, "grandchild", 101, 0, used, 4002);
            tree.Process(103, "thread child", 100, used, 0, 4003);
            tree.Process(200, "stranger", 1, used * 4, 0, 4004);
        }

        private static WorkloadAttribution Tree(KernelTree tree, bool includeChildren)
        {
            AttributionOptions options = tree.Options();
            options.ProcessIds.Add(100);
            options.IncludeChildren = includeChildren;
            var attribution = new WorkloadAttribution(options);
            attribution.Start();
            return attribution;
        }
    }
}
