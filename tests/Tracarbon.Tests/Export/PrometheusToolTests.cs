using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Tracarbon.Tests.Export
{
    /// <summary>
    /// Prometheus's own tools read our scrape: promtool's linter, and a real server that scrapes the
    /// exporter. Both come from Debian's <c>prometheus</c> package; without it these tests fail.
    /// </summary>
    public sealed class PrometheusToolTests : IDisposable
    {
        private const string Missing =
            "was not found on PATH. Install Debian's prometheus package (apt-get install -y prometheus), " +
            "which provides /usr/bin/promtool and /usr/bin/prometheus.";

        private readonly string _dir = Directory.CreateTempSubdirectory("tracarbon-prom-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static Process Start(string program, params string[] arguments)
        {
            var info = new ProcessStartInfo(program)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            try
            {
                return Process.Start(info)!;
            }
            catch (Win32Exception ex)
            {
                Assert.Fail($"{program} {Missing} ({ex.Message})");
                throw;
            }
        }

        [Fact]
        public async Task PromtoolAcceptsARealScrape()
        {
            var (session, exporter) = PrometheusExporterTests.Running(PrometheusExporterTests.CpuAndIdleMemory, 3);
            using var _ = session;
            RawResponse scrape = RawHttp.Get(exporter.LocalEndPoint!, "/metrics");
            Assert.Equal(200, scrape.Status);

            await AssertPromtoolAccepts(scrape.Body);
        }

        /// <summary>Runs <c>promtool check metrics</c> on a text; fails with its output unless it passes.</summary>
        internal static async Task AssertPromtoolAccepts(string exposition)
        {
            using Process promtool = Start("promtool", "check", "metrics");
            promtool.StandardInput.Write(exposition);
            promtool.StandardInput.Close();
            Task<string> stdout = promtool.StandardOutput.ReadToEndAsync();
            Task<string> stderr = promtool.StandardError.ReadToEndAsync();
            Assert.True(promtool.WaitForExit(30_000), "promtool did not finish within 30 s");
            string output = await stdout + await stderr;

            Assert.True(
                promtool.ExitCode == 0,
                $"promtool exited {promtool.ExitCode}: {output}\n--- scrape ---\n{exposition}");
        }

        [Fact]
        public async Task APrometheusServerScrapesTheExactEnergyTotal()
        {
            var (session, exporter) = PrometheusExporterTests.Running(PrometheusExporterTests.CpuAndIdleMemory, 3);
            using var _ = session;
            int webPort = ExportTestSupport.FreePort();
            string config = Path.Combine(_dir, "prometheus.yml");
            File.WriteAllText(config, string.Join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: tracarbon",
                "    scrape_timeout: 1s",
                "    static_configs:",
                $"      - targets: ['127.0.0.1:{exporter.LocalEndPoint!.Port}']",
                string.Empty));

            using Process prometheus = Start(
                "prometheus",
                "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + webPort,
                "--storage.tsdb.path=" + Path.Combine(_dir, "data"),
                "--log.level=warn");
            var log = new StringBuilder();
            prometheus.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            prometheus.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            prometheus.BeginErrorReadLine();
            prometheus.BeginOutputReadLine();
            try
            {
                double? host = await PollHostEnergy(webPort, prometheus, TimeSpan.FromSeconds(30));

                Assert.True(host.HasValue, "Prometheus did not return the series within 30 s:\n" + Log(log));
                Assert.Equal(19.75, host!.Value, 1e-9);
            }
            finally
            {
                prometheus.Kill(entireProcessTree: true);
                prometheus.WaitForExit(10_000);
            }
        }

        /// <summary>Asks Prometheus for the host's energy total every 250 ms until it has a value.</summary>
        private static async Task<double?> PollHostEnergy(int webPort, Process prometheus, TimeSpan limit)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            string url = $"http://127.0.0.1:{webPort}/api/v1/query?query=tracarbon_energy_joules_total";
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < limit && !prometheus.HasExited)
            {
                try
                {
                    using JsonDocument answer = JsonDocument.Parse(await http.GetStringAsync(url));
                    JsonElement? host = answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                        .Where(r => r.GetProperty("metric").GetProperty("component").GetString() == "host")
                        .Select(r => (JsonElement?)r)
                        .FirstOrDefault();
                    if (host is JsonElement found)
                    {
                        string value = found.GetProperty("value")[1].GetString()!;
                        return double.Parse(value, CultureInfo.InvariantCulture);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Still starting.
                }

                await Task.Delay(250);
            }

            return null;
        }

        private static string Log(StringBuilder log)
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }
}
