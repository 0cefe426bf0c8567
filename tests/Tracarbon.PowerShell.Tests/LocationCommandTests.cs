using System;
using System.Linq;
using System.Management.Automation;
using Tracarbon.Tests.Carbon;
using Xunit;

namespace Tracarbon.PowerShell.Tests
{
    public sealed class LocationCommandTests : IDisposable
    {
        private const string Canary = "canary-7f3a9c1e-key";

        private readonly PowerShellHost _ps = new PowerShellHost();

        public void Dispose()
        {
            _ps.Run("Stop-CarbonTracking -ErrorAction SilentlyContinue | Out-Null; " +
                "Remove-Item Env:TRACARBON_CO2SIGNAL_URL, Env:TRACARBON_CO2SIGNAL_API_KEY -ErrorAction SilentlyContinue");
            _ps.Dispose();
        }

        /// <summary>Everything a script wrote to any stream, as text.</summary>
        private string AllStreams(string script)
        {
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = _ps.Runspace;
            ps.AddScript(script);
            var text = new System.Text.StringBuilder();
            try
            {
                foreach (PSObject o in ps.Invoke())
                {
                    text.AppendLine(o?.ToString());
                    if (o?.BaseObject is CarbonIntensity ci)
                    {
                        text.AppendLine(ci.Source);
                    }
                }
            }
            catch (RuntimeException ex)
            {
                text.AppendLine(ex.ToString());
            }

            foreach (var e in ps.Streams.Error)
            {
                text.AppendLine(e.ToString()).AppendLine(e.Exception?.ToString()).AppendLine(e.ErrorDetails?.ToString());
            }

            ps.Streams.Warning.ToList().ForEach(w => text.AppendLine(w.Message));
            ps.Streams.Verbose.ToList().ForEach(v => text.AppendLine(v.Message));
            ps.Streams.Debug.ToList().ForEach(d => text.AppendLine(d.Message));
            ps.Streams.Information.ToList().ForEach(i => text.AppendLine(i.ToString()));
            return text.ToString();
        }

        [Fact]
        public void LiveIntensityComesFromTheApiWithItsTimestamp()
        {
            using var server = LoopbackHttpServer.Always(
                200, "{\"zone\":\"FR\",\"carbonIntensity\":43,\"datetime\":\"2026-12-04T15:00:00.000Z\",\"isEstimated\":true}");
            _ps.Run($"$env:TRACARBON_CO2SIGNAL_URL = '{server.Url}'");

            var result = (CarbonIntensity)_ps.Run($"Get-CarbonIntensity -Country fr -Live -ApiKey '{Canary}'")[0].BaseObject;

            Assert.Equal(43, result.IntensityGramsPerKilowattHour);
            Assert.Equal(new DateTimeOffset(2026, 12, 4, 15, 0, 0, TimeSpan.Zero), result.Timestamp);
            Assert.Contains("Electricity Maps", result.Source);
            Assert.Equal(Canary, server.Requests.Single().Header("auth-token"));
            Assert.Equal("/v3/carbon-intensity/latest?zone=FR", server.Requests.Single().Target);
        }

        [Theory]
        [InlineData(401, "{\"error\":\"Invalid auth-token\"}")]
        [InlineData(200, "{\"status\":\"ok\",\"countryCode\":\"FR\",\"data\":{}}")]
        [InlineData(503, "busy")]
        [InlineData(200, "{\"zone\":\"FR\",\"carbonIntensity\":-5}")]
        public void AFailedLiveCallFallsBackToTheTableNeverZeroAndNeverLeaksTheKey(int status, string body)
        {
            // C-14: the table's 56.039 g/kWh for FR, with the fallback in the source.
            using var server = LoopbackHttpServer.Always(status, body);
            _ps.Run($"$env:TRACARBON_CO2SIGNAL_URL = '{server.Url}'");

            string streams = AllStreams(
                $"Get-CarbonIntensity -Country FR -Live -ApiKey '{Canary}' -Verbose -Debug -InformationAction Continue");
            streams += AllStreams(
                $"Get-CarbonIntensity -Country FR -Live -ApiKey (ConvertTo-SecureString '{Canary}' -AsPlainText -Force) " +
                "-Verbose -Debug -InformationAction Continue");
            streams += AllStreams(
                $"$env:TRACARBON_CO2SIGNAL_API_KEY = '{Canary}'; Get-CarbonIntensity -Country FR -Live -Verbose; " +
                "Remove-Item Env:TRACARBON_CO2SIGNAL_API_KEY");
            var result = (CarbonIntensity)_ps.Run($"Get-CarbonIntensity -Country FR -Live -ApiKey '{Canary}' 3>$null")[0].BaseObject;

            Assert.Equal(56.039, result.IntensityGramsPerKilowattHour);
            Assert.Contains("offline table", result.Source);
            // Three calls through the streams check, one for the result: each sent the key, to the server only.
            Assert.Equal(4, server.Requests.Count(r => r.Header("auth-token") == Canary));
            Assert.Contains("unavailable", streams);
            Assert.DoesNotContain(Canary, streams);
            Assert.DoesNotContain(Canary, result.Source);
        }

        [Fact]
        public void ASessionWithAKeyUsesLiveIntensityAndTheReportSaysSo()
        {
            using var server = LoopbackHttpServer.Always(200, "{\"zone\":\"DE\",\"carbonIntensity\":250.5,\"datetime\":\"2026-12-04T15:00:00Z\"}");
            _ps.Run($"$env:TRACARBON_CO2SIGNAL_URL = '{server.Url}'; $env:TRACARBON_CO2SIGNAL_API_KEY = '{Canary}'");

            _ps.Run("Start-CarbonTracking -Country DE -IntervalSeconds 0.05");
            server.WaitForRequests(1);
            System.Threading.Thread.Sleep(300);
            string streams = AllStreams("Stop-CarbonTracking | Format-List * | Out-String");

            Assert.Contains("250.5", streams);
            Assert.Contains("Electricity Maps", streams);
            Assert.DoesNotContain(Canary, streams);
        }

