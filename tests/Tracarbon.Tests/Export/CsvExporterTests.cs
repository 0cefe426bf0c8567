using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;
using CsvHelper.Configuration;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Export
{
    public sealed class CsvExporterTests : IDisposable
    {
        private const string Header =
            "timestamp,session,component,power_watts,energy_joules,emissions_grams,intensity_g_per_kwh," +
            "location,source,probe";

        private readonly string _dir = Directory.CreateTempSubdirectory("tracarbon-csv-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>Every record of the file as a CSV reader sees it, header first.</summary>
        private static List<string[]> Records(string path)
        {
            var records = new List<string[]>();
            var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false };
            using var reader = new CsvReader(new StringReader(File.ReadAllText(path)), configuration);
            while (reader.Read())
            {
                records.Add(reader.Parser.Record!);
            }

            return records;
        }

        private static TrackingSession Session(string path, double cpuWatts, out CsvExporter exporter)
        {
            var probe = new ScriptedProbe(
                (dt, r) =>
                {
                    r.SetPower(Component.Cpu, cpuWatts, "cpu");
                    r.SetPower(Component.Memory, 0.0, "memory");
                },
                Component.Cpu,
                Component.Memory);
            var options = Sessions.Options(new ManualClock(), 1, probe);
            options.Name = "second";
            exporter = new CsvExporter(path);
            options.Exporters.Add(exporter);
            return new TrackingSession(options);
        }

        [Fact]
        public void ANullPowerIsAnEmptyFieldAndTwoSessionsShareOneHeader()
        {
            // C-17: the first session writes a row whose power does not exist (an interval of length 0).
            string path = Path.Combine(_dir, "c17.csv");
            using (var first = new CsvExporter(path))
            {
                first.Open(ExportTestSupport.Context("first"));
                first.Export(ExportTestSupport.Sample(
                    0, null, (Component.Cpu, 0.045, null, "rapl", "Rapl"), (Component.Gpu, 0.0, 0.0, null, null)));
            }

            using (TrackingSession second = Session(path, 7.5, out CsvExporter exporter))
            {
                second.Start(background: false);
                second.RunUntil(2);
                second.Stop();
                Assert.Equal(2 * 3, exporter.RowsWritten);
            }

            string[] lines = File.ReadAllLines(path);
            List<string[]> records = Records(path);
            Assert.Equal(Header, lines[0]);
            Assert.Single(lines, l => l.StartsWith("timestamp,", StringComparison.Ordinal));
            Assert.Equal(1 + 2 + (2 * 3), records.Count);
            Assert.All(records, r => Assert.Equal(10, r.Length));
            Assert.Equal(
                new[]
                {
                    "2026-01-01T00:00:01.000000Z", "hand-made", "cpu", "", "0.045", R(0.045 / 3.6e6 * 100),
                    "100", "XX", "rapl", "Rapl",
                },
                records[1]);
            Assert.Equal(
                "2026-01-01T00:00:01.000000Z,hand-made,cpu,,0.045," + R(0.045 / 3.6e6 * 100) + ",100,XX,rapl,Rapl",
                lines[1]);

            // A measured 0 with no source or probe: the zero is written, the missing texts are empty fields.
            Assert.Equal(
                new[] { "gpu", "0", "0", "0", "", "" }, new[] { 2, 3, 4, 5, 8, 9 }.Select(i => records[2][i]));

            // The second session's second tick, exactly; its host is the sum of its parts.
            Assert.Equal(
                new[]
                {
                    "2026-01-01T00:00:02.000000Z", "second", "cpu", "7.5", "7.5", R(7.5 / 3.6e6 * 100),
                    "100", "XX", "cpu", "Scripted",
                },
                records[7]);
            Assert.Equal(new[] { "host", "7.5", "sum of Cpu + Memory" }, new[] { 2, 3, 8 }.Select(i => records[6][i]));
            Assert.Equal(new[] { "memory", "0", "0" }, new[] { 2, 3, 4 }.Select(i => records[8][i]));
        }

        [Fact]
        public void AFileWithAnotherHeaderIsRefusedAndLeftAsItWas()
        {
            // C-17's file: appending our rows under its six columns would shift every value.
            string path = Path.Combine(_dir, "other.csv");
            const string original =
                "timestamp,project_name,gpu_count,gpu_model,ram_total_size,tracking_mode\n" +
                "2024-01-01T00:00:00,p,,,16,machine\n";
            File.WriteAllText(path, original);
            using var exporter = new CsvExporter(path);

            var ex = Assert.Throws<CsvHeaderMismatchException>(() => exporter.Open(ExportTestSupport.Context()));

            Assert.Equal(original, File.ReadAllText(path));
            Assert.Equal("timestamp,project_name,gpu_count,gpu_model,ram_total_size,tracking_mode", ex.FoundHeader);
            Assert.Equal(Header, ex.ExpectedHeader);
            Assert.Contains(path, ex.Message);

            // The refusal claimed nothing: the next attempt meets the same header, not a "file in use".
            using var again = new CsvExporter(path);
            Assert.Throws<CsvHeaderMismatchException>(() => again.Open(ExportTestSupport.Context()));
        }

        [Theory]
        [InlineData("time\"stamp,session\n")]
        [InlineData("\n\n")]
        [InlineData("timestamp,session,component,power_watts,energy_joules,emissions_grams\n")]
        public void AFileThatIsNotOurCsvIsRefusedWithOurExceptionWhateverItHolds(string content)
        {
            string path = Path.Combine(_dir, "odd.csv");
            File.WriteAllText(path, content);
            using var exporter = new CsvExporter(path);

            var ex = Assert.Throws<CsvHeaderMismatchException>(() => exporter.Open(ExportTestSupport.Context()));

            Assert.Equal(content, File.ReadAllText(path));
            Assert.Equal(Header, ex.ExpectedHeader);
        }

        [Fact]
        public void AnExistingFileWithOurColumnsIsAppendedToEvenIfItsHeaderIsQuoted()
        {
            string path = Path.Combine(_dir, "quoted.csv");
            string quoted = string.Join(",", Header.Split(',').Select(h => "\"" + h + "\""));
            File.WriteAllText(path, "\uFEFF" + quoted + "\r\n");

            using (var exporter = new CsvExporter(path))
            {
                exporter.Open(ExportTestSupport.Context());
                exporter.Export(ExportTestSupport.Sample(1, null, (Component.Cpu, 3, 3, "cpu", "p")));
            }

            List<string[]> records = Records(path);
            Assert.Equal(2, records.Count);
            Assert.Equal("3", records[1][3]);
        }

        [Fact]
        public void AnEmptyRunLeavesOnlyTheHeaderAndATornLastRowIsClosedFirst()
        {
            string path = Path.Combine(_dir, "empty.csv");
            using (var exporter = new CsvExporter(path))
            {
                exporter.Open(ExportTestSupport.Context());
            }

            Assert.Equal(Header + "\n", File.ReadAllText(path));

            File.AppendAllText(path, "2026-01-01T00:00:00.000000Z,killed,cp");
            using (var exporter = new CsvExporter(path))
            {
                exporter.Open(ExportTestSupport.Context());
                exporter.Export(ExportTestSupport.Sample(1, null, (Component.Cpu, 3, 3, "cpu", "p")));
            }

            string[] lines = File.ReadAllLines(path);
            Assert.Equal(3, lines.Length);
            Assert.StartsWith("2026-01-01T00:00:01.000000Z,hand-made,cpu,3,", lines[2]);
        }

        [Fact]
        public void OneFileIsWrittenByOneSessionOfTheProcessWhateverTheFormat()
        {
            string path = Path.Combine(_dir, "shared.csv");
            using var json = new JsonLinesExporter(path);
            json.Open(ExportTestSupport.Context("json session"));
            using var csv = new CsvExporter(path);

            var ex = Assert.Throws<FileInUseException>(() => csv.Open(ExportTestSupport.Context("csv session")));

            Assert.Equal("json session", ex.Owner);
        }

        [Fact]
        public void AFileDeletedMidSessionIsRecreatedWithItsHeaderAndTheDeletionIsReported()
        {
            string path = Path.Combine(_dir, "deleted.csv");
            using TrackingSession session = Session(path, 2, out _);
            session.Start(background: false);
            session.RunUntil(2);

            File.Delete(path);
            session.RunUntil(4);
            var report = session.Stop();

            // Ticks 3 and 4 land in the new file under a new header: 2 ticks x (host, cpu, memory).
            string[] lines = File.ReadAllLines(path);
            Assert.Equal(Header, lines[0]);
            Assert.Equal(1 + 6, lines.Length);
            Assert.Equal(1, report[0].Errors);
            Assert.Contains("was deleted", report[0].ErrorMessages);
        }
    }
}
