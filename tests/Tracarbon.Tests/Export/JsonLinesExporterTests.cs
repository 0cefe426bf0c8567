using System;
using System.IO;
using System.Linq;
using System.Text.Json;
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

        private static void Run(string path, params double[] cpuWatts)
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
            options.Exporters.Add(new JsonLinesExporter(path));
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
        public void AFileDeletedMidSessionIsRecreatedAndTheDeletionIsReported()
        {
            string path = Path.Combine(_dir, "deleted.jsonl");
            var clock = new ManualClock();
            var options = Sessions.Options(clock, 1, ScriptedProbe.ConstantPower(2));
            options.Exporters.Add(new JsonLinesExporter(path));
            options.ExportQueueCapacity = 0;
            using var session = new TrackingSession(options);
            session.Start(background: false);
            session.RunUntil(2);

            File.Delete(path);
            session.RunUntil(4);
            var report = session.Stop();

            // Ticks 3 and 4 land in the recreated file: 2 ticks x (Host, Cpu) x (power, emission) = 8.
            string[] lines = File.ReadAllLines(path);
            Assert.Equal(4 * 2, lines.Length);
            Assert.Equal(1, report[0].Errors);
            Assert.Contains("was deleted", report[0].ErrorMessages);
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
        public void TheDefaultFileIsNamedForTheDay()
        {
            Assert.Equal("tracarbon_2026-12-04.jsonl", JsonLinesExporter.DefaultFileName(new DateTime(2026, 12, 4)));
        }
    }
}
