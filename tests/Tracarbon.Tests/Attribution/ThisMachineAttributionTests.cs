using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using Tracarbon.Attribution;
using Xunit;

namespace Tracarbon.Tests.Attribution
{
    /// <summary>Reads this machine's own /proc: it tells something on Linux only, and passes elsewhere.</summary>
    public sealed class ThisMachineAttributionTests
    {
        [Fact]
        public void TheTestProcessGetsAShareBetweenZeroAndOneAfterBurningCpu()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !File.Exists("/proc/self/stat"))
            {
                return;
            }

            var options = new AttributionOptions { IncludeChildren = true };
            options.ProcessIds.Add(Process.GetCurrentProcess().Id);
            using var attribution = new WorkloadAttribution(options);
            attribution.Start();
            Burn(TimeSpan.FromMilliseconds(400));

            AttributionResult result = attribution.Attribute(new AttributionInput(0.4, 10, 1, 100));

            Assert.NotEqual(AttributionStatus.Baseline, result.Status);
            if (result.Status == AttributionStatus.Attributed)
            {
                WorkloadEnergy self = Assert.Single(result.Workloads);
                Assert.Equal(Process.GetCurrentProcess().Id, self.ProcessId);
                Assert.InRange(self.CpuShare, 0, 1);
                Assert.True(self.CpuSeconds > 0, "400 ms of spinning used no CPU time.");
                Assert.True(self.MemoryBytes > 0);
                Assert.InRange(self.MemoryShare, 0, 1);
                Assert.Empty(result.Warnings);
            }

            Split.AddsUp(result, 11);
        }

        [Fact]
        public void DiscoveryWalksThisMachinesControlGroupsAndTheSplitStillAddsUp()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !Directory.Exists("/sys/fs/cgroup"))
            {
                return;
            }

            using var attribution = new WorkloadAttribution(new AttributionOptions { DiscoverContainers = true });
            attribution.Start();
            Burn(TimeSpan.FromMilliseconds(50));

            AttributionResult result = attribution.Attribute(new AttributionInput(0.05, 3, 1, 100));

            Assert.All(result.Workloads, r => Assert.NotEqual(WorkloadKind.Process, r.Kind));
            Split.AddsUp(result, 4);
        }

        private static void Burn(TimeSpan duration)
        {
            var watch = Stopwatch.StartNew();
            double x = 1;
            while (watch.Elapsed < duration)
            {
                x = Math.Sqrt(x + 1);
            }

            GC.KeepAlive(x);
        }
    }
}
