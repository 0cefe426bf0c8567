using System;
using System.Runtime.InteropServices;
using System.Text;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Estimation;
using Tracarbon.Measurement.Estimation.MacOS;
using Xunit;

namespace Tracarbon.Tests.Estimation
{
    /// <summary>The arithmetic behind host_statistics, host_statistics64 and sysctl, run on any system.</summary>
    public sealed class MacEstimationTests
    {
        private const double Tolerance = 1e-12;
        private const double WattsTolerance = 1e-9;

        // Two HOST_CPU_LOAD_INFO readings 1 s apart on 8 CPUs (8 x 100 ticks): user and idle wrap past 2^32.
        private static readonly MachCpuLoad Before = new MachCpuLoad(4294967000, 1200000000, 4294967196, 5000);
        private static readonly MachCpuLoad After = new MachCpuLoad(204, 1200000100, 90, 5010);

        [Fact]
        public void TheFirstReadingIsUserSystemNiceOverAllFour()
        {
            CpuTimes times = MachTicks.FirstReading(new MachCpuLoad(1000, 500, 8000, 10));

            // busy = 1000 + 500 + 10 = 1510; total = 1510 + 8000 = 9510.
            Assert.Equal(1510UL, times.Busy);
            Assert.Equal(9510UL, times.Total);
        }

        [Fact]
        public void AdvanceWithoutWrapIsThePlainDifference()
        {
            CpuTimes t0 = MachTicks.FirstReading(new MachCpuLoad(1000, 500, 8000, 10));
            var before = new MachCpuLoad(1000, 500, 8000, 10);
            CpuTimes t1 = MachTicks.Advance(t0, before, new MachCpuLoad(1300, 600, 8550, 50));

            // Δbusy = 300 + 100 + 40 = 440; Δidle = 550; u = 440 / 990 = 0.444...
            Assert.Equal(1950UL, t1.Busy);
            Assert.Equal(10500UL, t1.Total);
            Assert.Equal(440.0 / 990.0, ProcStat.Utilisation(t0, t1)!.Value, Tolerance);
        }

        [Fact]
        public void A32BitWrapIsTheAdvanceModulo2To32()
        {
            CpuTimes t0 = MachTicks.FirstReading(Before);
            CpuTimes t1 = MachTicks.Advance(t0, Before, After);

            // user 4 294 967 000 -> 204 is (2^32 - 4 294 967 000) + 204 = 296 + 204 = 500 ticks;
            // system +100, nice +10: Δbusy = 610. idle 4 294 967 196 -> 90 is 100 + 90 = 190.
            // Δtotal = 610 + 190 = 800 (8 CPUs x 100 ticks); u = 610 / 800 = 0.7625.
            Assert.Equal(500U, MachTicks.Delta(Before.UserTicks, After.UserTicks));
            Assert.Equal(190U, MachTicks.Delta(Before.IdleTicks, After.IdleTicks));
            Assert.Equal(5494972000UL, t0.Busy);
            Assert.Equal(9789939196UL, t0.Total);
            Assert.Equal(5494972610UL, t1.Busy);
            Assert.Equal(9789939996UL, t1.Total);
            Assert.Equal(0.7625, ProcStat.Utilisation(t0, t1)!.Value, Tolerance);
        }

        [Fact]
        public void TheWidenerKeepsCountersRisingAcrossTheWrap()
        {
            var widener = new MachTickWidener();

            CpuTimes t0 = widener.Next(Before);
            CpuTimes t1 = widener.Next(After);
            CpuTimes t2 = widener.Next(After);

            // The raw busy sum fell from 5 494 972 000 to 1 200 005 314; the widened one rose by 610.
            Assert.Equal(610UL, t1.Busy - t0.Busy);
            Assert.Equal(800UL, t1.Total - t0.Total);
            Assert.Equal(t1.Total, t2.Total);
            Assert.Null(ProcStat.Utilisation(t1, t2));
        }

