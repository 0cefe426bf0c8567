using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Xunit;

namespace Tracarbon.PowerShell.Tests
{
    public sealed class ExportReportCommandTests : IDisposable
    {
        private readonly PowerShellHost _ps = new PowerShellHost();
        private readonly string _dir = Directory.CreateTempSubdirectory("tracarbon-report-").FullName;

        public void Dispose()
        {
            _ps.Run("Get-CarbonTrackingSession | Stop-CarbonTracking | Out-Null");
            _ps.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        private string InDir(string name) => Path.Combine(_dir, name);

        /// <summary>Starts a fast session and waits, bounded, until it has a few ticks kept.</summary>
        private void StartWithSamples(string name = "Default")
        {
            _ps.Run($"Start-CarbonTracking -Name '{name}' -IntervalSeconds 0.05 -Country FR");
            DateTime until = DateTime.UtcNow.AddSeconds(20);
            while (_ps.Run($"Get-CarbonSample -Name '{name}'").Count < 9)
            {
                Assert.True(DateTime.UtcNow < until, "the session kept no samples within 20 s");
                Thread.Sleep(20);
            }
        }

        [Fact]
        public void ExportsARunningSessionAndPassesTheFileThrough()
        {
            StartWithSamples();

            var output = _ps.Run($"Export-CarbonReport -Path '{InDir("r.html")}' -Title 'Nightly' -PassThru");

            Assert.Empty(_ps.Errors);
            FileInfo file = Assert.IsType<FileInfo>(Assert.Single(output).BaseObject);
            Assert.Equal(InDir("r.html"), file.FullName);
            string html = File.ReadAllText(file.FullName);
            Assert.Contains("<svg id=\"power-chart\"", html);
            Assert.Contains("<svg id=\"emissions-chart\"", html);
            Assert.Contains("<title>Nightly</title>", html);
            Assert.Single(_ps.Run("Get-CarbonTrackingSession"));
        }

        [Fact]
        public void TakesSamplesFromThePipeline()
        {
            StartWithSamples("piped");

            _ps.Run($"Get-CarbonSample -Name piped | Where-Object Component -NE 'Memory' | " +
                $"Export-CarbonReport -Path '{InDir("p.html")}'");

            Assert.Empty(_ps.Errors);
            string html = File.ReadAllText(InDir("p.html"));
            Assert.Contains("data-component=\"Cpu\"", html);
            Assert.DoesNotContain("data-component=\"Memory\"", html);
        }

        [Fact]
        public void RefusesToOverwriteWithoutForce()
        {
            StartWithSamples();
            File.WriteAllText(InDir("old.html"), "keep me");

            ErrorRecord error = _ps.RunFailing($"Export-CarbonReport -Path '{InDir("old.html")}'");

            Assert.StartsWith("FileExists", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.Contains("-Force", error.ErrorDetails.RecommendedAction);
            Assert.Equal("keep me", File.ReadAllText(InDir("old.html")));

            _ps.Run($"Export-CarbonReport -Path '{InDir("old.html")}' -Force");

            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(InDir("old.html")));
        }

        [Fact]
        public void WhatIfWritesNothing()
        {
            StartWithSamples();

            _ps.Run($"Export-CarbonReport -Path '{InDir("w.html")}' -WhatIf");

            Assert.False(File.Exists(InDir("w.html")));
        }

        [Fact]
        public void AnUnknownSessionIsTrackingNotStartedAndTheOthersAreStillExported()
        {
            StartWithSamples("real");

            _ps.Run($"Export-CarbonReport -Name ghost, real -Path '{InDir("g.html")}'");

            ErrorRecord error = Assert.Single(_ps.Errors);
            Assert.StartsWith("TrackingNotStarted", error.FullyQualifiedErrorId);
            Assert.Equal("ghost", error.TargetObject);
            Assert.Contains("data-session=\"real\"", File.ReadAllText(InDir("g.html")));
        }

        [Fact]
        public void OnlyUnknownSessionsWriteNoFile()
        {
            ErrorRecord error = _ps.RunFailing($"Export-CarbonReport -Name ghost -Path '{InDir("n.html")}'");

            Assert.StartsWith("TrackingNotStarted", error.FullyQualifiedErrorId);
            Assert.False(File.Exists(InDir("n.html")));
        }

        [Fact]
        public void ASessionWithoutSamplesYetIsNoSamples()
        {
            _ps.Run("Start-CarbonTracking -IntervalSeconds 60 -Country FR");

            ErrorRecord error = _ps.RunFailing($"Export-CarbonReport -Path '{InDir("e.html")}'");

            Assert.StartsWith("NoSamples", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("60 s", error.ErrorDetails.RecommendedAction);
            Assert.False(File.Exists(InDir("e.html")));
        }

        [Fact]
        public void AnEmptyPipelineIsNoSamples()
        {
            StartWithSamples();

            ErrorRecord error = _ps.RunFailing($"@() | Export-CarbonReport -Path '{InDir("x.html")}'");

            Assert.StartsWith("NoSamples", error.FullyQualifiedErrorId);
            Assert.Contains("pipeline", error.Exception.Message);
            Assert.False(File.Exists(InDir("x.html")));
        }

        [Theory]
        [InlineData("", "PathIsDirectory")]
        [InlineData("missing/r.html", "PathNotFound")]
        public void ABadPathIsRefusedLikeTheJsonExporters(string relative, string id)
        {
            StartWithSamples();

            ErrorRecord error = _ps.RunFailing($"Export-CarbonReport -Path '{Path.Combine(_dir, relative)}'");

            Assert.StartsWith(id, error.FullyQualifiedErrorId);
        }

        [Fact]
        public void TheManifestExportsTheCommand()
        {
            string manifest = File.ReadAllText(Path.Combine(RepositoryRoot(), "Tracarbon.psd1"));

            Assert.Contains("'Export-CarbonReport'", manifest);
            Assert.Contains(_ps.Run("Get-Command Export-CarbonReport").Select(c => c.BaseObject),
                c => ((CommandInfo)c).Name == "Export-CarbonReport");
        }

        private static string RepositoryRoot()
        {
            string dir = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(dir, "Tracarbon.psd1")))
            {
                dir = Path.GetDirectoryName(dir) ?? throw new DirectoryNotFoundException("Tracarbon.psd1 not found.");
            }

            return dir;
        }
    }
}
