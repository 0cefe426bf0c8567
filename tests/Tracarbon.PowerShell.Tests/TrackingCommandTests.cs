using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading;
using Xunit;

namespace Tracarbon.PowerShell.Tests
{
    public sealed class TrackingCommandTests : IDisposable
    {
        private readonly PowerShellHost _ps = new PowerShellHost();
        private readonly string _dir = Directory.CreateTempSubdirectory("tracarbon-ps-").FullName;

        public void Dispose()
        {
            _ps.Run("Stop-CarbonTracking -ErrorAction SilentlyContinue | Out-Null");
            _ps.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        private static void WaitForLines(string path, int lines)
        {
            DateTime until = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < until)
            {
                if (File.Exists(path) && File.ReadAllLines(path).Length >= lines)
                {
                    return;
                }

                Thread.Sleep(20);
            }

            throw new TimeoutException($"'{path}' did not reach {lines} lines.");
        }

        [Fact]
        public void StartWorkStopGivesAReportRowPerComponentAndAJsonLinesFile()
        {
            string path = Path.Combine(_dir, "run.jsonl");

            _ps.Run($"Start-CarbonTracking -Exporter Json -Path '{path}' -IntervalSeconds 0.1 -Country FR");
            WaitForLines(path, 12);
            var rows = _ps.Run("Stop-CarbonTracking").Select(o => (ComponentReport)o.BaseObject).ToList();

            Assert.Empty(_ps.Errors);
            Assert.Equal(new[] { "Host", "Cpu", "Memory" }, rows.Select(r => r.Component.ToString()));
            foreach (ComponentReport row in rows)
            {
                // FR in the offline table: 56.039 g/kWh (2023); emissions = kWh x intensity exactly.
                Assert.Equal("FR", row.Location);
                Assert.Equal(56.039, row.IntensityGramsPerKilowattHour, 1e-9);
                Assert.Equal(row.EnergyKilowattHours * 56.039, row.EmissionsGrams, 1e-12);
                Assert.True(row.Samples >= 2, $"{row.Component}: {row.Samples} samples");
                Assert.True(row.EnergyKilowattHours > 0, $"{row.Component} drew nothing");
            }

            ComponentReport host = rows[0];
            Assert.Equal(rows[1].EnergyJoules + rows[2].EnergyJoules, host.EnergyJoules, 1e-9);
            Assert.Contains("Json (", host.Exporter);
            foreach (string line in File.ReadAllLines(path))
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                Assert.StartsWith("tracarbon.", doc.RootElement.GetProperty("metric_name").GetString());
                Assert.Contains("location:FR", doc.RootElement.GetProperty("metric_tags").EnumerateArray().Select(t => t.GetString()));
            }
        }

        [Fact]
        public void ReportRowsExportToCsvWithEveryColumn()
        {
            string csv = Path.Combine(_dir, "report.csv");

            _ps.Run("Start-CarbonTracking -IntervalSeconds 0.05 -Country DE");
            Thread.Sleep(200);
            _ps.Run($"Stop-CarbonTracking | Export-Csv -Path '{csv}' -NoTypeInformation");

            string[] lines = File.ReadAllLines(csv);
            Assert.Equal(4, lines.Length);
            string header = lines[0];
            foreach (string column in new[]
            {
                "Component", "StartTime", "EndTime", "DurationSeconds", "Samples", "AveragePowerWatts",
                "MinimumPowerWatts", "MaximumPowerWatts", "EnergyKilowattHours", "EmissionsGrams",
                "IntensityGramsPerKilowattHour", "Location", "IntensitySource", "PowerSource", "Exporter", "Errors",
            })
            {
                Assert.Contains("\"" + column + "\"", header);
            }

            Assert.StartsWith("\"Default\",\"Host\"", lines[1]);
        }

