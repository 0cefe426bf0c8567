using System.Runtime.InteropServices;
using System.Text;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Estimation;
using Tracarbon.Measurement.Estimation.Windows;
using Xunit;

namespace Tracarbon.Tests.Estimation
{
    /// <summary>The arithmetic behind GetSystemTimes and GlobalMemoryStatusEx, run on any system.</summary>
    public sealed class WindowsEstimationTests
    {
        // Integer counters divided once: 1e-12 only absorbs the division; watts allow 1e-9.
        private const double Tolerance = 1e-12;
        private const double WattsTolerance = 1e-9;

        // Two GetSystemTimes readings 1 s apart on 4 CPUs, as (low, high) halves. The CPUs had 4 x 1 s =
        // 4e7 units of 100 ns between them; the idle low half wraps into the high half on the way.
        private static readonly FileTime Idle0 = new FileTime(4280000000, 27);   // 120 244 116 992
        private static readonly FileTime Kernel0 = new FileTime(1395098112, 30); // 130 244 116 992
        private static readonly FileTime User0 = new FileTime(1115098112, 3);    //  14 000 000 000
        private static readonly FileTime Idle1 = new FileTime(10032704, 28);     // 120 269 116 992
        private static readonly FileTime Kernel1 = new FileTime(1422098112, 30); // 130 271 116 992
        private static readonly FileTime User1 = new FileTime(1128098112, 3);    //  14 013 000 000

        [Fact]
        public void AFileTimeJoinsItsHalves()
        {
            Assert.Equal(120244116992UL, Idle0.Value);
            Assert.Equal(120269116992UL, Idle1.Value);
            Assert.Equal(ulong.MaxValue, new FileTime(uint.MaxValue, uint.MaxValue).Value);
        }

        [Fact]
        public void KernelTimeIncludesIdleSoBusyIsKernelPlusUserLessIdle()
        {
            Assert.True(SystemTimes.TryToCpuTimes(Idle0, Kernel0, User0, out CpuTimes t0));
            Assert.True(SystemTimes.TryToCpuTimes(Idle1, Kernel1, User1, out CpuTimes t1));

            double? utilisation = ProcStat.Utilisation(t0, t1);

            // Δidle = 25 000 000, Δkernel = 27 000 000 (the idle plus 2 000 000 busy), Δuser = 13 000 000.
            // total = Δkernel + Δuser = 40 000 000 (4 CPUs x 1 s); busy = 40 000 000 - 25 000 000 = 15 000 000.
            // u = 15 000 000 / 40 000 000 = 0.375. Counting idle beside kernel would give 40 / 65 = 0.615.
            Assert.Equal(24000000000UL, t0.Busy);
            Assert.Equal(144244116992UL, t0.Total);
            Assert.Equal(15000000UL, t1.Busy - t0.Busy);
            Assert.Equal(40000000UL, t1.Total - t0.Total);
            Assert.Equal(0.375, utilisation!.Value, Tolerance);
        }

        [Fact]
        public void IdleAboveKernelIsRefused()
        {
            bool converted = SystemTimes.TryToCpuTimes(
                new FileTime(1001, 0), new FileTime(1000, 0), new FileTime(500, 0), out CpuTimes times);

            Assert.False(converted);
            Assert.Equal(0UL, times.Total);
        }

        [Fact]
        public void MemoryInUseIsTotalLessAvailable()
        {
            // 16 GiB installed, 9 GiB available: 7 GiB = 7 516 192 768 B in use; x 0.375 W/GB = 2.818572288 W.
            ulong? inUse = MemoryStatus.InUseBytes(17179869184, 9663676416);

            Assert.Equal(7516192768UL, inUse);
            Assert.Equal(2.818572288, inUse!.Value / 1e9 * EstimatorProbe.MemoryWattsPerGigabyte, WattsTolerance);
            Assert.Null(MemoryStatus.InUseBytes(100, 101));
        }

        [Fact]
        public void MemoryStatusExHasTheWin32Layout()
        {
            // MEMORYSTATUSEX: two DWORDs, then seven DWORDLONGs; 64 bytes, as dwLength must say.
            Assert.Equal(64, Marshal.SizeOf<MemoryStatusEx>());
            Assert.Equal(64U, MemoryStatusEx.Empty().Length);
            Assert.Equal(8, (int)Marshal.OffsetOf<MemoryStatusEx>(nameof(MemoryStatusEx.TotalPhys)));
            Assert.Equal(16, (int)Marshal.OffsetOf<MemoryStatusEx>(nameof(MemoryStatusEx.AvailPhys)));
            Assert.Equal(8, Marshal.SizeOf<FileTime>());
        }

