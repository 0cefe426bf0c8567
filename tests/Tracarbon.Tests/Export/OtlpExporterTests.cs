using System;
using System.Diagnostics;
using System.Linq;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Export
{
    public sealed class OtlpExporterTests
    {
        private const string Energy = "tracarbon.energy";
        private const string Emissions = "tracarbon.emissions";
        private const string Power = "tracarbon.power";
        private const string Intensity = "tracarbon.carbon_intensity";
        private const string Origin = "exporter 'Otlp'";

        /// <summary>Watts per tick: 7.5 + 10 + 2.25 = 19.75 J over three 1 s ticks.</summary>
        private static readonly double[] CpuWatts = { 7.5, 10, 2.25 };

        /// <summary>A session ticked on a manual clock, exporting inline; the caller stops or disposes it.</summary>
        internal static (TrackingSession Session, OtlpExporter Exporter) Running(
            OtlpExporter exporter, Action<int, ProbeReadings> tick, int ticks, double interval = 1,
            MetricNames? names = null)
        {
            int k = 0;
            var probe = new ScriptedProbe((dt, r) => tick(k++, r), Component.Cpu, Component.Memory);
            var options = Sessions.Options(new ManualClock(), interval, probe);
            options.Platform = "Linux";
            options.ExportQueueCapacity = 0;
            if (names != null)
            {
                options.MetricNames = names;
            }

            options.Exporters.Add(exporter);
            var session = new TrackingSession(options);
            session.Start(background: false);
            session.RunUntil(ticks * interval);
            return (session, exporter);
        }

        internal static void CpuAndIdleMemory(int k, ProbeReadings r)
        {
            r.SetPower(Component.Cpu, CpuWatts[k % CpuWatts.Length], "cpu");
            r.SetPower(Component.Memory, 0.0, "memory");
        }

        [Fact]
        public void AfterKnownTicksTheCollectorGetsExactTotalsAndTheLatestGauges()
        {
            using var receiver = new OtlpReceiver();
            var (session, exporter) = Running(new OtlpExporter(receiver.MetricsUrl), CpuAndIdleMemory, 3);
            using var _ = session;

            // One push per tick: the interval is the 1 s minimum.
            Assert.Equal(3, receiver.Requests.Count);
            OtlpRequest request = receiver.Last;
            OtlpPayload payload = request.Decode();

            Assert.Equal("POST", request.Method);
            Assert.Equal("/v1/metrics", request.Target);
            Assert.Equal("application/x-protobuf", request.Header("Content-Type"));
            Assert.Equal("tracarbon", payload.Resource["service.name"]);
            Assert.Equal(
                new[] { Intensity, Emissions, Energy, Power, "tracarbon.self_cpu" }.OrderBy(n => n),
                payload.Names.OrderBy(n => n));
            Assert.All(payload.Metrics, m => Assert.Equal(OtlpExporter.MeterName, m.Scope));
            Assert.All(payload.Metrics.SelectMany(m => m.Points), p => Assert.True(p.IsDouble));

            OtlpMetric energy = payload.Metric(Energy);
            Assert.Equal(("sum", true, 2, "J"), (energy.Kind, energy.IsMonotonic, energy.Temporality, energy.Unit));
            Assert.Equal(19.75, energy.For("cpu").Value, 1e-9);
            Assert.Equal(19.75, energy.For("host").Value, 1e-9);
            OtlpPoint host = energy.For("host");
            Assert.Equal(
                new[] { "component", "location", "platform", "source" }, host.Attributes.Keys.OrderBy(k => k));
            Assert.Equal(("XX", "sum of Cpu + Memory", "Linux"), (host["location"], host["source"], host["platform"]));

            OtlpMetric emissions = payload.Metric(Emissions);
            Assert.Equal(("sum", true, "g"), (emissions.Kind, emissions.IsMonotonic, emissions.Unit));
            Assert.Equal(19.75 / 3.6e6 * 100, emissions.For("cpu").Value, 1e-15);

            OtlpMetric power = payload.Metric(Power);
            Assert.Equal(("gauge", "W"), (power.Kind, power.Unit));
            Assert.Equal(2.25, power.For("cpu").Value, 1e-12);
            Assert.Equal("cpu", power.For("cpu")["source"]);

            OtlpPoint intensity = payload.Metric(Intensity).Points.Single();
            Assert.Equal("g/kWh", payload.Metric(Intensity).Unit);
            Assert.Equal(100, intensity.Value);
            Assert.Equal(
                ("XX", "test table", "Linux"), (intensity["location"], intensity["source"], intensity["platform"]));
            Assert.False(intensity.Attributes.ContainsKey("component"));
            Assert.Equal(3, exporter.Pushes);
        }

        [Fact]
        public void EachPushCarriesTheTotalsSoFar()
        {
            using var receiver = new OtlpReceiver();
            var (session, _) = Running(new OtlpExporter(receiver.MetricsUrl), CpuAndIdleMemory, 3);
            using var __ = session;

            double[] totals = receiver.Requests.Select(r => r.Decode().Metric(Energy).For("cpu").Value).ToArray();

            Assert.Equal(new[] { 7.5, 17.5, 19.75 }, totals);
        }

        [Fact]
        public void AMeasuredZeroIsSentAndAMissingComponentIsNot()
        {
            using var receiver = new OtlpReceiver();
            var (session, _) = Running(new OtlpExporter(receiver.MetricsUrl), CpuAndIdleMemory, 1);
            using var __ = session;

            OtlpPayload payload = receiver.Last.Decode();

            Assert.Equal(0.0, payload.Metric(Power).For("memory").Value);
            Assert.Equal(0.0, payload.Metric(Energy).For("memory").Value);
            Assert.Equal(0.0, payload.Metric(Emissions).For("memory").Value);
            Assert.DoesNotContain(
                payload.Metrics.SelectMany(m => m.Points),
                p => p.Attributes.TryGetValue("component", out string? c) && c == "gpu");
        }

        [Fact]
        public void AComponentThatStopsReadingLosesItsPowerPointButKeepsItsTotal()
        {
            using var receiver = new OtlpReceiver();
            var (session, _) = Running(
                new OtlpExporter(receiver.MetricsUrl),
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

            OtlpPayload payload = receiver.Last.Decode();

            Assert.Equal(3, payload.Metric(Energy).For("memory").Value, 1e-12);
            Assert.DoesNotContain(payload.Metric(Power).Points, p => p["component"] == "memory");
            Assert.Equal(8, payload.Metric(Energy).For("cpu").Value, 1e-12);
        }

        [Fact]
        public void FastTicksPushOnceASecondThenOnceMoreAtStopAndNotAgainAtDispose()
        {
            using var receiver = new OtlpReceiver();

            // Ticks every 0.25 s up to 2 s: pushes at 0.25 s and 1.25 s, the rest wait for the interval.
            var (session, exporter) = Running(
                new OtlpExporter(receiver.MetricsUrl), (k, r) => r.SetPower(Component.Cpu, 4, "cpu"), 8, 0.25);
            Assert.Equal(2, receiver.Requests.Count);

            session.Stop();
            session.Dispose();

            Assert.Equal(3, receiver.Requests.Count);
            Assert.Equal(8.0, receiver.Last.Decode().Metric(Energy).For("cpu").Value, 1e-9);
            Assert.Equal((3L, 0L), (exporter.Pushes, exporter.FailedPushes));
        }

        [Fact]
        public void AnUnreachableCollectorIsAnExporterErrorAndTheSessionGoesOn()
        {
            var endpoint = new Uri("http://127.0.0.1:" + ExportTestSupport.FreePort() + "/v1/metrics");
            var watch = Stopwatch.StartNew();
            var (session, exporter) = Running(new OtlpExporter(endpoint), CpuAndIdleMemory, 3);

            var report = session.Stop();
            session.Dispose();

            // Three ticks, and the flush at stop trying the failed last push again; a refused connection
            // fails at once.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
            Assert.Equal(4, session.Errors.CountFor(Origin));
            Assert.Equal((0L, 4L), (exporter.Pushes, exporter.FailedPushes));
            Assert.Contains(session.Errors.Messages, m => m.Contains(endpoint.ToString()));

            // The reason, not a list of what it might have been.
            Assert.All(session.Errors.Messages, m => Assert.EndsWith(
                $"The OTLP push to '{endpoint}' failed: Connection refused (127.0.0.1:{endpoint.Port}).", m));
            Assert.Equal(19.75, report.Single(r => r.Component == Component.Cpu).EnergyJoules, 1e-9);
        }

        [Theory]
        [InlineData("System.Net.Http.HttpRequestException: Connection refused (127.0.0.1:1)\n ---> System.Net.Sockets.SocketException (111): Connection refused\n   at X", "Connection refused (127.0.0.1:1)")]
        [InlineData("System.Threading.Tasks.TaskCanceledException: The request was canceled.", "The request was canceled")]
        [InlineData("Timed out: no answer", "Timed out: no answer")]
        [InlineData("  \n", null)]
        [InlineData(null, null)]
        public void AFailureReasonIsTheFirstLineOfTheExceptionWithoutItsType(string? text, string? reason)
        {
            Assert.Equal(reason, OtlpFailureReasons.ReasonFrom(text));
        }

        [Theory]
        [InlineData(503)]
        [InlineData(400)]
        public void AnErrorStatusIsAFailedPush(int status)
        {
            using var receiver = new OtlpReceiver { Status = status };
            var (session, exporter) = Running(new OtlpExporter(receiver.MetricsUrl), CpuAndIdleMemory, 1);
            using var _ = session;

            Assert.Equal(1, session.Errors.CountFor(Origin));
            Assert.Equal((0L, 1L), (exporter.Pushes, exporter.FailedPushes));
            Assert.EndsWith(
                $"failed: Response status code does not indicate success: {status} (Scripted).",
                Assert.Single(session.Errors.Messages));
        }

        [Fact]
        public void ACollectorThatNeverAnswersCostsOneTimeoutPerPush()
        {
            using var receiver = new OtlpReceiver { Silent = true };
            var exporter = new OtlpExporter(receiver.MetricsUrl, timeout: TimeSpan.FromMilliseconds(300));
            var watch = Stopwatch.StartNew();
            var (session, _) = Running(exporter, CpuAndIdleMemory, 2);

            session.Stop();
            session.Dispose();

            // Two ticks and the flush's second try: three waits of 0.3 s, with room for a slow machine.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
            Assert.Equal(3, session.Errors.CountFor(Origin));
            Assert.EndsWith(
                "failed: The request was canceled due to the configured HttpClient.Timeout of 0.3 seconds elapsing.",
                Assert.Single(session.Errors.Messages));
            receiver.WaitForRequests(3);
            Assert.Equal(3, receiver.Requests.Count);
        }

        [Fact]
        public void TwoSessionsInOneProcessEachSendOnlyTheirOwnSeries()
        {
            using var first = new OtlpReceiver();
            using var second = new OtlpReceiver();
            var (a, _) = Running(new OtlpExporter(first.MetricsUrl), (k, r) => r.SetPower(Component.Cpu, 5, "a"), 2);
            var (b, _) = Running(new OtlpExporter(second.MetricsUrl), (k, r) => r.SetPower(Component.Cpu, 7, "b"), 2);
            using var __ = a;
            using var ___ = b;

            OtlpMetric fromA = first.Last.Decode().Metric(Energy);
            OtlpMetric fromB = second.Last.Decode().Metric(Energy);

            Assert.Equal(10, fromA.For("cpu").Value, 1e-12);
            Assert.Equal(14, fromB.For("cpu").Value, 1e-12);
            Assert.Equal("a", fromA.For("cpu")["source"]);
            Assert.Equal("b", fromB.For("cpu")["source"]);
            string InstanceId(OtlpReceiver receiver) => receiver.Last.Decode().Resource["service.instance.id"];
            Assert.NotEqual(InstanceId(first), InstanceId(second));
        }

        [Fact]
        public void TheMetricPrefixStartsEveryName()
        {
            using var receiver = new OtlpReceiver();
            var (session, _) = Running(
                new OtlpExporter(receiver.MetricsUrl), CpuAndIdleMemory, 1, names: new MetricNames("my-app v2"));
            using var _ = session;

            Assert.All(receiver.Last.Decode().Names, n => Assert.StartsWith("my-app_v2.", n));
            Assert.Contains("my-app_v2.energy", receiver.Last.Decode().Names);
        }

        [Theory]
        [InlineData("2fast")]
        [InlineData("_tracarbon")]
        public void APrefixThatCannotStartAnInstrumentNameIsRefusedAtOpen(string prefix)
        {
            using var exporter = new OtlpExporter();

            var ex = Assert.Throws<ArgumentException>(
                () => exporter.Open(ExportTestSupport.Context(names: new MetricNames(prefix))));

            Assert.Contains($"'{prefix}'", ex.Message);
        }

        [Fact]
        public void AnExporterOpenedAndDisposedWithoutSamplesSendsNothing()
        {
            using var receiver = new OtlpReceiver();
            var exporter = new OtlpExporter(receiver.MetricsUrl);

            exporter.Open(ExportTestSupport.Context());
            exporter.Flush();
            exporter.Dispose();
            exporter.Dispose();

            Assert.Empty(receiver.Requests);
            Assert.Throws<InvalidOperationException>(() => exporter.Open(ExportTestSupport.Context()));
        }
    }
}