        [Fact]
        public void StartingTwiceIsTrackingAlreadyStarted()
        {
            _ps.Run("Start-CarbonTracking -IntervalSeconds 5 -Country FR");

            ErrorRecord error = _ps.RunFailing("Start-CarbonTracking -IntervalSeconds 5 -Country FR");

            Assert.StartsWith("TrackingAlreadyStarted", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.Equal("Default", error.TargetObject);
        }

        [Fact]
        public void StoppingWithoutASessionIsTrackingNotStarted()
        {
            ErrorRecord error = _ps.RunFailing("Stop-CarbonTracking");

            Assert.StartsWith("TrackingNotStarted", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-1")]
        [InlineData("([double]::NaN)")]
        [InlineData("86401")]
        public void ABadIntervalIsRefusedAndLeavesNoSession(string interval)
        {
            ErrorRecord error = _ps.RunFailing($"Start-CarbonTracking -IntervalSeconds {interval} -Country FR");

            Assert.StartsWith("InvalidInterval", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("0.01", error.ErrorDetails.RecommendedAction);
            Assert.StartsWith("TrackingNotStarted", _ps.RunFailing("Stop-CarbonTracking").FullyQualifiedErrorId);
        }

        [Fact]
        public void AnUnknownCountryNamesTheValueAndTheValidCodes()
        {
            ErrorRecord error = _ps.RunFailing("Start-CarbonTracking -Country XX");

            Assert.StartsWith("UnknownCountry", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("XX", error.TargetObject);
            Assert.Contains("FR", error.ErrorDetails.RecommendedAction);
            Assert.StartsWith("TrackingNotStarted", _ps.RunFailing("Stop-CarbonTracking").FullyQualifiedErrorId);
        }

        [Fact]
        public void AnUnknownExporterIsRefused()
        {
            ErrorRecord error = _ps.RunFailing("Start-CarbonTracking -Exporter Carrier-Pigeon -Country FR");

            Assert.StartsWith("UnknownExporter", error.FullyQualifiedErrorId);
            Assert.Equal("Carrier-Pigeon", error.TargetObject);
            Assert.Contains("Json", error.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void ADirectoryAsPathIsRefused()
        {
            ErrorRecord error = _ps.RunFailing($"Start-CarbonTracking -Exporter Json -Path '{_dir}' -Country FR");

            Assert.StartsWith("PathIsDirectory", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void NoCountryUsesTheWorldAverageWithAWarning()
        {
            _ps.Run("Start-CarbonTracking -IntervalSeconds 0.05");
            Thread.Sleep(100);
            ComponentReport host = (ComponentReport)_ps.Run("Stop-CarbonTracking")[0].BaseObject;

            Assert.Equal("World", host.Location);
            Assert.Equal(480.6174, host.IntensityGramsPerKilowattHour, 1e-4);
            Assert.Contains(_ps.Warnings, w => w.ToString()!.Contains("world average", StringComparison.Ordinal));
        }

        [Fact]
        public void RemovingTheModuleStopsTheSessionAndFlushesItsFile()
        {
            string path = Path.Combine(_dir, "removed.jsonl");
            _ps.Run($"Start-CarbonTracking -Exporter Json -Path '{path}' -IntervalSeconds 60 -Country FR");
            Thread.Sleep(50);

            _ps.Run("Remove-Module Tracarbon.PowerShell");

            // No tick was due within 60 s; the stop's own sample is in the file.
            string[] lines = File.ReadAllLines(path);
            Assert.Equal(6, lines.Length);
            _ps.Run($"Import-Module '{PowerShellHost.ModuleAssembly}'");
            Assert.StartsWith("TrackingNotStarted", _ps.RunFailing("Stop-CarbonTracking").FullyQualifiedErrorId);
        }

        [Fact]
        public void TwoSessionsCannotWriteOneFile()
        {
            string path = Path.Combine(_dir, "one.jsonl");
            _ps.Run($"Start-CarbonTracking -Name A -Exporter Json -Path '{path}' -Country FR");

            ErrorRecord error = _ps.RunFailing($"Start-CarbonTracking -Name B -Exporter Json -Path '{path}' -Country DE");

            Assert.StartsWith("FileInUse", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
            Assert.Contains("'A'", error.ErrorDetails.RecommendedAction);
            Assert.StartsWith("TrackingNotStarted", _ps.RunFailing("Stop-CarbonTracking -Name B").FullyQualifiedErrorId);
            Assert.Single(_ps.Run("Stop-CarbonTracking -Name A | Where-Object Component -EQ Host"));
        }

        [Theory]
        [InlineData("-Name $null", "ParameterArgumentValidationError")]
        [InlineData("-Name ' '", "ParameterArgumentValidationError")]
        [InlineData("-Exporter Json -Path ''", "ParameterArgumentValidationError")]
        [InlineData("-Exporter Json -Path \"a`0b\"", "InvalidPath")]
        [InlineData("-Exporter Json -Path env:FOO", "InvalidPath")]
        public void MalformedNamesAndPathsGetAnErrorIdNotAStackTrace(string arguments, string id)
        {
            ErrorRecord error = _ps.RunFailing($"Start-CarbonTracking {arguments} -Country FR");

            Assert.StartsWith(id, error.FullyQualifiedErrorId);
            Assert.StartsWith("TrackingNotStarted", _ps.RunFailing("Stop-CarbonTracking").FullyQualifiedErrorId);
        }

        [Fact]
        public void ANullExporterIsIgnored()
        {
            _ps.Run("Start-CarbonTracking -Exporter $null -Country FR");

            Assert.Empty(_ps.Errors);
            Assert.Equal(3, _ps.Run("Stop-CarbonTracking").Count);
        }

        [Fact]
        public void SessionsAreStoppedByNameFromThePipelineAndCompleted()
        {
            _ps.Run("Start-CarbonTracking -Name 'build job' -Country FR; Start-CarbonTracking -Name Other -Country FR");

            var matches = _ps.Run(
                "$s = 'Stop-CarbonTracking -Name b'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches")
                .Select(o => ((CompletionResult)o.BaseObject).CompletionText).ToList();
            Assert.Equal(new[] { "'build job'" }, matches);

            var rows = _ps.Run("'build job', 'Other' | Stop-CarbonTracking").Select(o => (ComponentReport)o.BaseObject).ToList();
            Assert.Equal(new[] { "build job", "Other" }, rows.Select(r => r.SessionName).Distinct());
        }

        [Fact]
        public void ThePassThruObjectFollowsTheSession()
        {
            _ps.Run("$info = Start-CarbonTracking -IntervalSeconds 0.05 -Country FR -PassThru");
            DateTime until = DateTime.UtcNow.AddSeconds(20);
            while ((long)_ps.Run("$info.Samples")[0].BaseObject < 2 && DateTime.UtcNow < until)
            {
                Thread.Sleep(20);
            }

            Assert.True((long)_ps.Run("$info.Samples")[0].BaseObject >= 2);
            _ps.Run("$null = Stop-CarbonTracking");
            Assert.Equal("Stopped", _ps.Run("$info.State")[0].ToString());
            double elapsed = (double)_ps.Run("$info.ElapsedSeconds")[0].BaseObject;
            Thread.Sleep(50);
            Assert.Equal(elapsed, (double)_ps.Run("$info.ElapsedSeconds")[0].BaseObject);
        }

        [Fact]
        public void PassThruReturnsTheSessionInfo()
        {
            var info = (TrackingSessionInfo)_ps.Run("Start-CarbonTracking -IntervalSeconds 1 -Country FR -PassThru")[0].BaseObject;

            Assert.Equal("Default", info.Name);
            Assert.Equal(1, info.IntervalSeconds);
            Assert.Equal("Estimator", info.Probe);
        }
    }
}
