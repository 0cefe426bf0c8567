using System.Linq;
using Tracarbon.Attribution;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Attribution
{
    public sealed class ProcessAttributionTests
    {
        private const double Intensity = 100;

        [Fact]
        public void MemoryIsSharedOutOfTheMemoryInUseNotMemTotal()
        {
            // 4 000 000 kB total, 3 000 000 kB available: 1 000 000 kB in use, which the memory energy models.
            using var tree = new KernelTree();
            tree.Meminfo(4_000_000, 3_000_000);
            tree.Machine(1000, 9000);
            tree.Process(100, "api", 1, 500, 100, 4000, 25_000);
            using WorkloadAttribution attribution = Started(tree, 100);

            tree.Machine(1400, 9600);
            tree.Process(100, "api", 1, 580, 120, 4000, 25_000);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 40, 8, Intensity));

            // 25 000 pages of 4096 bytes over 1 000 000 kB of 1024 bytes = 0.1 (over MemTotal it would be 0.025).
            WorkloadEnergy api = result.Workloads.Single(r => r.ProcessId == 100);
            Assert.Equal(0.1, api.MemoryShare, 12);
            Assert.Equal(0.8, api.MemoryEnergyJoules, 12);
        }

        [Fact]
        public void SplitsCpuByBusyTimeAndMemoryByResidentShareExactly()
        {
            using var tree = new KernelTree();
            tree.Meminfo(1_000_000);
            tree.Machine(1000, 9000);
            tree.Process(100, "api", 1, 500, 100, 4000, 25_000);
            tree.Process(200, "worker", 1, 50, 10, 4100, 12_500);
            using WorkloadAttribution attribution = Started(tree, 100, 200);

            // 400 busy jiffies; api used 80 + 20 = 100 of them, worker 45 + 15 = 60.
            tree.Machine(1400, 9600);
            tree.Process(100, "api", 1, 580, 120, 4000, 25_000);
            tree.Process(200, "worker", 1, 95, 25, 4100, 12_500);
            var input = new AttributionInput(1, 40, 8, Intensity, otherEnergyJoules: 2);
            AttributionResult result = attribution.Attribute(input);

            Assert.Equal(AttributionStatus.Attributed, result.Status);
            Assert.Equal(4.0, result.BusyCpuSeconds);
            WorkloadEnergy api = result.Workloads.Single(r => r.ProcessId == 100);
            WorkloadEnergy worker = result.Workloads.Single(r => r.ProcessId == 200);
            Assert.Equal("api", api.Workload);
            Assert.Equal(WorkloadKind.Process, api.Kind);
            Assert.Equal(1.0, api.CpuSeconds);
            Assert.Equal(0.25, api.CpuShare);
            Assert.Equal(10.0, api.CpuEnergyJoules, 12);
            Assert.Equal(6.0, worker.CpuEnergyJoules, 12);

            // 25 000 pages of 4096 bytes of 1 000 000 kB of 1024 bytes is 0.1 of the memory.
            Assert.Equal(102_400_000, api.MemoryBytes);
            Assert.Equal(0.1, api.MemoryShare, 12);
            Assert.Equal(0.8, api.MemoryEnergyJoules, 12);
            Assert.Equal(0.4, worker.MemoryEnergyJoules, 12);
            Assert.Equal(10.8 / 3_600_000 * Intensity, api.EmissionsGrams, 15);

            WorkloadEnergy rest = result.Unattributed;
            Assert.Equal(24.0, rest.CpuEnergyJoules, 12);
            Assert.Equal(6.8, rest.MemoryEnergyJoules, 12);
            Assert.Equal(2.0, rest.OtherEnergyJoules);
            Split.AddsUp(result, 50);
        }

        [Fact]
        public void KeepsRunningTotalsPerWorkload()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            tree.Process(100, "api", 1, 0, 0, 4000);
            using WorkloadAttribution attribution = Started(tree, 100);

            tree.Machine(100, 100);
            tree.Process(100, "api", 1, 50, 0, 4000);
            attribution.Attribute(new AttributionInput(1, 10, null, Intensity));
            tree.Machine(300, 200);
            tree.Process(100, "api", 1, 100, 50, 4000);
            attribution.Attribute(new AttributionInput(1, 30, null, Intensity));

            // 50/100 x 10 J, then 100/200 x 30 J.
            WorkloadEnergy api = attribution.Totals().Single(r => r.Kind == WorkloadKind.Process);
            WorkloadEnergy rest = attribution.Totals().Last();
            Assert.Equal(20.0, api.CpuEnergyJoules, 12);
            Assert.Equal(1.5, api.CpuSeconds, 12);
            Assert.Equal(2.0, api.DurationSeconds);
            Assert.Equal(0.5, api.CpuShare, 12);
            Assert.Equal(WorkloadKind.Unattributed, rest.Kind);
            Assert.Equal(20.0, rest.CpuEnergyJoules, 12);
            Assert.Equal(40.0, api.EnergyJoules + rest.EnergyJoules, 9);
        }

        [Fact]
        public void C13A_SameJiffySkipsTheIntervalAndCarriesTheProcessTime()
        {
            using var tree = new KernelTree();
            tree.MachineLine("cpu  4705 356 584 3699 23 23 0 0 0 0");
            tree.Process(100, "app", 1, 100, 50, 4000);
            using WorkloadAttribution attribution = Started(tree, 100);

            tree.Process(100, "app", 1, 100, 51, 4000);
            AttributionResult result = attribution.Attribute(new AttributionInput(0.001, 5, 1, Intensity));

            Assert.Equal(AttributionStatus.Skipped, result.Status);
            Assert.Empty(result.Workloads);
            Assert.Null(result.BusyCpuSeconds);
            Assert.Equal(5.0, result.Unattributed.CpuEnergyJoules);
            Split.AddsUp(result, 6);

            // The tick read in the skipped interval is not lost: it counts in the next one.
            tree.MachineLine("cpu  4706 356 584 3799 23 23 0 0 0 0");
            result = attribution.Attribute(new AttributionInput(1, 5, 1, Intensity));
            Assert.Equal(0.01, Assert.Single(result.Workloads).CpuSeconds, 12);
            Assert.Equal(5.0, Assert.Single(result.Workloads).CpuEnergyJoules, 12);
        }

        [Fact]
        public void C13B_IdleMachineGivesTheProcessNothingAndNoNaN()
        {
            using var tree = new KernelTree();
            tree.MachineLine("cpu  4705 356 584 3699 23 23 0 0 0 0");
            tree.Process(100, "app", 1, 100, 51, 4000);
            using WorkloadAttribution attribution = Started(tree, 100);

            tree.MachineLine("cpu  4705 356 584 3799 23 23 0 0 0 0");
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 5, null, Intensity));

            Assert.Equal(AttributionStatus.Attributed, result.Status);
            Assert.Equal(0.0, result.BusyCpuSeconds);
            WorkloadEnergy app = Assert.Single(result.Workloads);
            Assert.Equal(0.0, app.CpuShare);
            Assert.Equal(0.0, app.CpuEnergyJoules);
            Assert.Equal(0.0, app.PowerWatts);
            Assert.Equal(5.0, result.Unattributed.CpuEnergyJoules);
            Assert.Equal(5.0, result.Unattributed.PowerWatts);
            Split.AddsUp(result, 5);
        }

        [Fact]
        public void ProcessTimeWithNoBusyTimeStillMakesNoInfinity()
        {
            using var tree = new KernelTree();
            tree.Machine(1000, 1000);
            tree.Process(100, "app", 1, 0, 0, 4000);
            using WorkloadAttribution attribution = Started(tree, 100);

            // Read a tick apart from /proc/stat: the process moved, the machine's busy time did not.
            tree.Machine(1000, 1100);
            tree.Process(100, "app", 1, 3, 0, 4000);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 5, 2, Intensity));

            Assert.Equal(0.0, Assert.Single(result.Workloads).CpuEnergyJoules);
            Split.AddsUp(result, 7);
        }

        [Fact]
        public void AProcessThatExitsKeepsWhatItUsedAndStopsAppearing()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            tree.Process(100, "stays", 1, 0, 0, 4000);
            tree.Process(200, "leaves", 1, 0, 0, 4100);
            using WorkloadAttribution attribution = Started(tree, 100, 200);

            tree.Machine(100, 0);
            tree.Process(100, "stays", 1, 20, 0, 4000);
            tree.Process(200, "leaves", 1, 30, 0, 4100);
            AttributionResult first = attribution.Attribute(new AttributionInput(1, 10, null, Intensity));
            Assert.Equal(3.0, first.Workloads.Single(r => r.ProcessId == 200).CpuEnergyJoules, 12);

            // 200 used 10 more jiffies after the read, then exited: they are unattributed, not invented.
            tree.Machine(200, 0);
            tree.Exit(200);
            tree.Process(100, "stays", 1, 60, 0, 4000);
            AttributionResult second = attribution.Attribute(new AttributionInput(1, 10, null, Intensity));

            Assert.Equal(100, Assert.Single(second.Workloads).ProcessId);
            Assert.Equal(4.0, second.Workloads[0].CpuEnergyJoules, 12);
            Assert.Equal(6.0, second.Unattributed.CpuEnergyJoules, 12);
            Split.AddsUp(second, 10);
            Assert.Equal(3.0, attribution.Totals().Single(r => r.ProcessId == 200).CpuEnergyJoules, 12);
            Assert.Empty(second.Warnings);
        }

        [Fact]
        public void APidReusedByAnotherProgramIsNotTheTrackedProcess()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            tree.Process(300, "original", 1, 10, 0, 5000);
            using WorkloadAttribution attribution = Started(tree, 300);

            tree.Machine(100, 0);
            tree.Process(300, "original", 1, 60, 0, 5000);
            Assert.Single(attribution.Attribute(new AttributionInput(1, 10, null, Intensity)).Workloads);

            // The original exited and the kernel gave pid 300 to a new program: later start, large counter.
            tree.Machine(200, 0);
            tree.Process(300, "impostor", 1, 90, 0, 9000);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 10, null, Intensity));

            Assert.Empty(result.Workloads);
            Assert.Equal(10.0, result.Unattributed.CpuEnergyJoules);
            WorkloadEnergy total = attribution.Totals().Single(r => r.Kind == WorkloadKind.Process);
            Assert.Equal("original", total.Workload);
            Assert.Equal(5.0, total.CpuEnergyJoules, 12);
        }

        [Fact]
        public void ACommandWithSpacesAndParenthesesIsParsedFromTheLastParenthesis()
        {
            Assert.True(ProcPidFiles.TryParseStat(
                "42 (my (odd) app) x) R 7 42 42 0 -1 0 0 0 0 0 123 45 6 7 20 0 1 0 98765 1 2 3\n", out PidStat stat));
            Assert.Equal(42, stat.Pid);
            Assert.Equal("my (odd) app) x", stat.Command);
            Assert.Equal(7, stat.ParentId);
            Assert.Equal(168UL, stat.CpuTicks);
            Assert.Equal(98765UL, stat.StartTicks);
            Assert.False(ProcPidFiles.TryParseStat("42 (truncated) R 7", out _));

            using var tree = new KernelTree();
            tree.Machine(0, 0);
            tree.Process(42, "a) S 1 2 3 (b", 1, 0, 0, 4000);
            using WorkloadAttribution attribution = Started(tree, 42);
            tree.Machine(10, 0);
            tree.Process(42, "a) S 1 2 3 (b", 1, 4, 1, 4000);
            AttributionResult result = attribution.Attribute(new AttributionInput(1, 10, null, Intensity));
            WorkloadEnergy row = Assert.Single(result.Workloads);
            Assert.Equal("a) S 1 2 3 (b", row.Workload);
            Assert.Equal(5.0, row.CpuEnergyJoules, 12);
        }

        [Fact]
        public void AMissingProcessIsReportedOnceAndLeavesEverythingUnattributed()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            using WorkloadAttribution attribution = Started(tree, 999);

            tree.Machine(10, 0);
            AttributionResult first = attribution.Attribute(new AttributionInput(1, 10, 1, Intensity));
            tree.Machine(20, 0);
            AttributionResult second = attribution.Attribute(new AttributionInput(1, 10, 1, Intensity));

            Assert.Contains(first.Warnings, w => w.Contains("999"));
            Assert.Empty(second.Warnings);
            Split.AddsUp(second, 11);
        }

        [Fact]
        public void WithoutStartTheFirstIntervalIsABaseline()
        {
            using var tree = new KernelTree();
            tree.Machine(0, 0);
            tree.Process(100, "app", 1, 0, 0, 4000);
            var options = tree.Options();
            options.ProcessIds.Add(100);
            using var attribution = new WorkloadAttribution(options);

            AttributionResult result = attribution.Attribute(new AttributionInput(1, 10, 2, Intensity));

            Assert.Equal(AttributionStatus.Baseline, result.Status);
            Split.AddsUp(result, 12);
        }

        [Fact]
        public void TakesTheCpuAndMemoryOfASessionSampleAndLeavesTheRestUnattributed()
        {
            var sample = new Sample { IntervalSeconds = 2, Intensity = Sessions.Intensity(50) };
            SetSlot(sample, Tracarbon.Measurement.Component.Cpu, 30);
            SetSlot(sample, Tracarbon.Measurement.Component.Memory, 6);
            SetSlot(sample, Tracarbon.Measurement.Component.Host, 50);

            AttributionInput input = AttributionInput.FromSample(sample);

            Assert.Equal(2, input.IntervalSeconds);
            Assert.Equal(30.0, input.CpuEnergyJoules);
            Assert.Equal(6.0, input.MemoryEnergyJoules);
            Assert.Equal(14.0, input.OtherEnergyJoules);
            Assert.Equal(50, input.IntensityGramsPerKilowattHour);
        }

        internal static WorkloadAttribution Started(KernelTree tree, params int[] pids)
        {
            AttributionOptions options = tree.Options();
            foreach (int pid in pids)
            {
                options.ProcessIds.Add(pid);
            }

            var attribution = new WorkloadAttribution(options);
            attribution.Start();
            return attribution;
        }

        private static void SetSlot(Sample sample, Tracarbon.Measurement.Component component, double joules)
        {
            ref ComponentSample slot = ref sample.Slot(component);
            slot.Present = true;
            slot.EnergyJoules = joules;
        }
    }
}
