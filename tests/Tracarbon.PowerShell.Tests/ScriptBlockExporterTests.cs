using System;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit;

namespace Tracarbon.PowerShell.Tests
{
    public sealed class ScriptBlockExporterTests : IDisposable
    {
        private readonly PowerShellHost _ps = new PowerShellHost();
        private readonly string _dir = Directory.CreateTempSubdirectory("tracarbon-sb-").FullName;

        public void Dispose()
        {
            _ps.Run("Stop-CarbonTracking -ErrorAction SilentlyContinue | Out-Null");
            _ps.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        [Fact]
        public void ABlockThrowingOnEveryOtherSampleIsCountedAndTheSessionGoesOn()
        {
            string log = Path.Combine(_dir, "calls.txt");
            _ps.Run("$env:TRACARBON_SB_LOG = '" + log + "'");
            _ps.Run(
                "Start-CarbonTracking -IntervalSeconds 0.05 -Country FR -Exporter { param($sample) " +
                "$n = (Get-Content $env:TRACARBON_SB_LOG -ErrorAction SilentlyContinue | Measure-Object).Count; " +
                "Add-Content $env:TRACARBON_SB_LOG ('{0} {1} {2}' -f [runspace]::DefaultRunspace.Name, " +
                "$sample.Count, ($sample | Where-Object Component -EQ Host).PowerWatts); " +
                "if ($n % 2 -eq 1) { throw \"odd call $n\" } }");
            DateTime until = DateTime.UtcNow.AddSeconds(20);
            while ((!File.Exists(log) || File.ReadAllLines(log).Length < 10) && DateTime.UtcNow < until)
            {
                Thread.Sleep(20);
            }

            var rows = _ps.Run("Stop-CarbonTracking").Select(o => (ComponentReport)o.BaseObject).ToList();

            string[] calls = File.ReadAllLines(log);
            ComponentReport host = rows[0];
            // One call per sample, every second one threw: half the calls are the exporter's errors.
            Assert.Equal(host.Samples, calls.Length);
            Assert.Equal(calls.Length / 2, host.Errors);
            Assert.Contains("odd call 1", host.ErrorMessages);
            Assert.All(calls, c => Assert.StartsWith("Tracarbon background 3 ", c));
            Assert.All(calls, c => Assert.True(double.Parse(c.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture) > 0));
            Assert.Contains(_ps.Warnings, w => w.ToString()!.Contains("odd call", StringComparison.Ordinal));
        }

        [Fact]
        public void AHungBlockHoldsUpOnlyItsOwnExporterAndClosingItStopsTheCall()
        {
            string log = Path.Combine(_dir, "good.txt");
            Tracarbon.Export.Exporter hung = ScriptBlockExporter.Create(
                System.Management.Automation.ScriptBlock.Create("param($s) Start-Sleep -Seconds 3600"));
            Tracarbon.Export.Exporter good = ScriptBlockExporter.Create(System.Management.Automation.ScriptBlock.Create(
                "param($s) Add-Content -LiteralPath '" + log + "' -Value $s.Count"));
            var sample = new Tracarbon.Tracking.Sample
            {
                SessionName = "hand-made",
                Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero),
                IntervalSeconds = 1,
                Intensity = new Tracarbon.Carbon.IntensityValue(56, "FR", "test", null),
            };

            Exception? fromHung = null;
            var hanging = new Thread(() =>
            {
                try
                {
                    hung.Export(sample);
                }
                catch (Exception ex)
                {
                    fromHung = ex;
                }
            });
            hanging.Start();
            Thread.Sleep(300);

            // The other exporter's block runs while the first hangs: each has its runspace.
            good.Export(sample);
            good.Export(sample);
            Assert.Equal(new[] { "0", "0" }, File.ReadAllLines(log));
            Assert.True(hanging.IsAlive);

            // What a session's stop does after its timeout: the hung call is stopped, and returns.
            hung.Dispose();
            Assert.True(hanging.Join(TimeSpan.FromSeconds(20)));
            Assert.Equal(
                "The script block was stopped: it had not returned when its session stopped.",
                Assert.IsType<InvalidOperationException>(fromHung).Message);
            var refused = Assert.Throws<InvalidOperationException>(() => hung.Export(sample));
            Assert.Equal("The session stopped this script block's exporter.", refused.Message);
            good.Dispose();
        }
    }
}
