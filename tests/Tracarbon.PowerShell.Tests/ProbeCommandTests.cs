using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Tracarbon.Measurement;
using Xunit;

namespace Tracarbon.PowerShell.Tests
{
    public sealed class ProbeCommandTests : IDisposable
    {
        private readonly PowerShellHost _ps = new PowerShellHost();
        private readonly string _dir = Directory.CreateTempSubdirectory("tracarbon-probe-").FullName;

        public void Dispose()
        {
            _ps.Run("Stop-CarbonTracking -ErrorAction SilentlyContinue | Out-Null");
            _ps.Run("Remove-Item Env:TRACARBON_POWERCAP_ROOT -ErrorAction SilentlyContinue");
            _ps.Run("Remove-Item Env:TRACARBON_INSTANCE_TYPE -ErrorAction SilentlyContinue");
            _ps.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        /// <summary>A one-package RAPL tree whose counter a test can move.</summary>
        private string RaplTree(long energy)
        {
            string zone = Path.Combine(_dir, "intel-rapl:0");
            Directory.CreateDirectory(zone);
            File.WriteAllText(Path.Combine(zone, "name"), "package-0\n");
            File.WriteAllText(Path.Combine(zone, "max_energy_range_uj"), "262143328850\n");
            File.WriteAllText(Path.Combine(zone, "energy_uj"), energy + "\n");
            return Path.Combine(zone, "energy_uj");
        }

        [Fact]
        public void GetCarbonProbeListsEveryProbeWithWhyTheUnavailableOnesCannotRead()
        {
            var probes = _ps.Run("Get-CarbonProbe").Select(o => (ProbeInfo)o.BaseObject).ToList();

            Assert.Equal(ProbeCatalog.Names, probes.Select(p => p.Name));
            ProbeInfo rapl = probes.Single(p => p.Name == "Rapl");
            Assert.False(rapl.Available);
            Assert.Contains("powercap", rapl.Reason);
            ProbeInfo estimator = probes.Single(p => p.Name == "Estimator");
            Assert.True(estimator.Available);
            Assert.Equal(ProbeKind.Estimated, estimator.Kind);
            Assert.Equal(new[] { Component.Cpu, Component.Memory }, estimator.Components);
            Assert.Equal(new[] { "Estimator" }, _ps.Run("Get-CarbonProbe -ListAvailable").Select(o => ((ProbeInfo)o.BaseObject).Name));
        }

        [Fact]
        public void GetCarbonPowerOnThisMachineEstimatesHostCpuAndMemory()
        {
            var readings = _ps.Run("Get-CarbonPower -SampleSeconds 0.3").Select(o => (PowerReading)o.BaseObject).ToList();

            Assert.Equal(new[] { Component.Host, Component.Cpu, Component.Memory }, readings.Select(r => r.Component));
            Assert.All(readings, r => Assert.Equal("Estimator", r.Probe));
            Assert.All(readings, r => Assert.True(r.PowerWatts > 0, $"{r.Component} {r.PowerWatts}"));
            Assert.Equal(readings[1].PowerWatts!.Value + readings[2].PowerWatts!.Value, readings[0].PowerWatts!.Value, 1e-9);
        }

        [Fact]
        public void GetCarbonPowerShowsTheWattsOfACloudInstance()
        {
            _ps.Run("$env:TRACARBON_INSTANCE_TYPE = 'aws:m5.8xlarge'");

            var readings = _ps.Run("Get-CarbonPower -Probe CloudInstance -SampleSeconds 0.3")
                .Select(o => (PowerReading)o.BaseObject).ToList();

            // The one reading at the end covers the whole sample: the utilisation baseline is taken at start.
            Assert.Equal(new[] { Component.Host, Component.Cpu, Component.Memory }, readings.Select(r => r.Component));
            Assert.All(readings, r => Assert.Equal("CloudInstance", r.Probe));
            Assert.All(readings, r => Assert.NotNull(r.PowerWatts));

            // m5.8xlarge: CPU 19.29 W idle to 159.33 W at full load; the host adds 32 W for the rest.
            double cpu = readings[1].PowerWatts!.Value;
            Assert.InRange(cpu, 19.29, 159.33);
            Assert.Equal(cpu + readings[2].PowerWatts!.Value + 32.0, readings[0].PowerWatts!.Value, 1e-9);
        }

        [Fact]
        public void AnAvailableRaplTreeIsChosenOverTheEstimateAndNamedInTheReport()
        {
            string counter = RaplTree(1_000_000);
            _ps.Run($"$env:TRACARBON_POWERCAP_ROOT = '{_dir}'");

            Assert.Equal(new[] { "Rapl", "Estimator" }, _ps.Run("Get-CarbonProbe -ListAvailable").Select(o => ((ProbeInfo)o.BaseObject).Name));
            _ps.Run("Start-CarbonTracking -IntervalSeconds 3600 -Country FR");
            File.WriteAllText(counter, "31000000\n");
            var rows = _ps.Run("Stop-CarbonTracking").Select(o => (ComponentReport)o.BaseObject).ToList();

            // The package moved 30 000 000 uJ = 30 J in the one interval, whatever its length.
            ComponentReport cpu = rows.Single(r => r.Component == Component.Cpu);
            Assert.Equal("Rapl", cpu.Probe);
            Assert.Equal(30, cpu.EnergyJoules, 1e-9);
            ComponentReport memory = rows.Single(r => r.Component == Component.Memory);
            Assert.Equal("Estimator", memory.Probe);
        }

        [Fact]
        public void ProbesComeByNameOrFromThePipeline()
        {
            RaplTree(5);
            _ps.Run($"$env:TRACARBON_POWERCAP_ROOT = '{_dir}'");

            var info = (TrackingSessionInfo)_ps.Run(
                "Get-CarbonProbe -Name Rapl | Start-CarbonTracking -IntervalSeconds 60 -Country FR -PassThru")[0].BaseObject;
            Assert.Equal("Rapl", info.Probe);
            _ps.Run("Stop-CarbonTracking");

            info = (TrackingSessionInfo)_ps.Run(
                "Start-CarbonTracking -Probe estimator -IntervalSeconds 60 -Country FR -PassThru")[0].BaseObject;
            Assert.Equal("Estimator", info.Probe);
        }

        [Fact]
        public void AnUnknownProbeAndAnUnavailableOneAreRefusedClearly()
        {
            ErrorRecord unknown = _ps.RunFailing("Start-CarbonTracking -Probe Geiger -Country FR");
            Assert.StartsWith("UnknownProbe", unknown.FullyQualifiedErrorId);
            Assert.Equal("Geiger", unknown.TargetObject);
            Assert.Contains("Estimator", unknown.ErrorDetails.RecommendedAction);

            ErrorRecord unavailable = _ps.RunFailing("Get-CarbonPower -Probe Rapl");
            Assert.StartsWith("ProbeNotAvailable", unavailable.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceUnavailable, unavailable.CategoryInfo.Category);
            Assert.Contains("modprobe", unavailable.ErrorDetails.RecommendedAction);
            Assert.StartsWith("TrackingNotStarted", _ps.RunFailing("Stop-CarbonTracking").FullyQualifiedErrorId);
        }

        [Fact]
        public void ARelativeRootInTheEnvironmentIsRefused()
        {
            _ps.Run("$env:TRACARBON_POWERCAP_ROOT = 'relative/dir'");

            ErrorRecord error = _ps.RunFailing("Get-CarbonPower");

            Assert.StartsWith("InvalidEnvironmentVariable", error.FullyQualifiedErrorId);
            Assert.Equal("TRACARBON_POWERCAP_ROOT", error.TargetObject);
        }

        [Fact]
        public void ProbeAndExporterTypeNamesComplete()
        {
            var probes = _ps.Run(
                "$s = 'Start-CarbonTracking -Probe R'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches")
                .Select(o => ((CompletionResult)o.BaseObject).CompletionText).ToList();
            var types = _ps.Run(
                "$s = 'New-CarbonExporter -Type P'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches")
                .Select(o => ((CompletionResult)o.BaseObject).CompletionText).ToList();

            Assert.Equal(new[] { "Rapl" }, probes);
            Assert.Equal(new[] { "Prometheus" }, types);
        }
    }
}
