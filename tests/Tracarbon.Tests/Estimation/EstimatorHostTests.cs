using System;
using System.IO;
using System.Runtime.InteropServices;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Estimation;
using Tracarbon.Measurement.Estimation.MacOS;
using Tracarbon.Measurement.Estimation.Windows;
using Xunit;

namespace Tracarbon.Tests.Estimation
{
    /// <summary>Which sources the estimator reads on which system, with the system injected.</summary>
    public sealed class EstimatorHostTests
    {
        private static readonly string Nowhere =
            Path.Combine(Path.GetTempPath(), "tracarbon-no-proc-" + Guid.NewGuid().ToString("N"));

        [Theory]
        [InlineData("Linux", "Linux")]
        [InlineData("Windows", "Windows")]
        [InlineData("MacOS", "MacOS")]
        [InlineData("Other", "Linux")]
        public void TheDefaultProcRootLeavesTheChoiceToTheSystem(string os, string expected)
        {
            HostOs sources = EstimatorHost.ChooseSources(Enum.Parse<HostOs>(os), EstimatorOptions.DefaultProcRoot);

            Assert.Equal(Enum.Parse<HostOs>(expected), sources);
        }

        [Theory]
        [InlineData("Linux")]
        [InlineData("Windows")]
        [InlineData("MacOS")]
        [InlineData("Other")]
        public void AnotherProcRootIsReadOnEverySystem(string os)
        {
            Assert.Equal(HostOs.Linux, EstimatorHost.ChooseSources(Enum.Parse<HostOs>(os), "/fixtures/proc"));
        }

        [Fact]
        public void EachSystemGetsItsOwnSources()
        {
            EstimatorHost windows = EstimatorHost.For(HostOs.Windows, EstimatorOptions.Default);
            EstimatorHost mac = EstimatorHost.For(HostOs.MacOS, EstimatorOptions.Default);
            EstimatorHost linux = EstimatorHost.For(HostOs.Linux, EstimatorOptions.Default);

            Assert.IsType<WindowsCpuTimesSource>(windows.CpuTimes);
            Assert.IsType<WindowsMemoryInUse>(windows.Memory);
            Assert.Equal("GetSystemTimes", windows.CpuTimes.Name);
            Assert.IsType<MacCpuTimesSource>(mac.CpuTimes);
            Assert.IsType<MacMemoryInUse>(mac.Memory);
            Assert.IsType<ProcStatReader>(linux.CpuTimes);
            Assert.IsType<MemoryInUseReader>(linux.Memory);
            Assert.Equal("/proc/stat", linux.CpuTimes.Name);
            Assert.True(linux.ReadsProc);
            Assert.False(windows.ReadsProc || mac.ReadsProc);
        }

        [Fact]
        public void ThisLinuxMachineStillReadsProc()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return;
            }

            EstimatorProbe probe = EstimatorProbe.ForThisMachine();

            Assert.Equal(HostOs.Linux, EstimatorHost.CurrentOs());
            Assert.True(probe.UsesCgroupCpuUsage || probe.UtilisationSource == "/proc/stat");
            Assert.DoesNotContain("utilisation from", probe.Source);
            Assert.DoesNotContain("GetSystemTimes", probe.Source);
            Assert.True(probe.CheckAvailability().Available);
        }

        [Theory]
        [InlineData("Windows", "GetSystemTimes", "GlobalMemoryStatusEx")]
        [InlineData("MacOS", "host_statistics HOST_CPU_LOAD_INFO", "host_statistics64 HOST_VM_INFO64")]
        public void AnotherSystemsCallsFailHereWithReasonsNeverZero(string system, string cpuCall, string memoryCall)
        {
            HostOs os = Enum.Parse<HostOs>(system);
            if (EstimatorHost.CurrentOs() == os)
            {
                return;
            }

            // The calls' libraries do not exist on this machine: the probe says so instead of failing.
            var probe = new EstimatorProbe(EstimatorOptions.Default, EstimatorHost.For(os, EstimatorOptions.Default));
            var readings = new ProbeReadings();

            ProbeAvailability availability = probe.CheckAvailability();
            Assert.False(availability.Available);
            Assert.Contains(cpuCall, availability.Reason);
            Assert.Contains(cpuCall.Split(' ')[0] + " is part of", availability.Fix);
            Assert.Contains(cpuCall, probe.Source);
            Assert.Equal(Environment.ProcessorCount, probe.CpuInfo.LogicalCpus);
            Assert.Equal(probe.CpuInfo.LogicalCpus, probe.EffectiveCpus);

            ProbeReadException start = Assert.Throws<ProbeReadException>(() => probe.Start());
            Assert.Equal(cpuCall, start.Path);

            ProbeReadException sample = Assert.Throws<ProbeReadException>(() => probe.Sample(1.0, readings));
            Assert.Contains(memoryCall, sample.Message);
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Cpu));
            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Memory));
        }

        [Fact]
        public void AnUnknownSystemWithoutProcSaysWhatEachSystemReads()
        {
            var options = new EstimatorOptions(Nowhere, Nowhere);
            var probe = new EstimatorProbe(options, EstimatorHost.For(HostOs.Other, options));

            ProbeAvailability availability = probe.CheckAvailability();

            Assert.False(availability.Available);
            Assert.Contains("stat", availability.Reason);
            Assert.StartsWith("The estimator reads /proc/stat on Linux, GetSystemTimes on Windows", availability.Fix);
            Assert.Contains("TRACARBON_PROC_ROOT", availability.Fix);
        }

        [Fact]
        public void CgroupLimitsApplyOnlyBesideAProcTree()
        {
            using var tree = new FixtureTree("c12-v2");
            var host = new EstimatorHost(
                HostOs.Windows,
                HostOs.Windows,
                new ConstantCpuTimes(),
                new FixedMemory(WindowsMemoryInUse.CallName, 1000000000),
                () => new CpuInfo("GenuineIntel", string.Empty, 8, false));

            // The tree's cpu.max and memory.max (2 CPUs, 4 GiB) would bind a Linux container, not Windows.
            var probe = new EstimatorProbe(new EstimatorOptions(cgroupRoot: tree.Cgroup), host);

            Assert.Equal(8.0, probe.EffectiveCpus);
            Assert.False(probe.UsesCgroupCpuUsage);
            Assert.Contains("GlobalMemoryStatusEx", probe.MemorySource);
        }

        private sealed class ConstantCpuTimes : ICpuTimesSource
        {
            public string Name => WindowsCpuTimesSource.CallName;

            public string Fix => "none";

            public CpuTimes Read() => new CpuTimes(1, 2);
        }
    }
}
