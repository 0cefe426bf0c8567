using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Tracarbon.Attribution;
using Tracarbon.Attribution.Kubernetes;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tests.Attribution;
using Tracarbon.Tests.Carbon;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Export
{
    /// <summary>
    /// A session that attributes, on a manual clock, over fixture /proc and cgroup v2 trees whose counters
    /// the probe advances each interval; its exporters show each workload's share with exact values.
    /// </summary>
    public sealed class WorkloadExportTests : IDisposable
    {
        private const string Energy = "tracarbon_energy_joules_total";
        private const string Emissions = "tracarbon_emissions_grams_total";
        private const string Group = "/docker/" + KernelTree.IdA;
        private const int Pid = 100;

        private const string PodSlice = "/kubepods.slice/kubepods-burstable.slice/"
            + "kubepods-burstable-pod1b2c3d4e_5f60_7182_93a4_b5c6d7e8f901.slice";

        private const string Sandbox = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

        /// <summary>CPU-seconds per 1 s interval, of the 4 the machine is busy: the process's, the group's.</summary>
        private static readonly double[] ProcessCpu = { 1, 2, 0.5 };

        private static readonly double[] GroupCpu = { 2, 1, 1 };

        private readonly KernelTree _tree = new KernelTree();
        private readonly UdpClient _agent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly string _json;
        private WorkloadAttribution? _attribution;

        public WorkloadExportTests()
        {
            _agent.Client.ReceiveTimeout = 5000;
            _json = Path.Combine(_tree.Root, "run.jsonl");
        }

        public void Dispose()
        {
            _attribution?.Dispose();
            _agent.Dispose();
            _tree.Dispose();
        }

        private int AgentPort => ((IPEndPoint)_agent.Client.LocalEndPoint!).Port;

        /// <summary>
        /// 1 024 000 000 bytes of memory; a process holding a tenth (25 000 pages) and a container group a
        /// fifth, both at 0 CPU time when attribution starts.
        /// </summary>
        private WorkloadAttribution ProcessAndContainer()
        {
            _tree.Meminfo(1_000_000);
            _tree.Machine(0, 0);
            _tree.Process(Pid, "worker", 1, 0, 0, 5000, 25_000);
            _tree.GroupV2(Group, 0, 204_800_000);
            AttributionOptions options = _tree.Options();
            options.ProcessIds.Add(Pid);
            options.CgroupPaths.Add(Group);
            var attribution = new WorkloadAttribution(options);
            attribution.Start();
            return attribution;
        }

        /// <summary>Interval k: the counters move as the kernel would; the CPU draws 40 W, the memory 10 W.</summary>
        private void Advance(int k, ProbeReadings readings)
        {
            double process = ProcessCpu.Take(k + 1).Sum();
            double group = GroupCpu.Take(k + 1).Sum();
            _tree.Machine((ulong)(400 * (k + 1)), 0);
            _tree.Process(Pid, "worker", 1, (ulong)Math.Round(process * 100), 0, 5000, 25_000);
            _tree.GroupV2(Group, (ulong)Math.Round(group * 1e6), 204_800_000);
            readings.SetPower(Component.Cpu, 40, "cpu");
            readings.SetPower(Component.Memory, 10, "memory");
        }

        /// <summary>The process and the container over some intervals; the caller disposes the session.</summary>
        private (TrackingSession Session, PrometheusExporter Prometheus) Ran(int ticks, Exporter? extra = null)
        {
            _attribution = ProcessAndContainer();
            var (session, prometheus) = Session(_attribution, Advance, extra, Component.Cpu, Component.Memory);
            session.RunUntil(ticks);
            return (session, prometheus);
        }

        private (TrackingSession Session, PrometheusExporter Prometheus) Session(
            WorkloadAttribution attribution, Action<int, ProbeReadings> tick, params Component[] components) =>
            Session(attribution, tick, null, components);

        /// <summary>A started session exporting to Prometheus, JSON Lines, Datadog and an extra one.</summary>
        private (TrackingSession Session, PrometheusExporter Prometheus) Session(
            WorkloadAttribution attribution,
            Action<int, ProbeReadings> tick,
            Exporter? extra,
            params Component[] components)
        {
            int k = 0;
            var probe = new ScriptedProbe((dt, r) => tick(k++, r), components);
            SessionOptions options = Sessions.Options(new ManualClock(), 1, probe);
            options.Platform = "Linux";
            options.Attribution = attribution;
            var prometheus = new PrometheusExporter(IPAddress.Loopback, 0);
            options.Exporters.Add(prometheus);
            options.Exporters.Add(new JsonLinesExporter(_json));
            options.Exporters.Add(new DatadogExporter("127.0.0.1", AgentPort));
            if (extra != null)
            {
                options.Exporters.Add(extra);
            }

            var session = new TrackingSession(options);
            session.Start(background: false);
            return (session, prometheus);
        }

        private static Exposition Scrape(PrometheusExporter exporter, out string body)
        {
            RawResponse response = RawHttp.Get(exporter.LocalEndPoint!, "/metrics");
            Assert.Equal(200, response.Status);
            body = response.Body;
            return Exposition.Parse(body);
        }

        /// <summary>The one sample of a family with exactly these labels besides the platform.</summary>
        private static double Value(Exposition metrics, string name, params (string Label, string Value)[] labels)
        {
            var wanted = labels.ToDictionary(l => l.Label, l => l.Value);
            wanted["platform"] = "Linux";
            bool Matches(ExposedSample s) => s.Labels.Count == wanted.Count
                && wanted.All(w => s.Labels.TryGetValue(w.Key, out string? v) && v == w.Value);
            return metrics.Named(name).Single(Matches).Value;
        }

        private JsonElement[] Records() =>
            File.ReadAllLines(_json).Select(l => JsonDocument.Parse(l).RootElement).ToArray();

        private static string[] Tags(JsonElement record) =>
            record.GetProperty("metric_tags").EnumerateArray().Select(t => t.GetString()!).ToArray();

        private static double Grams(double joules) => joules / 3.6e6 * 100;

        /// <summary>Every line the agent got until <paramref name="count"/> lines came.</summary>
        private List<string> AgentLines(int count)
        {
            var lines = new List<string>();
            var from = new IPEndPoint(IPAddress.Any, 0);
            while (lines.Count < count)
            {
                lines.AddRange(Encoding.UTF8.GetString(_agent.Receive(ref from)).Split('\n'));
            }

            return lines;
        }

        [Fact]
        public void PrometheusCountsEachWorkloadAcrossIntervalsAndTheyAddUpToTheHost()
        {
            var (session, prometheus) = Ran(3);
            using var running = session;

            Exposition metrics = Scrape(prometheus, out _);

            // CPU: 40 J a tick split by 1/4, 2/4, 1/8 (process) and 2/4, 1/4, 1/4 (group) of 4 busy seconds;
            // memory: 10 J a tick, a tenth and a fifth.
            var process = new[] { ("workload", "process"), ("process", "worker"), ("pid", "100") };
            var container = new[] { ("workload", "container"), ("container_id", KernelTree.IdA.Substring(0, 12)) };
            var rest = new[] { ("workload", "unattributed") };
            var expected = new (IEnumerable<(string, string)> Labels, double Host, double Cpu, double Memory)[]
            {
                (process, 38, 35, 3), (container, 46, 40, 6), (rest, 66, 45, 21),
            };
            foreach (var (labels, host, cpu, memory) in expected)
            {
                (string, string)[] Part(string component) => labels.Append(("component", component)).ToArray();
                Assert.Equal(host, Value(metrics, Energy, Part("host")), 1e-9);
                Assert.Equal(cpu, Value(metrics, Energy, Part("cpu")), 1e-9);
                Assert.Equal(memory, Value(metrics, Energy, Part("memory")), 1e-9);
                Assert.Equal(Grams(host), Value(metrics, Emissions, Part("host")), 1e-15);
                Assert.Equal(Grams(cpu), Value(metrics, Emissions, Part("cpu")), 1e-15);
            }

            // The host's own series have no workload label; the workloads' wholes add up to it.
            ExposedSample machine = metrics.Named(Energy)
                .Single(s => s["component"] == "host" && !s.Labels.ContainsKey("workload"));
            Assert.Equal(150, machine.Value, 1e-9);
            double workloads = metrics.Named(Energy)
                .Where(s => s["component"] == "host" && s.Labels.ContainsKey("workload")).Sum(s => s.Value);
            Assert.Equal(machine.Value, workloads, 1e-9);
            Assert.Equal(9, metrics.Named(Energy).Count(s => s.Labels.ContainsKey("workload")));
            Assert.Equal(0, session.Errors.Total);
        }

        [Fact]
        public void OtlpPushesEachWorkloadsTotalsWithThePrometheusLabelsAsAttributes()
        {
            using var receiver = new OtlpReceiver();
            var (session, _) = Ran(3, new OtlpExporter(receiver.MetricsUrl));
            using var running = session;

            OtlpPayload payload = receiver.Last.Decode();

            OtlpPoint Point(string metric, string workload, string component) =>
                payload.Metric(metric).Points.Single(p => p["component"] == component
                    && p.Attributes.TryGetValue("workload", out string? w) && w == workload);
            OtlpPoint process = Point("tracarbon.energy", "process", "host");
            Assert.Equal(38, process.Value, 1e-9);
            Assert.Equal(
                new[] { "component", "pid", "platform", "process", "workload" },
                process.Attributes.Keys.OrderBy(k => k));
            Assert.Equal(("worker", "100", "Linux"), (process["process"], process["pid"], process["platform"]));
            OtlpPoint container = Point("tracarbon.energy", "container", "memory");
            Assert.Equal(6, container.Value, 1e-9);
            Assert.Equal(KernelTree.IdA.Substring(0, 12), container["container_id"]);
            Assert.Equal(45, Point("tracarbon.energy", "unattributed", "cpu").Value, 1e-9);
            Assert.Equal(Grams(66), Point("tracarbon.emissions", "unattributed", "host").Value, 1e-15);
        }

        [Fact]
        public void JsonLinesWriteEachIntervalsRowsWithTracarbonsNamesAndTags()
        {
            var (session, _) = Ran(3);
            session.Dispose();

            // Per tick: host, cpu and memory twice (6), then six records for each of the three rows.
            JsonElement[] records = Records();
            Assert.Equal(3 * 24, records.Length);
            JsonElement[] third = records.Skip(48).ToArray();
            JsonElement processCpu = third.Single(
                r => r.GetProperty("metric_name").GetString() == "tracarbon.energy_consumption_process_cpu");
            Assert.Equal(5, processCpu.GetProperty("metric_value").GetDouble(), 1e-9);
            Assert.Equal(
                new[] { "platform:Linux", "location:XX", "process_name:worker", "process_id:100", "units:watts" },
                Tags(processCpu));
            JsonElement containerGrams = third.Single(
                r => r.GetProperty("metric_name").GetString() == "tracarbon.carbon_emission_container_total");
            Assert.Equal(Grams(12), containerGrams.GetProperty("metric_value").GetDouble(), 1e-15);
            Assert.Equal(
                new[]
                {
                    "platform:Linux", "location:XX", "container_id:" + KernelTree.IdA.Substring(0, 12), "units:co2g",
                },
                Tags(containerGrams));
            Assert.Equal(
                new[] { "platform:Linux", "location:XX", "units:watts" },
                Tags(third.Single(r =>
                    r.GetProperty("metric_name").GetString() == "tracarbon.energy_consumption_unattributed_total")));

            // Each interval: the rows' watts add up to the host's, to 1e-9.
            for (int tick = 0; tick < 3; tick++)
            {
                JsonElement[] interval = records.Skip(tick * 24).Take(24).ToArray();
                double Named(string name) =>
                    interval.Single(r => r.GetProperty("metric_name").GetString() == name)
                        .GetProperty("metric_value").GetDouble();
                double rows = Named("tracarbon.energy_consumption_process_total")
                    + Named("tracarbon.energy_consumption_container_total")
                    + Named("tracarbon.energy_consumption_unattributed_total");
                Assert.Equal(50, Named("tracarbon.energy_consumption_host"), 1e-9);
                Assert.Equal(Named("tracarbon.energy_consumption_host"), rows, 1e-9);
                Assert.Equal(10 * ProcessCpu[tick] + 1, Named("tracarbon.energy_consumption_process_total"), 1e-9);
            }
        }

        [Fact]
        public void DatadogSendsEachRowsGaugesTaggedLikeTheHostsInDatagramsOfWholeLines()
        {
            var (session, _) = Ran(2);
            using var running = session;

            List<string> lines = AgentLines(48);

            Assert.Equal(48, lines.Count);
            const string Tags = "|g|#platform:linux,location:xx,";
            string second = string.Join("\n", lines.Skip(24));
            Assert.Contains(
                "tracarbon.energy_consumption_container_cpu:10" + Tags + "container_id:a1b2c3d4e5f6,units:watts\n",
                second);
            Assert.Contains(
                "tracarbon.energy_consumption_process_total:21" + Tags
                    + "process_name:worker,process_id:100,units:watts",
                second);
            Assert.Contains("tracarbon.energy_consumption_unattributed_memory:7" + Tags + "units:watts", second);
        }

        [Fact]
        public void EachSampleCarriesItsOwnSplitThroughTheExportQueue()
        {
            _attribution = ProcessAndContainer();
            int k = 0;
            var probe = new ScriptedProbe((dt, r) => Advance(k++, r), Component.Cpu, Component.Memory);
            SessionOptions options = Sessions.Options(new ManualClock(), 1, probe);
            options.Attribution = _attribution;

            // Exporters on their own thread, behind a ring of copied samples: the session has moved on
            // by the time a sample is exported.
            options.ExportQueueCapacity = 8;
            var seen = new List<(double ProcessCpu, double Unattributed)>();
            options.Exporters.Add(new CallbackExporter("Seen", "seen", sample => seen.Add((
                sample.Workloads!.Workloads.Single(r => r.Kind == WorkloadKind.Process).CpuEnergyJoules,
                sample.Workloads.Unattributed.EnergyJoules))));
            using var session = new TrackingSession(options);
            session.Start(background: false);

            session.RunUntil(3);
            session.Stop();

            Assert.Equal(new[] { 10.0, 20, 5 }, seen.Select(s => Math.Round(s.ProcessCpu, 9)));
            Assert.Equal(new[] { 17.0, 17, 32 }, seen.Select(s => Math.Round(s.Unattributed, 9)));
            Assert.Equal(0, session.Errors.Total);
        }

        /// <summary>
        /// The process claims <paramref name="processTicks"/> clock ticks an interval of a machine busy for 400.
        /// 500 (5 CPU-seconds of 4) is overlap: warned once, not each interval. 401 is two counters read a
        /// moment apart, one tick of rounding: scaled away without a warning.
        /// </summary>
        [Theory]
        [InlineData(500, 1)]
        [InlineData(401, 0)]
        public void OverlapIsWarnedOnceAndOneClockTickOfRoundingNotAtAll(int processTicks, int warnings)
        {
            WorkloadAttribution attribution = ProcessAndContainer();
            _attribution = attribution;
            var (session, _) = Session(
                attribution,
                (k, r) =>
                {
                    _tree.Machine((ulong)(400 * (k + 1)), 0);
                    _tree.Process(Pid, "worker", 1, (ulong)(processTicks * (k + 1)), 0, 5000, 25_000);
                    r.SetPower(Component.Cpu, 40, "cpu");
                    r.SetPower(Component.Memory, 10, "memory");
                },
                Component.Cpu,
                Component.Memory);
            using var running = session;

            session.RunUntil(3);

            Assert.Equal(3, session.Ticks);
            Assert.Equal(warnings, session.Errors.CountFor(TrackingSession.AttributionOrigin));
            Assert.Equal(
                warnings,
                session.Errors.Messages.Count(m => m.Contains("scaled down", StringComparison.Ordinal)));
        }

        [Fact]
        public void AFailedSplitIsCountedAndTheSampleGoesOutWithoutWorkloads()
        {
            WorkloadAttribution attribution = ProcessAndContainer();
            var (session, prometheus) = Session(
                attribution,
                (k, r) =>
                {
                    Advance(k, r);
                    if (k == 1)
                    {
                        // Attribute on a disposed attribution throws: this interval's split fails.
                        attribution.Dispose();
                    }
                },
                Component.Cpu,
                Component.Memory);
            using var running = session;

            session.RunUntil(2);
            Exposition metrics = Scrape(prometheus, out string _);

            Assert.Equal(2, session.Ticks);
            Assert.Equal(1, session.Errors.CountFor(TrackingSession.AttributionOrigin));
            Assert.Contains(session.Errors.Messages, m => m.Contains(nameof(ObjectDisposedException)));
            ExposedSample machine = metrics.Named(Energy)
                .Single(s => s["component"] == "host" && !s.Labels.ContainsKey("workload"));
            Assert.Equal(100, machine.Value, 1e-9);
            var process = new[]
            {
                ("workload", "process"), ("process", "worker"), ("pid", "100"), ("component", "host"),
            };
            Assert.Equal(11, Value(metrics, Energy, process), 1e-9);
            Assert.Equal(6 + 18 + 6, File.ReadAllLines(_json).Length);
        }

        [Fact]
        public async Task KubernetesContainersArePodNamespaceAndContainerInEveryExporter()
        {
            using var server = new LoopbackHttpServer(KubernetesFixtures.Answer);
            string nginx = PodSlice + "/cri-containerd-" + KernelTree.IdB + ".scope";
            string pause = PodSlice + "/cri-containerd-" + Sandbox + ".scope";
            _tree.Machine(0, 0);
            _tree.GroupV2(nginx, 0, 0);
            _tree.GroupV2(pause, 0, 0);
            using WorkloadAttribution attribution =
                KubernetesAttributionTests.Started(_tree, server.Url, KubernetesUsageSource.Cgroups);
            var (session, prometheus) = Session(
                attribution,
                (k, r) =>
                {
                    // 2 busy CPU-seconds: nginx used 0.5 of them, the pod's sandbox 0.01; the CPU drew 20 J.
                    _tree.Machine(200, 0);
                    _tree.GroupV2(nginx, 500_000, 0);
                    _tree.GroupV2(pause, 10_000, 0);
                    r.SetPower(Component.Cpu, 20, "cpu");
                },
                Component.Cpu);
            using var running = session;

            session.RunUntil(1);
            Exposition metrics = Scrape(prometheus, out string body);
            List<string> lines = AgentLines(4 + 18);

            (string, string)[] Pod(string container, string component) => new[]
            {
                ("workload", "kubernetes"), ("pod", "web-7d4b9c"), ("namespace", "shop"), ("container", container),
                ("component", component),
            };
            Assert.Equal(5, Value(metrics, Energy, Pod("nginx", "cpu")), 1e-9);
            Assert.Equal(0.1, Value(metrics, Energy, Pod(string.Empty, "host")), 1e-9);
            Assert.Equal(Grams(5), Value(metrics, Emissions, Pod("nginx", "host")), 1e-15);
            Assert.Equal(14.9, Value(metrics, Energy, ("workload", "unattributed"), ("component", "cpu")), 1e-9);
            await PrometheusToolTests.AssertPromtoolAccepts(body);

            JsonElement nginxWatts = Records().Single(r =>
                r.GetProperty("metric_name").GetString() == "tracarbon.energy_consumption_kubernetes_total"
                && Tags(r).Contains("container_name:nginx"));
            Assert.Equal(5, nginxWatts.GetProperty("metric_value").GetDouble(), 1e-9);
            Assert.Equal(
                new[]
                {
                    "platform:Linux", "location:XX", "pod_name:web-7d4b9c", "pod_namespace:shop",
                    "container_name:nginx", "units:watts",
                },
                Tags(nginxWatts));

            string grams = lines.Single(l =>
                l.StartsWith("tracarbon.carbon_emission_kubernetes_total:", StringComparison.Ordinal)
                && l.Contains("container_name:nginx"));
            Assert.EndsWith(
                "|g|#platform:linux,location:xx,pod_name:web-7d4b9c,pod_namespace:shop,container_name:nginx,units:co2g",
                grams);
            string value = grams.Substring(grams.IndexOf(':') + 1).Split('|')[0];
            double sent = double.Parse(value, CultureInfo.InvariantCulture);
            Assert.Equal(Grams(5), sent, 1e-15);
        }

        [Fact]
        public async Task PromtoolAcceptsWorkloadSeriesWhoseLabelsNeedEscaping()
        {
            _tree.Meminfo(1_000_000);
            _tree.Machine(0, 0);
            _tree.Process(Pid, "say \"hi\" \\ bye", 1, 0, 0, 5000, 10);
            AttributionOptions options = _tree.Options();
            options.ProcessIds.Add(Pid);
            using var attribution = new WorkloadAttribution(options);
            attribution.Start();
            var (session, prometheus) = Session(
                attribution,
                (k, r) =>
                {
                    _tree.Machine((ulong)(100 * (k + 1)), 0);
                    _tree.Process(Pid, "say \"hi\" \\ bye", 1, (ulong)(50 * (k + 1)), 0, 5000, 10);
                    r.SetPower(Component.Cpu, 8, "cpu");
                },
                Component.Cpu);
            using var running = session;

            session.RunUntil(2);
            Exposition metrics = Scrape(prometheus, out string body);

            Assert.Contains("process=\"say \\\"hi\\\" \\\\ bye\"", body);
            Assert.Equal(
                8,
                Value(
                    metrics,
                    Energy,
                    ("workload", "process"), ("process", "say \"hi\" \\ bye"), ("pid", "100"), ("component", "cpu")),
                1e-9);
            await PrometheusToolTests.AssertPromtoolAccepts(body);
        }

        /// <summary>One interval's split, made by hand: a joule of CPU for each pid, the rest unattributed.</summary>
        private static Sample Interval(params int[] pids)
        {
            Sample sample = ExportTestSupport.Sample(1, null, (Component.Cpu, 10, 10, "cpu", "Scripted"));
            var rows = pids.Select(pid => new WorkloadEnergy(
                new WorkloadIdentity("process:" + pid, WorkloadKind.Process, "job") { ProcessId = pid })
            {
                DurationSeconds = 1,
                CpuEnergyJoules = 1,
                EmissionsGrams = Grams(1),
            }).ToList();
            var rest = new WorkloadEnergy(WorkloadIdentity.Unattributed)
            {
                DurationSeconds = 1,
                CpuEnergyJoules = 10 - pids.Length,
                EmissionsGrams = Grams(10 - pids.Length),
            };
            sample.Workloads = new AttributionResult(
                AttributionStatus.Attributed, 1, 10, rows, rest, Array.Empty<string>());
            return sample;
        }

        [Fact]
        public async Task PastTheBoundTheLeastRecentlySeenSeriesGoesThenNewcomersShareOneOverflowSeries()
        {
            // Two workload series at most; the unattributed row has its own, outside the bound.
            var metrics = new PrometheusMetrics(ExportTestSupport.Context(), maxWorkloads: 2);
            metrics.Update(Interval(1, 2));
            metrics.Update(Interval(3));
            metrics.Update(Interval(3, 4, 5));

            string text = metrics.Render();
            Exposition exposition = Exposition.Parse(text);
            (string, string)[] Job(int pid) =>
                new[] { ("workload", "process"), ("process", "job"), ("pid", pid.ToString()), ("component", "cpu") };

            // pid 3 came when pids 1 and 2 were gone: 1, seen least recently, made room. Then 4 took 2's
            // place, and 5 found every series seen in its own interval.
            Assert.Equal(
                new[] { "3", "4" },
                exposition.Named(Energy).Where(s => s.Labels.ContainsKey("pid") && s["component"] == "cpu")
                    .Select(s => s["pid"]));
            Assert.Equal(2, Value(exposition, Energy, Job(3)), 1e-12);
            Assert.Equal(1, Value(exposition, Energy, Job(4)), 1e-12);
            Assert.Equal(1, Value(exposition, Energy, ("workload", "overflow"), ("component", "cpu")), 1e-12);
            double rest = Value(exposition, Energy, ("workload", "unattributed"), ("component", "cpu"));
            Assert.Equal(8 + 9 + 7, rest, 1e-12);
            Assert.Equal(2, metrics.DroppedWorkloadSeries);
            await PrometheusToolTests.AssertPromtoolAccepts(text);

            // A new pid every interval for a long while: the series stay within the bound.
            for (int pid = 10; pid < 2010; pid++)
            {
                metrics.Update(Interval(pid));
            }

            Exposition after = Exposition.Parse(metrics.Render());
            Assert.Equal(
                3 + 1, after.Named(Energy).Count(s => s.Labels.ContainsKey("workload") && s["component"] == "cpu"));
            Assert.Equal(2 + 2000, metrics.DroppedWorkloadSeries);
            Assert.Equal(
                new[] { "2008", "2009" },
                after.Named(Energy).Where(s => s.Labels.ContainsKey("pid") && s["component"] == "cpu")
                    .Select(s => s["pid"]));
            Assert.Equal(
                8 + 9 + 7 + 2000 * 9,
                Value(after, Energy, ("workload", "unattributed"), ("component", "cpu")),
                1e-9);
        }

        [Fact]
        public void MoreWorkloadsThanTheBoundInTheFirstIntervalStillLeaveTheUnattributedSeries()
        {
            var metrics = new PrometheusMetrics(ExportTestSupport.Context(), maxWorkloads: 2);
            metrics.Update(Interval(1, 2, 3, 4, 5));

            Exposition exposition = Exposition.Parse(metrics.Render());

            // Pids 1 and 2 keep series; 3, 4 and 5 share the overflow; the rest stays unattributed.
            Assert.Equal(5, Value(exposition, Energy, ("workload", "unattributed"), ("component", "cpu")), 1e-12);
            Assert.Equal(3, Value(exposition, Energy, ("workload", "overflow"), ("component", "cpu")), 1e-12);
            double all = exposition.Named(Energy)
                .Where(e => e.Labels.ContainsKey("workload") && e["component"] == "cpu").Sum(e => e.Value);
            Assert.Equal(10, all, 1e-12);
        }
    }
}