        [Theory]
        [InlineData(429, "{\"error\":\"quota\"}", "429")]
        [InlineData(401, "{\"error\":\"Invalid auth-token\"}", "401")]
        public void ALiveFailureOnTheFirstCallIsCountedOnEveryRowAndTheKeyNeverShows(
            int status, string body, string code)
        {
            using var server = LoopbackHttpServer.Always(status, body);
            _ps.Run($"$env:TRACARBON_CO2SIGNAL_URL = '{server.Url}'; $env:TRACARBON_CO2SIGNAL_API_KEY = '{Canary}'");

            _ps.Run("Start-CarbonTracking -Country FR -IntervalSeconds 0.05");
            server.WaitForRequests(1);
            System.Threading.Thread.Sleep(300);
            var rows = _ps.Run("Stop-CarbonTracking 3>$null").Select(o => (ComponentReport)o.BaseObject).ToList();

            // The very first answer failed: counted once, on every row, with its status; the yearly figure stood in.
            Assert.All(rows, r => Assert.Equal(1, r.Errors));
            Assert.All(rows, r => Assert.Contains(code, r.ErrorMessages));
            Assert.All(rows, r => Assert.Equal(56.039, r.IntensityGramsPerKilowattHour, 1e-9));
            Assert.DoesNotContain(Canary, string.Join("|", rows.Select(r => r.ErrorMessages + r.IntensitySource)));
        }

        [Fact]
        public void AnEmptyKeyIsRefused()
        {
            ErrorRecord error = _ps.RunFailing("Start-CarbonTracking -Country FR -ApiKey ' '");

            Assert.StartsWith("EmptyApiKey", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void RegionsAnswerFromTheCloudTablesAndCompleteWithTheirLocation()
        {
            var aws = (CarbonIntensity)_ps.Run("Get-CarbonIntensity -Region 'AWS:us-east-1'")[0].BaseObject;
            // 0.000415755 t/kWh x 1e6 = 415.755 g/kWh.
            Assert.Equal(415.755, aws.IntensityGramsPerKilowattHour, 1e-9);
            Assert.Equal("aws:us-east-1", aws.Country);

            var completions = _ps.Run(
                "$s = 'Start-CarbonTracking -Region aws:eu-west-'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches")
                .Select(o => (CompletionResult)o.BaseObject).ToList();
            Assert.Contains(completions, c => c.CompletionText == "aws:eu-west-3");
            Assert.All(completions, c => Assert.StartsWith("aws:eu-west-", c.CompletionText));

            ErrorRecord error = _ps.RunFailing("Start-CarbonTracking -Region aws:mars-north-1");
            Assert.StartsWith("UnknownRegion", error.FullyQualifiedErrorId);
            Assert.Equal("aws:mars-north-1", error.TargetObject);
        }

        [Fact]
        public void AnOfflineMachineGetsNoLocationFastWithAWarning()
        {
            string closed = LoopbackHttpServer.ClosedPortUrl();
            var watch = System.Diagnostics.Stopwatch.StartNew();

            var location = (CarbonLocation)_ps.Run(
                $"Get-CarbonLocation -AwsMetadataUrl '{closed}' -GcpMetadataUrl '{closed}' -AzureMetadataUrl '{closed}' " +
                $"-IpInfoUrl '{closed}'")[0].BaseObject;

            Assert.Equal(LocationMethod.None, location.Method);
            Assert.Null(location.Country);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"{watch.Elapsed}");
            Assert.Contains(_ps.Warnings, w => w.ToString()!.Contains("could not be found", StringComparison.Ordinal));
        }

        [Fact]
        public void ADetectedAwsLocationFeedsTheRegionIntensityAndTheInstanceModel()
        {
            using var aws = new LoopbackHttpServer(request =>
                request.Method == "PUT" ? new Reply(200, "token-1")
                : request.Header("X-aws-ec2-metadata-token") != "token-1" ? new Reply(401, string.Empty)
                : request.Target.EndsWith("/region", StringComparison.Ordinal) ? new Reply(200, "eu-west-3")
                : request.Target.EndsWith("/instance-type", StringComparison.Ordinal) ? new Reply(200, "m5.8xlarge")
                : new Reply(404, string.Empty));
            string closed = LoopbackHttpServer.ClosedPortUrl();

            _ps.Run(
                $"$loc = Get-CarbonLocation -AwsMetadataUrl '{aws.Url}' -GcpMetadataUrl '{closed}' " +
                $"-AzureMetadataUrl '{closed}' -NoGeolocation -TimeoutSec 10");
            var location = (CarbonLocation)_ps.Run("$loc")[0].BaseObject;
            Assert.Equal(LocationMethod.AwsMetadata, location.Method);
            Assert.Equal("aws:eu-west-3", location.Region);
            Assert.Equal("FR", location.Country);

            var info = (TrackingSessionInfo)_ps.Run("$loc | Start-CarbonTracking -IntervalSeconds 0.1 -PassThru")[0].BaseObject;
            Assert.Equal("CloudInstance", info.Probe.Split(',')[0]);
            var host = _ps.Run("Stop-CarbonTracking").Select(o => (ComponentReport)o.BaseObject).First();
            Assert.Equal("aws:eu-west-3", host.Location);
            Assert.Contains("m5.8xlarge", host.PowerSource);
        }
    }
}