        [Fact]
        public void WideningAllocatesNothing()
        {
            var widener = new MachTickWidener();
            widener.Next(Before);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (uint i = 0; i < 1000; i++)
            {
                widener.Next(new MachCpuLoad(i, i, i, i));
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Fact]
        public void VmStatistics64HasTheMachLayout()
        {
            // 38 integer_t words; active at byte 4, wired at 12, compressor pages at 128.
            Assert.Equal(152, Marshal.SizeOf<VmStatistics64>());
            Assert.Equal((int)MacNative.VmInfo64Count * 4, Marshal.SizeOf<VmStatistics64>());
            Assert.Equal(4, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.ActiveCount)));
            Assert.Equal(12, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.WireCount)));
            Assert.Equal(128, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.CompressorPageCount)));
            Assert.Equal((int)MacNative.CpuLoadInfoCount * 4, Marshal.SizeOf<MachCpuLoad>());
        }

        [Fact]
        public void MemoryInUseIsActiveWiredAndCompressorPagesTimesThePageSize()
        {
            // 250 000 active + 120 000 wired + 30 000 compressor = 400 000 pages of 16 KiB (Apple silicon):
            // 400 000 x 16 384 = 6 553 600 000 B; x 0.375 W/GB = 2.4576 W.
            ulong? bytes = MachMemory.InUseBytes(250000, 120000, 30000, 16384);

            Assert.Equal(6553600000UL, bytes);
            Assert.Equal(2.4576, bytes!.Value / 1e9 * EstimatorProbe.MemoryWattsPerGigabyte, WattsTolerance);
            Assert.Equal(
                3UL * uint.MaxValue * 65536,
                MachMemory.InUseBytes(uint.MaxValue, uint.MaxValue, uint.MaxValue, 65536));
            Assert.Null(MachMemory.InUseBytes(1, 1, 1, 0));
        }

        [Fact]
        public void AppleSiliconBrandGivesAppleAsVendor()
        {
            CpuInfo info = MacCpuInfo.FromValues("Apple M2 Pro", null, 12, false, 4);

            Assert.Equal("Apple M2 Pro", info.ModelName);
            Assert.Equal("Apple", info.Vendor);
            Assert.Equal(12, info.LogicalCpus);
        }

        [Fact]
        public void IntelMacKeepsItsVendorAndFallsBackToTheRuntimeCount()
        {
            CpuInfo info = MacCpuInfo.FromValues(
                "Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz", "GenuineIntel", null, true, 16);

            Assert.Equal("GenuineIntel", info.Vendor);
            Assert.Equal(16, info.LogicalCpus);
            Assert.True(info.IsVirtualMachine);
            Assert.Equal(string.Empty, MacCpuInfo.FromValues(null, null, 0, false, 2).ModelName);
        }

        [Fact]
        public void SysctlStringsDecodeUpToTheNull()
        {
            byte[] data = Encoding.UTF8.GetBytes("Apple M1\0\0\0");

            Assert.Equal("Apple M1", MacCpuInfo.DecodeCString(data, data.Length));
            Assert.Equal("Apple", MacCpuInfo.DecodeCString(data, 5));
        }

        [Fact]
        public void TheProbeEstimatesAcrossAWrapAndNamesTheCalls()
        {
            var cpu = new ReplayedCpuLoad(Before, After);
            var memory = new FixedMemory(MacMemoryInUse.CallName, 6553600000);
            var host = new EstimatorHost(
                HostOs.MacOS, HostOs.MacOS, cpu, memory, () => MacCpuInfo.FromValues("Apple M1", null, 8, false, 8));
            var probe = new EstimatorProbe(new EstimatorOptions(), host);
            var readings = new ProbeReadings();

            probe.Start();
            probe.Sample(1.0, readings);

            // "Apple M1" is the table's 10 W row: idle 0.258821836 x 10 W = 2.58821836 W, and
            // P = 2.58821836 + (10 - 2.58821836) x 0.7625 = 8.23970186 W. Memory 6.5536 GB -> 2.4576 W.
            double idle = CcfCoefficients.Shared.IdleFraction * 10;
            Assert.Equal(CpuModelMatchKind.Matched, probe.ModelMatch!.Kind);
            Assert.Equal(0.7625, probe.Utilisation!.Value, Tolerance);
            Assert.Equal(8.239701861314366, readings.ValueOf(Component.Cpu), WattsTolerance);
            Assert.Equal(idle + ((10 - idle) * 0.7625), readings.ValueOf(Component.Cpu), WattsTolerance);
            Assert.Equal(2.4576, readings.ValueOf(Component.Memory), WattsTolerance);
            Assert.Equal("host_statistics HOST_CPU_LOAD_INFO", probe.UtilisationSource);
            Assert.Contains("; utilisation from host_statistics HOST_CPU_LOAD_INFO", probe.Source);
            Assert.EndsWith("W/GB in use from host_statistics64 HOST_VM_INFO64", probe.Source);
        }

        /// <summary>Plays raw Mach readings back through the real widener, the last one repeating.</summary>
        private sealed class ReplayedCpuLoad : ICpuTimesSource
        {
            private readonly MachTickWidener _widener = new MachTickWidener();
            private readonly MachCpuLoad[] _readings;
            private int _next;

            public ReplayedCpuLoad(params MachCpuLoad[] readings)
            {
                _readings = readings;
            }

            public string Name => MacCpuTimesSource.CallName;

            public string Fix => "none";

            public CpuTimes Read() => _widener.Next(_readings[Math.Min(_next++, _readings.Length - 1)]);
        }
    }
}
