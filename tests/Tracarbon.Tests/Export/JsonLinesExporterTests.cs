using System;
using System.IO;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Export
{
    public sealed class JsonLinesExporterTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("tracarbon-json-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static void Run(string path, params double[] cpuWatts) => RunTo(new JsonLinesExporter(path), cpuWatts);

        /// <summary>A session of a scripted CPU power, one tick a second, exporting to <paramref name="exporter"/>.</summary>
        internal static void RunTo(Exporter exporter, params double[] cpuWatts)
        {
            var clock = new ManualClock();
            int k = 0;
            var probe = new ScriptedProbe(
                (dt, r) =>
                {
                    r.SetPower(Component.Cpu, cpuWatts[k++], "cpu \"model\"");
                    r.SetPower(Component.Memory, 0.0, "memory");
                },
                Component.Cpu,
                Component.Memory);
            var options = Sessions.Options(clock, 1, probe);
            options.Exporters.Add(exporter);
            using var session = new TrackingSession(options);
            session.Start(background: false);
            session.RunUntil(cpuWatts.Length);
            session.Stop();
        }

        private static JsonElement[] Records(string path) =>
            File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToArray();

        [Fact]
        public void RecordsCarryTracarbonsFieldsNamesAndTags()
        {
            string path = Path.Combine(_dir, "run.jsonl");

            Run(path, 7.5);

            // One tick: host, cpu and memory, each a power and an emission record.
            JsonElement[] records = Records(path);
            Assert.Equal(6, records.Length);
            JsonElement cpu = records.Single(r => r.GetProperty("metric_name").GetString() == "tracarbon.energy_consumption_cpu");
            Assert.Equal(7.5, cpu.GetProperty("metric_value").GetDouble());
            Assert.Equal(
                new[] { "platform:Linux", "location:XX", "source:cpu \"model\"", "units:watts" },
                cpu.GetProperty("metric_tags").EnumerateArray().Select(t => t.GetString()));
            DateTimeOffset stamp = DateTimeOffset.Parse(cpu.GetProperty("timestamp").GetString()!);
            Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero), stamp);
            JsonElement hostCo2 = records.Single(r => r.GetProperty("metric_name").GetString() == "tracarbon.carbon_emission_host");
            Assert.Equal(7.5 / 3.6e6 * 100, hostCo2.GetProperty("metric_value").GetDouble(), 1e-18);
            Assert.Equal("units:co2g", hostCo2.GetProperty("metric_tags")[3].GetString());
        }

        [Fact]
        public void AMeasuredZeroIsWrittenAndAMissingReadingIsNot()
        {
            // C-18: memory reads 0.0 W and is exported; the GPU has no reading and is left out.
            string path = Path.Combine(_dir, "zero.jsonl");

            Run(path, 1);

            JsonElement[] records = Records(path);
            JsonElement memory = records.Single(r => r.GetProperty("metric_name").GetString() == "tracarbon.energy_consumption_memory");
            Assert.Equal(0.0, memory.GetProperty("metric_value").GetDouble());
            Assert.DoesNotContain(records, r => r.GetProperty("metric_name").GetString()!.EndsWith("_gpu", StringComparison.Ordinal));
        }

        [Fact]
        public void AppendingAcrossRunsKeepsEveryLineValidEvenAfterATornLine()
        {
            string path = Path.Combine(_dir, "append.jsonl");

            Run(path, 1, 2);
            // A killed process may leave half a line behind.
            File.AppendAllText(path, "{\"timestamp\":\"2026-01-01T00:0");
            Run(path, 3);
            Run(path);

            string[] lines = File.ReadAllLines(path);
            Assert.Equal(12 + 1 + 6, lines.Length);
            Assert.Equal(18, lines.Count(l => l.EndsWith("}", StringComparison.Ordinal)));
            foreach (string line in lines.Where(l => l.EndsWith("}", StringComparison.Ordinal)))
            {
                JsonDocument.Parse(line).Dispose();
            }

            Assert.Equal("{\"timestamp\":\"2026-01-01T00:0", lines[12]);
        }

        [Fact]
        public void TwoSessionsOfOneProcessCannotShareAFile()
        {
            string path = Path.Combine(_dir, "shared.jsonl");
            using var first = new JsonLinesExporter(path);
            first.Open(new ExportContext("A", "Linux", new MetricNames()));

            var second = new JsonLinesExporter(path);
            var ex = Assert.Throws<FileInUseException>(() => second.Open(new ExportContext("B", "Linux", new MetricNames())));

            Assert.Equal("A", ex.Owner);
            second.Dispose();
            first.Dispose();
            using var third = new JsonLinesExporter(path);
            third.Open(new ExportContext("C", "Linux", new MetricNames()));
        }

        [Fact]
        public void AsRootALinkPlantedAtTheTargetIsRefusedAndItsTargetUntouched()
        {
            string victim = Path.Combine(_dir, "victim.txt");
            File.WriteAllText(victim, "precious\n");
            string link = Path.Combine(_dir, "planted.jsonl");
            File.CreateSymbolicLink(link, victim);

            var refused = Assert.Throws<UnauthorizedAccessException>(
                () => Tracarbon.Export.AppendFile.RefuseLinkWhenPrivileged(link, privileged: true));
            Assert.Contains("symbolic link", refused.Message);

            // The exporter itself, as the root this suite runs as here (and a RAPL tracker often does).
            if (Tracarbon.Platform.Privileges.IsRoot)
            {
                var exporter = new JsonLinesExporter(link);
                Assert.Throws<UnauthorizedAccessException>(
                    () => exporter.Open(new ExportContext("A", "Linux", new MetricNames())));
                exporter.Dispose();
            }

            Assert.Equal("precious\n", File.ReadAllText(victim));
            Tracarbon.Export.AppendFile.RefuseLinkWhenPrivileged(link, privileged: false);
        }

        [Fact]
        public void ATickIsWrittenByteForByteAsTheRecordShapeSays()
        {
            // Tags that need escaping, numbers that need 17 digits or an exponent, a zero, no power.
            string path = Path.Combine(_dir, "exact.jsonl");
            var sample = ExportTestSupport.Sample(
                1, new IntensityValue(56, "F\"R\\\u0001", "table"),
                (Component.Host, 3, 0.1 + 0.2, "rapl\tpsys", "Rapl"),
                (Component.Cpu, 1, 1e-7, "caf\u00e9 \"pkg\"", "Rapl"),
                (Component.Memory, 0, 0.0, null, "Rapl"),
                (Component.Gpu, 2, null, "nvml", "Nvml"));
            sample.Slot(Component.Host).EmissionsGrams = 1e21;
            sample.Slot(Component.Cpu).EmissionsGrams = 2.0833333333333336E-05;
            sample.Timestamp = new DateTimeOffset(2026, 12, 4, 18, 5, 38, TimeSpan.FromHours(1)).AddTicks(1_234_567);
            using var exporter = new JsonLinesExporter(path);
            exporter.Open(new ExportContext("exact", "Linux", new MetricNames("acme", '_')));

            exporter.Export(sample);
            exporter.Dispose();

            const string tags = "\"platform:Linux\",\"location:F\\\"R\\\\\\u0001\"";
            const string stamp = "{\"timestamp\":\"2026-12-04T17:05:38.123456Z\",\"metric_name\":\"acme_";
            Assert.Equal(
                stamp + "energy_consumption_host\",\"metric_value\":0.30000000000000004,\"metric_tags\":[" + tags +
                ",\"source:rapl\\tpsys\",\"units:watts\"]}\n" +
                stamp + "carbon_emission_host\",\"metric_value\":1E+21,\"metric_tags\":[" + tags +
                ",\"source:rapl\\tpsys\",\"units:co2g\"]}\n" +
                stamp + "energy_consumption_cpu\",\"metric_value\":1E-07,\"metric_tags\":[" + tags +
                ",\"source:caf\u00e9 \\\"pkg\\\"\",\"units:watts\"]}\n" +
                stamp + "carbon_emission_cpu\",\"metric_value\":2.0833333333333336E-05,\"metric_tags\":[" + tags +
                ",\"source:caf\u00e9 \\\"pkg\\\"\",\"units:co2g\"]}\n" +
                stamp + "energy_consumption_memory\",\"metric_value\":0,\"metric_tags\":[" + tags +
                ",\"source:unknown\",\"units:watts\"]}\n" +
                stamp + "carbon_emission_memory\",\"metric_value\":0,\"metric_tags\":[" + tags +
                ",\"source:unknown\",\"units:co2g\"]}\n" +
                stamp + "carbon_emission_gpu\",\"metric_value\":" +
                sample[Component.Gpu].EmissionsGrams.ToString("R", CultureInfo.InvariantCulture) +
                ",\"metric_tags\":[" + tags + ",\"source:nvml\",\"units:co2g\"]}\n",
                File.ReadAllText(path, Encoding.UTF8));
            Assert.Equal(7, exporter.RecordsWritten);
        }

        [Fact]
        public void ATagThatChangesIsWrittenAsItIsNow()
        {
            // Tags are encoded once and kept while they stay the same: a new location or source must show.
            string path = Path.Combine(_dir, "changes.jsonl");
            using var exporter = new JsonLinesExporter(path);
            exporter.Open(ExportTestSupport.Context());

            foreach (string where in new[] { "FR", "FR", "DE" })
            {
                foreach (string source in new[] { "a", "b" })
                {
                    exporter.Export(ExportTestSupport.Sample(
                        1, new IntensityValue(50, where, "table"), (Component.Cpu, 1, 1, source, "p")));
                }
            }

            exporter.Dispose();
            string[] tags = Records(path)
                .Select(r => r.GetProperty("metric_tags"))
                .Select(t => t[1].GetString() + " " + t[2].GetString())
                .Where((_, i) => i % 2 == 0).ToArray();
            Assert.Equal(
                new[]
                {
                    "location:FR source:a", "location:FR source:b", "location:FR source:a",
                    "location:FR source:b", "location:DE source:a", "location:DE source:b",
                },
                tags);
        }

        [Fact]
        public void TicksWithTheJsonExporterAllocateNothingInSteadyState()
        {
            string path = Path.Combine(_dir, "steady.jsonl");
            var probe = new ScriptedProbe(
                (dt, r) =>
                {
                    r.SetPower(Component.Cpu, 7.25, "cpu");
                    r.SetPower(Component.Memory, 1.5, "memory");
                },
                Component.Cpu,
                Component.Memory);
            var options = Sessions.Options(new ManualClock(), 1, probe);
            options.Exporters.Add(new JsonLinesExporter(path));
            using var session = new TrackingSession(options);
            session.Start(background: false);

            long allocated = Sessions.AllocatedTicking(session, 4000, 14_000);
            session.Stop();

            // The RunUntil call's own stop handles, nothing a tick: 6 records a tick all written.
            Assert.True(allocated < 1024, $"{allocated} bytes over 10 000 ticks");
            Assert.Equal(14_000 * 6, File.ReadLines(path).Count());
        }

        [Fact]
        public void AtTenTicksASecondADeletedFileIsFoundWithinAQuarterSecond()
        {
            // The file's presence is asked at most every 250 ms of sample time, not every tick.
            string path = Path.Combine(_dir, "fast-deleted.jsonl");
            var options = Sessions.Options(new ManualClock(), 0.1, ScriptedProbe.ConstantPower(2));
            options.Exporters.Add(new JsonLinesExporter(path));
            using var session = new TrackingSession(options);
            session.Start(background: false);
            session.RunUntil(1.0);

            File.Delete(path);
            session.RunUntil(2.0);
            var report = session.Stop();

            // Asked at 0.1, 0.4, 0.7 and 1.0 s, then at 1.3 s: the ticks of 1.1 and 1.2 s went to the
            // deleted file; those of 1.3 to 2.0 s (8) are in the new one, each 4 records (Host and Cpu,
            // power and emission). Stop adds no sample: no time passed since the last tick.
            Assert.Equal(8 * 4, File.ReadAllLines(path).Length);
            Assert.Equal("2026-01-01T00:00:01.300000Z",
                Records(path)[0].GetProperty("timestamp").GetString());
            Assert.Equal(1, report[0].Errors);
            Assert.Contains("was deleted", report[0].ErrorMessages);
        }

        [Fact]
        public void AnotherWriterAppendingBetweenTicksIsNeitherOverwrittenNorOverwritesATick()
        {
            // The file's own descriptor appends (O_APPEND on Linux, a locked seek to the end elsewhere):
            // each tick lands after whatever another process added since the last.
            string path = Path.Combine(_dir, "two-writers.jsonl");
            using var exporter = new JsonLinesExporter(path);
            exporter.Open(ExportTestSupport.Context());
            exporter.Export(ExportTestSupport.Sample(1, null, (Component.Cpu, 1, 1, "first", "p")));

            using (var other = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
                other.Write(Encoding.UTF8.GetBytes("{\"other\":1}\n"));
            }

            exporter.Export(ExportTestSupport.Sample(1, null, (Component.Cpu, 2, 2, "second", "p")));
            exporter.Dispose();

            string[] lines = File.ReadAllLines(path);
            Assert.Equal(5, lines.Length);
            Assert.Contains("source:first", lines[0]);
            Assert.Contains("source:first", lines[1]);
            Assert.Equal("{\"other\":1}", lines[2]);
            Assert.Contains("source:second", lines[3]);
            Assert.Contains("source:second", lines[4]);
        }

        [Fact]
        public void TheDefaultFileIsNamedForTheDay()
        {
            Assert.Equal("tracarbon_2026-12-04.jsonl", JsonLinesExporter.DefaultFileName(new DateTime(2026, 12, 4)));
        }
    }
}