        [Fact]
        public void RegistryNameGivesTheModelAndVendor()
        {
            CpuInfo info = WindowsCpuInfo.FromValues(
                "Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz  ", "GenuineIntel",
                "Intel64 Family 6 Model 158 Stepping 10, GenuineIntel", 12);

            Assert.Equal("Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz", info.ModelName);
            Assert.Equal("GenuineIntel", info.Vendor);
            Assert.Equal(12, info.LogicalCpus);
            Assert.Equal(CpuModelMatchKind.Matched, CpuPowerTable.Shared.Lookup(info.ModelName).Kind);
        }

        [Fact]
        public void WithoutTheRegistryTheVariableGivesTheVendorOnly()
        {
            const string identifier = "AMD64 Family 25 Model 33 Stepping 0, AuthenticAMD";

            CpuInfo info = WindowsCpuInfo.FromValues(null, null, identifier, 16);

            Assert.Equal(string.Empty, info.ModelName);
            Assert.Equal("AuthenticAMD", info.Vendor);
            Assert.Equal(string.Empty, WindowsCpuInfo.VendorOf("no comma here"));
            Assert.Equal(1, WindowsCpuInfo.FromValues(null, null, null, 0).LogicalCpus);
        }

        [Fact]
        public void RegistryBytesDecodeUpToTheNull()
        {
            byte[] data = new byte[256];
            byte[] text = Encoding.Unicode.GetBytes("AMD Ryzen 9 7950X 16-Core Processor\0");
            text.CopyTo(data, 0);

            string decoded = WindowsCpuInfo.DecodeRegistryString(data, text.Length);

            Assert.Equal("AMD Ryzen 9 7950X 16-Core Processor", decoded);
            Assert.Equal("AMD", WindowsCpuInfo.DecodeRegistryString(data, 7));
        }

        [Fact]
        public void TheProbeEstimatesFromReplayedSystemTimesAndNamesTheCall()
        {
            var cpu = new ReplayedSystemTimes((Idle0, Kernel0, User0), (Idle1, Kernel1, User1));
            var memory = new FixedMemory(WindowsMemoryInUse.CallName, 7516192768);
            var host = new EstimatorHost(
                HostOs.Windows, HostOs.Windows, cpu, memory, () => new CpuInfo("GenuineIntel", "", 4, false));
            var model = new LinearPowerModel(0, 100, "TDP 100 W, no idle floor");
            var probe = new EstimatorProbe(new EstimatorOptions(cpuPowerModel: model), host);
            var readings = new ProbeReadings();

            probe.Start();
            probe.Sample(1.0, readings);

            // u = 0.375 (above) -> 0 + 100 W x 0.375 = 37.5 W; memory 7 516 192 768 B -> 2.818572288 W.
            Assert.Equal(37.5, readings.ValueOf(Component.Cpu), WattsTolerance);
            Assert.Equal(2.818572288, readings.ValueOf(Component.Memory), WattsTolerance);
            Assert.Equal("GetSystemTimes", probe.UtilisationSource);
            Assert.EndsWith("; utilisation from GetSystemTimes", readings.SourceOf(Component.Cpu));
            Assert.EndsWith("W/GB in use from GlobalMemoryStatusEx", probe.Source);
            Assert.True(probe.CheckAvailability().Available);
        }

        /// <summary>Plays GetSystemTimes readings back through the real conversion, the last one repeating.</summary>
        private sealed class ReplayedSystemTimes : ICpuTimesSource
        {
            private readonly (FileTime Idle, FileTime Kernel, FileTime User)[] _readings;
            private int _next;

            public ReplayedSystemTimes(params (FileTime Idle, FileTime Kernel, FileTime User)[] readings)
            {
                _readings = readings;
            }

            public string Name => WindowsCpuTimesSource.CallName;

            public string Fix => "none";

            public CpuTimes Read()
            {
                var (idle, kernel, user) = _readings[System.Math.Min(_next++, _readings.Length - 1)];
                Assert.True(SystemTimes.TryToCpuTimes(idle, kernel, user, out CpuTimes times));
                return times;
            }
        }
    }

    /// <summary>A memory source that always answers the same number of bytes.</summary>
    internal sealed class FixedMemory : IMemoryInUseSource
    {
        private readonly ulong _bytes;

        public FixedMemory(string name, ulong bytes)
        {
            Name = name;
            _bytes = bytes;
        }

        public string Name { get; }

        public string Figure => "a fixed figure of " + Name;

        public ulong ReadBytes() => _bytes;
    }
}
