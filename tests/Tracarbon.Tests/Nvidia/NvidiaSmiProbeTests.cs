using System;
using System.IO;
using System.Linq;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Nvidia;
using Tracarbon.Platform;
using Tracarbon.Tests.Platform;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Nvidia
{
    public sealed class NvidiaSmiProbeTests
    {
        private const string Smi = "/usr/bin/nvidia-smi";

        private static (NvidiaSmiProbe Probe, ProbeReadings Readings) SampleOnce(string output)
        {
            var probe = new NvidiaSmiProbe(new RecordedProcessRunner(Smi).Prints(output));
            var readings = new ProbeReadings();
            probe.Start();
            probe.Sample(1.0, readings);
            return (probe, readings);
        }

        [Fact]
        public void C09_EveryGpuLineIsReadOnceAndSummed()
        {
            var (probe, readings) = SampleOnce("0, NVIDIA A10G, 35.20\n1, NVIDIA A10G, 120.50\n");

            // 35.20 + 120.50 = 155.70 W, not 2 x 35.20 = 70.40 W.
            Assert.Equal(ReadingKind.Power, readings.KindOf(Component.Gpu));
            Assert.Equal(155.70, readings.ValueOf(Component.Gpu), 9);
            Assert.Equal(new double?[] { 35.20, 120.50 }, probe.Gpus.Select(g => g.PowerWatts).ToArray());
            Assert.Equal(new int?[] { 0, 1 }, probe.Gpus.Select(g => g.Index).ToArray());
            Assert.Equal("nvidia-smi power.draw, 2 of 2 GPUs", readings.SourceOf(Component.Gpu));

            // Over a 2 s interval the session turns 155.70 W into 311.40 J.
            Assert.Equal(311.40, readings.EnergyJoules(Component.Gpu, 2.0)!.Value, 9);
        }

        [Theory]
        [InlineData("[N/A]", GpuPowerStatus.NotAvailable)]
        [InlineData("[Not Supported]", GpuPowerStatus.NotSupported)]
        public void C10_AGpuWithoutAReadingIsFlaggedAndTheOthersStillCount(string missing, GpuPowerStatus status)
        {
            string output = "0, NVIDIA GeForce RTX 3090, 285.40\r\n1, NVIDIA GeForce GT 710, " + missing + "\r\n";

            var (probe, readings) = SampleOnce(output);

            // Only GPU 0 reports: the total is 285.40 W.
            Assert.Equal(285.40, readings.ValueOf(Component.Gpu), 9);
            Assert.Equal("nvidia-smi power.draw, 1 of 2 GPUs", readings.SourceOf(Component.Gpu));
            GpuPowerReading gt710 = probe.Gpus[1];
            Assert.Equal(1, gt710.Index);
            Assert.Equal("NVIDIA GeForce GT 710", gt710.Name);
            Assert.Null(gt710.PowerWatts);
            Assert.Equal(status, gt710.Status);
            Assert.Equal(missing, gt710.Text);
            Assert.Equal(GpuPowerStatus.Reported, probe.Gpus[0].Status);
        }

        [Fact]
        public void WhenNoGpuReportsTheGpuIsMissingNotZero()
        {
            var (probe, readings) = SampleOnce("0, Tesla K80, [N/A]\n1, Tesla K80, [Not Supported]\n");

            Assert.Equal(ReadingKind.Missing, readings.KindOf(Component.Gpu));
            Assert.Null(readings.EnergyJoules(Component.Gpu, 1.0));
            Assert.Equal(2, probe.Gpus.Count);
        }

        [Fact]
        public void AGarbageLineIsFlaggedAndDoesNotHideTheGpusAroundIt()
        {
            string output = "0, Tesla T4, 27.31\n" +
                "WARNING: infoROM is corrupted at gpu 0000:00:04.0\n" +
                "1, Tesla T4, 70.0x\n" +
                "2, Tesla T4, 31.02\n";

            var (probe, readings) = SampleOnce(output);

            // 27.31 + 31.02 = 58.33 W; the warning and the garbled "70.0x" are not GPUs with a reading.
            Assert.Equal(58.33, readings.ValueOf(Component.Gpu), 9);
            Assert.Equal("nvidia-smi power.draw, 2 of 3 GPUs", readings.SourceOf(Component.Gpu));
            Assert.Equal(4, probe.Gpus.Count);
            Assert.Equal(GpuPowerStatus.Unreadable, probe.Gpus[1].Status);
            Assert.Null(probe.Gpus[1].Index);
            Assert.Equal("WARNING: infoROM is corrupted at gpu 0000:00:04.0", probe.Gpus[1].Text);
            Assert.Equal(GpuPowerStatus.Unreadable, probe.Gpus[2].Status);
            Assert.Equal(1, probe.Gpus[2].Index);
        }

        [Fact]
        public void OutputWithNoGpuLineAtAllIsAnErrorForTheSessionToCount()
        {
            var probe = new NvidiaSmiProbe(new RecordedProcessRunner(Smi)
                .Prints("Failed to initialize NVML: Driver/library version mismatch\n"));

            var ex = Assert.Throws<InvalidDataException>(() => probe.Sample(1.0, new ProbeReadings()));

            Assert.Contains("Driver/library version mismatch", ex.Message);
            Assert.Contains(Smi, ex.Message);
        }

        [Fact]
        public void ADriverMessageInThePowerFieldIsFlaggedAsADriverError()
        {
            var (probe, readings) = SampleOnce(
                "0, NVIDIA A100-SXM4-40GB, [GPU is lost]\n1, NVIDIA A100-SXM4-40GB, 61.5 W\n");

            // The unit is tolerated when nounits is ignored by an old driver: 61.5 W.
            Assert.Equal(61.5, readings.ValueOf(Component.Gpu), 9);
            Assert.Equal(GpuPowerStatus.DriverError, probe.Gpus[0].Status);
        }

        [Fact]
        public void ItRunsTheDocumentedQueryWithoutAShell()
        {
            var runner = new RecordedProcessRunner(Smi).Prints("0, Tesla T4, 27.31\n");
            var probe = new NvidiaSmiProbe(runner, "/opt/nvidia/bin/nvidia-smi", TimeSpan.FromSeconds(3));

            probe.Sample(1.0, new ProbeReadings());

            var call = Assert.Single(runner.Calls);
            Assert.Equal("/opt/nvidia/bin/nvidia-smi", call.Program);
            Assert.Equal(
                new[] { "--query-gpu=index,name,power.draw", "--format=csv,noheader,nounits" }, call.Arguments);
            Assert.Equal(TimeSpan.FromSeconds(3), call.Timeout);
        }

        [Fact]
        public void WithoutNvidiaSmiThereIsNoSourceAndNoException()
        {
            var probe = new NvidiaSmiProbe(new RecordedProcessRunner(installedAt: null));

            ProbeAvailability availability = probe.CheckAvailability();

            Assert.False(availability.Available);
            Assert.StartsWith("no nvidia-smi", availability.Reason);
            Assert.Contains(NvidiaSmiProbe.PathVariable, availability.Fix);
        }

        [Fact]
        public void WithoutNvidiaSmiOnTheRealPathTheAnswerIsNo()
        {
            string empty = Directory.CreateTempSubdirectory("tracarbon-nopath-").FullName;
            try
            {
                var probe = new NvidiaSmiProbe(new ProcessRunner(searchPath: empty));

                ProbeAvailability availability = probe.CheckAvailability();

                Assert.False(availability.Available);
                Assert.Equal("no nvidia-smi: 'nvidia-smi' was not found on PATH.", availability.Reason);
            }
            finally
            {
                Directory.Delete(empty);
            }
        }

        [Fact]
        public void ADriverThatDoesNotAnswerMakesTheProbeUnavailableWithTheReason()
        {
            var runner = new RecordedProcessRunner(Smi).Fails(
                ProcessFailure.NonZeroExit,
                "The program '/usr/bin/nvidia-smi' exited with code 9: NVIDIA-SMI has failed because it " +
                "couldn't communicate with the NVIDIA driver.");

            ProbeAvailability availability = new NvidiaSmiProbe(runner).CheckAvailability();

            Assert.False(availability.Available);
            Assert.Contains("couldn't communicate with the NVIDIA driver", availability.Reason);
        }

        [Fact]
        public void AWorkingNvidiaSmiIsAvailable()
        {
            var probe = new NvidiaSmiProbe(new RecordedProcessRunner(Smi).Prints("0, NVIDIA H100 80GB HBM3, 71.84\n"));

            Assert.True(probe.CheckAvailability().Available);
            Assert.Equal("NvidiaGpu", probe.Name);
            Assert.Equal(ProbeKind.Measured, probe.Kind);
            Assert.Equal(new[] { Component.Gpu }, probe.Components);
        }

        [Fact]
        public void InASessionAFailedQueryIsCountedAndOnlyThatIntervalIsMissing()
        {
            var runner = new RecordedProcessRunner(Smi)
                .Prints("0, NVIDIA GeForce RTX 3090, 285.40\n1, NVIDIA GeForce GT 710, [N/A]\n")
                .Fails(ProcessFailure.TimedOut, "The program '/usr/bin/nvidia-smi' did not finish within 10 s.")
                .Prints("0, NVIDIA GeForce RTX 3090, 285.40\n1, NVIDIA GeForce GT 710, [N/A]\n");
            var clock = new ManualClock();
            using var session = new TrackingSession(Sessions.Options(clock, 1, new NvidiaSmiProbe(runner)));

            session.Start(background: false);
            session.RunUntil(4);
            var report = session.Stop();

            // Intervals 1, 3 and 4 read 285.40 W for 1 s each: 3 x 285.40 = 856.20 J; interval 2 is missing.
            ComponentReport gpu = report.Single(r => r.Component == Component.Gpu);
            Assert.Equal(856.20, gpu.EnergyJoules, 9);
            Assert.Equal(1, gpu.MissingIntervals);
            Assert.Equal(1, session.Errors.CountFor("probe 'NvidiaGpu'"));
        }

        [Fact]
        public void TheVariableNamesTheProgramWhenNoPathIsGiven()
        {
            string? saved = Environment.GetEnvironmentVariable(NvidiaSmiProbe.PathVariable);
            try
            {
                Environment.SetEnvironmentVariable(NvidiaSmiProbe.PathVariable, "/opt/cuda/bin/nvidia-smi");
                Assert.Equal("/opt/cuda/bin/nvidia-smi", NvidiaSmiProbe.Create().ProgramPath);
                Assert.Equal("/usr/local/bin/smi", NvidiaSmiProbe.Create("/usr/local/bin/smi").ProgramPath);

                Environment.SetEnvironmentVariable(NvidiaSmiProbe.PathVariable, null);
                Assert.Equal("nvidia-smi", NvidiaSmiProbe.Create().ProgramPath);
            }
            finally
            {
                Environment.SetEnvironmentVariable(NvidiaSmiProbe.PathVariable, saved);
            }
        }
    }
}
