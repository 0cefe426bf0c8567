using System;
using System.Runtime.InteropServices;

namespace Tracarbon.Measurement.Estimation.MacOS
{
    /// <summary>
    /// host_cpu_load_info: ticks of the statistics clock spent in each state since boot, summed over every
    /// CPU, in the order of CPU_STATE_USER, CPU_STATE_SYSTEM, CPU_STATE_IDLE, CPU_STATE_NICE. Each is a
    /// 32-bit counter that wraps to 0.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MachCpuLoad
    {
        public uint UserTicks;
        public uint SystemTicks;
        public uint IdleTicks;
        public uint NiceTicks;

        public MachCpuLoad(uint userTicks, uint systemTicks, uint idleTicks, uint niceTicks)
        {
            UserTicks = userTicks;
            SystemTicks = systemTicks;
            IdleTicks = idleTicks;
            NiceTicks = niceTicks;
        }
    }

    /// <summary>Widens the wrapping 32-bit Mach tick counters into 64-bit busy and total ticks.</summary>
    internal static class MachTicks
    {
        /// <summary>The first reading as it stands: busy = user + system + nice, total = busy + idle.</summary>
        public static CpuTimes FirstReading(MachCpuLoad load)
        {
            ulong busy = (ulong)load.UserTicks + load.SystemTicks + load.NiceTicks;
            return new CpuTimes(busy, busy + load.IdleTicks);
        }

        /// <summary>
        /// The widened counters after <paramref name="current"/>: each state's advance since
        /// <paramref name="previous"/>, taken modulo 2^32, added to <paramref name="widened"/>.
        /// </summary>
        public static CpuTimes Advance(CpuTimes widened, MachCpuLoad previous, MachCpuLoad current)
        {
            ulong busy = (ulong)Delta(previous.UserTicks, current.UserTicks)
                + Delta(previous.SystemTicks, current.SystemTicks)
                + Delta(previous.NiceTicks, current.NiceTicks);
            ulong idle = Delta(previous.IdleTicks, current.IdleTicks);
            return new CpuTimes(widened.Busy + busy, widened.Total + busy + idle);
        }

        /// <summary>
        /// How far a 32-bit counter moved: subtraction modulo 2^32, right across one wrap. The counters only
        /// move forward, and a sampling interval (a day at most) is far shorter than the 2^32 ticks a counter
        /// takes to come round, so a single wrap is the only one possible between two reads.
        /// </summary>
        public static uint Delta(uint before, uint after) => unchecked(after - before);
    }

    /// <summary>Keeps the last raw reading so that each new one extends 64-bit counters that never wrap.</summary>
    internal sealed class MachTickWidener
    {
        private bool _hasPrevious;
        private MachCpuLoad _previous;
        private CpuTimes _widened;

        public CpuTimes Next(MachCpuLoad load)
        {
            _widened = _hasPrevious ? MachTicks.Advance(_widened, _previous, load) : MachTicks.FirstReading(load);
            _previous = load;
            _hasPrevious = true;
            return _widened;
        }
    }

    /// <summary>
    /// CPU time from <c>host_statistics(mach_host_self(), HOST_CPU_LOAD_INFO)</c>, which needs no root.
    /// Allocates nothing per read.
    /// </summary>
    internal sealed class MacCpuTimesSource : ICpuTimesSource
    {
        public const string CallName = "host_statistics HOST_CPU_LOAD_INFO";

        private readonly MachTickWidener _widener = new MachTickWidener();

        public string Name => CallName;

        public string Fix =>
            "host_statistics is part of libSystem on every macOS version and needs no root; a process that "
            + "cannot call it is confined by its host, and the estimator has nothing to work from there.";

        public CpuTimes Read()
        {
            int result;
            MachCpuLoad load;
            uint count = MacNative.CpuLoadInfoCount;
            try
            {
                result = MacNative.HostStatistics(MacNative.Host, MacNative.HostCpuLoadInfo, out load, ref count);
            }
            catch (Exception e) when (MacNative.IsMissingEntry(e))
            {
                throw Failure($"{CallName} could not be called: {e.Message}", e);
            }

            if (result != MacNative.KernSuccess || count < MacNative.CpuLoadInfoCount)
            {
                throw Failure($"{CallName} failed with kern_return_t {result} ({count} of 4 counters).", null);
            }

            return _widener.Next(load);
        }

        private static ProbeReadException Failure(string message, Exception? inner) =>
            new ProbeReadException(EstimatorProbe.ProbeName, Component.Cpu, CallName, message, inner);
    }
}
