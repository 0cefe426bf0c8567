using System;
using System.Linq;
using System.Net;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Export
{
    public sealed class PrometheusExporterTests
    {
        private const string Energy = "tracarbon_energy_joules_total";
        private const string Emissions = "tracarbon_emissions_grams_total";
        private const string Power = "tracarbon_power_watts";

        /// <summary>Watts per tick: 7.5 + 10 + 2.25 = 19.75 J over three 1 s ticks.</summary>
        private static readonly double[] CpuWatts = { 7.5, 10, 2.25 };

        /// <summary>A session that has ticked; the caller scrapes, then disposes it, which closes the port.</summary>
        internal static (TrackingSession Session, PrometheusExporter Exporter) Running(
            Action<int, ProbeReadings> tick, int ticks, MetricNames? names = null)
        {
            var clock = new ManualClock();
            int k = 0;
            var probe = new ScriptedProbe((dt, r) => tick(k++, r), Component.Cpu, Component.Memory);
            var options = Sessions.Options(clock, 1, probe);
            options.Platform = "Linux";

            // Exporters inline on the ticking thread, so a scrape right after RunUntil sees every tick.
            options.ExportQueueCapacity = 0;
            if (names != null)
            {
                options.MetricNames = names;
            }

            var exporter = new PrometheusExporter(IPAddress.Loopback, 0);
            options.Exporters.Add(exporter);
            var session = new TrackingSession(options);
            session.Start(background: false);
            session.RunUntil(ticks);
            return (session, exporter);
        }

        internal static void CpuAndIdleMemory(int k, ProbeReadings r)
        {
            r.SetPower(Component.Cpu, CpuWatts[k], "cpu");
            r.SetPower(Component.Memory, 0.0, "memory");
        }

        private static Exposition Scrape(PrometheusExporter exporter)
        {
            RawResponse response = RawHttp.Get(exporter.LocalEndPoint!, "/metrics");
            Assert.Equal(200, response.Status);
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Headers["Content-Type"]);
            return Exposition.Parse(response.Body);
        }

        [Fact]
        public void AScrapeAfterKnownTicksGivesExactTotalsAndTheLatestGauges()
        {
            var (session, exporter) = Running(CpuAndIdleMemory, 3);
            using var _ = session;

            Exposition metrics = Scrape(exporter);

            Assert.Equal(19.75, metrics.One(Energy, "cpu").Value, 1e-9);
            Assert.Equal(19.75, metrics.One(Energy, "host").Value, 1e-9);
            Assert.Equal(19.75 / 3.6e6 * 100, metrics.One(Emissions, "cpu").Value, 1e-15);
            Assert.Equal(2.25, metrics.One(Power, "cpu").Value, 1e-12);
            ExposedSample host = metrics.One(Energy, "host");
            Assert.Equal("XX", host["location"]);
            Assert.Equal("sum of Cpu + Memory", host["source"]);
            Assert.Equal("Linux", host["platform"]);
            ExposedSample intensity = metrics.Named("tracarbon_carbon_intensity_grams_per_kilowatt_hour").Single();
            Assert.Equal(100, intensity.Value);
            Assert.Equal("test table", intensity["source"]);

            // tracarbon's names: the last interval's watts and grams, with its tags as labels.
            ExposedSample legacy = metrics.Named("tracarbon_energy_consumption_cpu").Single();
            Assert.Equal(2.25, legacy.Value, 1e-12);
            Assert.Equal("watts", legacy["units"]);
            Assert.Equal(2.25 / 3.6e6 * 100, metrics.Named("tracarbon_carbon_emission_cpu").Single().Value, 1e-15);
            Assert.Equal("co2g", metrics.Named("tracarbon_carbon_emission_cpu").Single()["units"]);
        }

        [Fact]
        public void AMeasuredZeroIsExportedAndAMissingComponentIsNot()
        {
            // C-18: memory reads 0.0 W and has a sample in every family; the GPU has no sensor and none.
            var (session, exporter) = Running(CpuAndIdleMemory, 1);
            using var _ = session;

            Exposition metrics = Scrape(exporter);

            Assert.Equal(0.0, metrics.One(Power, "memory").Value);
            Assert.Equal(0.0, metrics.One(Energy, "memory").Value);
            Assert.Equal(0.0, metrics.One(Emissions, "memory").Value);
            Assert.Equal(0.0, metrics.Named("tracarbon_energy_consumption_memory").Single().Value);
            Assert.Equal(0.0, metrics.Named("tracarbon_carbon_emission_memory").Single().Value);
            Assert.DoesNotContain(metrics.Samples, s => s.Name.EndsWith("_gpu", StringComparison.Ordinal));
            Assert.DoesNotContain(
                metrics.Samples, s => s.Labels.TryGetValue("component", out string? c) && c == "gpu");
        }

        [Fact]
        public void AComponentThatStopsReadingLosesItsGaugesButKeepsItsCounter()
        {
            var (session, exporter) = Running(
                (k, r) =>
                {
                    r.SetPower(Component.Cpu, 4, "cpu");
                    if (k == 0)
                    {
                        r.SetPower(Component.Memory, 3, "memory");
                    }
                },
                2);
            using var _ = session;

            Exposition metrics = Scrape(exporter);

            Assert.Equal(3, metrics.One(Energy, "memory").Value, 1e-12);
            Assert.DoesNotContain(metrics.Named(Power), s => s["component"] == "memory");
            Assert.Empty(metrics.Named("tracarbon_energy_consumption_memory"));
            Assert.Equal(8, metrics.One(Energy, "cpu").Value, 1e-12);
        }

        [Fact]
        public void AChangeOfSourceStartsANewSeriesAndTheSeriesAddUpToTheTotal()
        {
            var (session, exporter) = Running((k, r) => r.SetPower(Component.Cpu, 5, k < 2 ? "rapl" : "estimate"), 3);
            using var _ = session;

            Exposition metrics = Scrape(exporter);

            var cpu = metrics.Named(Energy).Where(s => s["component"] == "cpu")
                .ToDictionary(s => s["source"], s => s.Value);
            Assert.Equal(10, cpu["rapl"], 1e-12);
            Assert.Equal(5, cpu["estimate"], 1e-12);
            Assert.Equal("estimate", metrics.One(Power, "cpu")["source"]);
        }

        [Fact]
        public void LabelValuesEscapeBackslashQuoteAndNewline()
        {
            const string source = "C:\\probe \"model\"\nline two";
            var (session, exporter) = Running((k, r) => r.SetPower(Component.Cpu, 1, source), 1);
            using var _ = session;

            RawResponse response = RawHttp.Get(exporter.LocalEndPoint!, "/metrics");

            Assert.Contains("source=\"C:\\\\probe \\\"model\\\"\\nline two\"", response.Body);
            Assert.Equal(source, Exposition.Parse(response.Body).One(Energy, "cpu")["source"]);
        }

        [Fact]
        public void EveryFamilyHasHelpAndTypeAndOnlyCountersEndInTotal()
        {
            var (session, exporter) = Running(CpuAndIdleMemory, 2);
            using var _ = session;

            Exposition metrics = Scrape(exporter);

            foreach (string name in metrics.Samples.Select(s => s.Name).Distinct())
            {
                Assert.True(metrics.Help.ContainsKey(name), name + " has no HELP");
                string type = name.EndsWith("_total", StringComparison.Ordinal) ? "counter" : "gauge";
                Assert.Equal(type, metrics.Types[name]);
            }
        }

        [Fact]
        public void SteadyStateExportsAllocateNothing()
        {
            // Past the 3600 samples of history, whose slots are made as the ring first fills.
            var (session, exporter) = Running((k, r) => r.SetPower(Component.Cpu, 10, "ten watts"), 4000);
            using var _ = session;

            long before = GC.GetAllocatedBytesForCurrentThread();
            session.RunUntil(104_000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            // 100 000 ticks through the session and the exporter; one small object per tick would be > 2 MB.
            Assert.True(allocated < 4096, $"{allocated} bytes allocated over 100 000 ticks");
            Assert.Equal(104_000 * 10, Scrape(exporter).One(Energy, "cpu").Value, 1e-6);
        }

        [Fact]
        public void TheMetricPrefixNamesEveryFamilyInPrometheusSpelling()
        {
            var (session, exporter) = Running(CpuAndIdleMemory, 1, new MetricNames("my-app.v2"));
            using var _ = session;

            Exposition metrics = Scrape(exporter);

            Assert.NotEmpty(metrics.Named("my_app_v2_energy_joules_total"));
            Assert.NotEmpty(metrics.Named("my_app_v2_energy_consumption_cpu"));
            Assert.All(metrics.Samples, s => Assert.StartsWith("my_app_v2_", s.Name));
        }

        [Fact]
        public void TrackingsOwnCpuTimeIsACounterOnlyWhenTheContextCanReadIt()
        {
            using var with = new PrometheusExporter(IPAddress.Loopback, 0);
            with.Open(ExportTestSupport.Context(selfCpu: () => 1.25));
            using var without = new PrometheusExporter(IPAddress.Loopback, 0);
            without.Open(ExportTestSupport.Context());

            Exposition measured = Scrape(with);
            Exposition unknown = Scrape(without);

            Assert.Equal(1.25, measured.Named("tracarbon_self_cpu_seconds_total").Single().Value);
            Assert.Equal("counter", measured.Types["tracarbon_self_cpu_seconds_total"]);
            Assert.Empty(unknown.Samples);
        }

        [Theory]
        [InlineData("0", "not a usable port")]
        [InlineData("65536", "not a usable port")]
        [InlineData("80a", "not a port number")]
        [InlineData("-8081", "not a port number")]
        [InlineData("99999999999", "not a port number")]
        public void ABadPrometheusPortIsAClearError(string port, string says)
        {
            var ex = Assert.Throws<InvalidSettingException>(
                () => PrometheusExporter.FromEnvironment(n => n == "PROMETHEUS_PORT" ? port : null));

            Assert.Equal("PROMETHEUS_PORT", ex.Setting);
            Assert.Equal(port, ex.Value);
            Assert.Contains(says, ex.Message);
            Assert.Contains("1 to 65535", ex.Message);
        }

        [Theory]
        [InlineData("example.com")]
        [InlineData("127.1")]
        [InlineData("300.0.0.1")]
        [InlineData("::1::2")]
        public void ABadPrometheusAddressIsAClearError(string address)
        {
            var ex = Assert.Throws<InvalidSettingException>(
                () => PrometheusExporter.FromEnvironment(n => n == "PROMETHEUS_ADDRESS" ? address : null));

            Assert.Equal("PROMETHEUS_ADDRESS", ex.Setting);
            Assert.Contains($"'{address}'", ex.Message);
            Assert.Contains("127.0.0.1", ex.Message);
        }

        [Fact]
        public void TheEnvironmentChoosesAddressAndPortAndTheDefaultIsThisMachineOnly()
        {
            PrometheusExporter defaults = PrometheusExporter.FromEnvironment(_ => null);
            PrometheusExporter all = PrometheusExporter.FromEnvironment(
                n => n == "PROMETHEUS_ADDRESS" ? "0.0.0.0" : n == "PROMETHEUS_PORT" ? " 9101 " : null);
            PrometheusExporter v6 = PrometheusExporter.FromEnvironment(n => n == "PROMETHEUS_ADDRESS" ? "[::1]" : "");

            Assert.Equal((IPAddress.Loopback, 8081), (defaults.Address, defaults.Port));
            Assert.Equal((IPAddress.Any, 9101), (all.Address, all.Port));
            Assert.Equal(IPAddress.IPv6Loopback, v6.Address);
            Assert.Equal(IPAddress.Loopback, new PrometheusExporter().Address);
        }
    }
}
