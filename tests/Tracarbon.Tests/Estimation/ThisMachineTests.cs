using System;
using System.IO;
using System.Threading;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Estimation;
using Xunit;
using Xunit.Abstractions;

namespace Tracarbon.Tests.Estimation
{
    /// <summary>The estimator on the real /proc of the machine running the tests, where it has one.</summary>
    public sealed class ThisMachineTests
    {
        private readonly ITestOutputHelper _output;

        public ThisMachineTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void RealProcGivesPositivePowerAndNamesTheModel()
        {
            // Linux reads /proc; Windows and macOS read their system calls: every one of them is available.
            EstimatorProbe probe = EstimatorProbe.ForThisMachine();
            var readings = new ProbeReadings();
            Assert.True(probe.CheckAvailability().Available);

            probe.Start();

            // Two jiffies at USER_HZ 100 are 20 ms; a busy loop of 60 ms moves the total for sure.
            SpinFor(TimeSpan.FromMilliseconds(60));
            probe.Sample(0.06, readings);

            _output.WriteLine($"CPU {readings.ValueOf(Component.Cpu)} W at u = {probe.Utilisation}; " +
                $"memory {readings.ValueOf(Component.Memory)} W; {probe.Source}");

            // The idle floor keeps the CPU above 0 W whatever the load.
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Cpu));
            Assert.True(readings.ValueOf(Component.Cpu) > 0);
            Assert.True(probe.CpuPowerModel.MinWatts > 0);
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Memory));
            Assert.True(readings.ValueOf(Component.Memory) > 0);

            // The source quotes the model as cpuinfo names it, or says that it names none.
            string shown = CpuModelName.Display(probe.CpuInfo.ModelName);
            Assert.Contains(shown.Length > 0 ? "'" + shown + "'" : "processor model unknown", probe.Source);
        }

        private static void SpinFor(TimeSpan duration)
        {
            var until = DateTime.UtcNow + duration;
            while (DateTime.UtcNow < until)
            {
                Thread.SpinWait(1000);
            }
        }
    }
}
