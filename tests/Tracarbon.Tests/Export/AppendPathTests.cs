using System;
using System.IO;
using System.Linq;
using Tracarbon.Export;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Export
{
    /// <summary>
    /// What the file exporters do with what a -Path names, and with it changing under them: a file or its
    /// folder deleted mid-session, named pipes with and without a reader, kernel files, devices.
    /// </summary>
    public sealed class AppendPathTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("tracarbon-append-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        /// <summary>A session at 2 W on a manual clock, JSON Lines to <paramref name="path"/>, ticked to 2 s.</summary>
        private static TrackingSession StartedTwoTicks(string path)
        {
            var options = Sessions.Options(new ManualClock(), 1, ScriptedProbe.ConstantPower(2));
            options.Exporters.Add(new JsonLinesExporter(path));
            options.ExportQueueCapacity = 0;
            var session = new TrackingSession(options);
            session.Start(background: false);
            session.RunUntil(2);
            return session;
        }

        private static void MakeFifo(string path)
        {
            using var make = System.Diagnostics.Process.Start("mkfifo", path)!;
            make.WaitForExit();
            Assert.Equal(0, make.ExitCode);
        }

        [Fact]
        public void AFileDeletedMidSessionIsRecreatedAndTheDeletionIsReported()
        {
            string path = Path.Combine(_dir, "deleted.jsonl");
            using TrackingSession session = StartedTwoTicks(path);

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
        public void WhileItsDirectoryIsGoneEachTickFailsWithWhyAndTheFileComesBackWithTheDirectory()
        {
            string folder = Path.Combine(_dir, "gone");
            Directory.CreateDirectory(folder);
            string path = Path.Combine(folder, "x.jsonl");
            using TrackingSession session = StartedTwoTicks(path);

            Directory.Delete(folder, recursive: true);
            session.RunUntil(5);
            Directory.CreateDirectory(folder);
            session.RunUntil(7);
            var report = session.Stop();

            // Ticks 3 to 5 had nowhere to go, each counted; 6 and 7 are in the file made again.
            Assert.Equal(2 * 4, File.ReadAllLines(path).Length);
            Assert.Equal(3 + 1, report[0].Errors);
            Assert.Contains(nameof(DirectoryNotFoundException), report[0].ErrorMessages);
            Assert.Contains("was deleted", report[0].ErrorMessages);
            Assert.DoesNotContain(nameof(ObjectDisposedException), report[0].ErrorMessages);
        }

        [Fact]
        public async System.Threading.Tasks.Task ANamedPipeThatNothingReadsIsRefusedAtOpenInsteadOfHanging()
        {
            if (!OperatingSystem.IsLinux())
            {
                // The check is Linux's (a non-blocking open); elsewhere FileStream's own rules apply.
                return;
            }

            string fifo = Path.Combine(_dir, "pipe.jsonl");
            MakeFifo(fifo);

            using var exporter = new JsonLinesExporter(fifo);
            var open = System.Threading.Tasks.Task.Run(
                () => exporter.Open(new ExportContext("P", "Linux", new MetricNames())));

            // A hang is the failure this guards against: the bound is generous, not a speed check.
            var first = await System.Threading.Tasks.Task.WhenAny(
                open, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.Same(open, first);
            IOException error = await Assert.ThrowsAnyAsync<IOException>(() => open);
            Assert.Contains("named pipe that nothing reads", error.Message);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async System.Threading.Tasks.Task APipeThatAReaderHoldsGetsEveryLineAndTheEndOfStreamOnlyAtStop(bool csv)
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            string fifo = Path.Combine(_dir, csv ? "pipe.csv" : "pipe.jsonl");
            MakeFifo(fifo);

            // A reader like cat: it opens the pipe, reads to the end of the stream, and is done. A writer
            // that opened and closed the pipe once to look for a reader would end it before any line.
            var reader = System.Threading.Tasks.Task.Run(() => File.ReadAllLines(fifo));
            var run = System.Threading.Tasks.Task.Run(() =>
            {
                // The reader's open may come a moment after this task starts: until then the pipe has no
                // reader and the session is refused (the test above), so try again, as a user would.
                for (int attempt = 1; ; attempt++)
                {
                    try
                    {
                        JsonLinesExporterTests.RunTo(csv ? new CsvExporter(fifo) : (Exporter)new JsonLinesExporter(fifo), 7.5, 8.5);
                        return;
                    }
                    catch (Exception ex) when (attempt < 500 && ex.ToString().Contains("nothing reads"))
                    {
                        System.Threading.Thread.Sleep(10);
                    }
                }
            });

            // A hang is the failure this guards against: the bound is generous, not a speed check.
            var both = System.Threading.Tasks.Task.WhenAll(reader, run);
            Assert.Same(both, await System.Threading.Tasks.Task.WhenAny(
                both, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(60))));
            string[] lines = await reader;

            // Two ticks and the stop's empty interval: JSON, 6 records a tick; CSV, the header and one row per
            // component a tick.
            Assert.Equal(csv ? 1 + 6 : 12, lines.Length);
            Assert.Equal(csv ? CsvExporter.Header : null, csv ? lines[0] : null);
            Assert.All(lines.Skip(csv ? 1 : 0), l => Assert.False(string.IsNullOrWhiteSpace(l)));
        }

        [Theory]
        [InlineData("/proc/version", "a kernel interface file on procfs")]
        [InlineData("/sys/kernel/uevent_seqnum", "a kernel interface file on sysfs")]
        public void AKernelInterfaceFileIsRefusedAtOpenRatherThanFailingEveryTick(string path, string reason)
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            using var exporter = new JsonLinesExporter(path);

            var error = Assert.Throws<UnsuitablePathException>(
                () => exporter.Open(new ExportContext("K", "Linux", new MetricNames())));

            Assert.Equal(path, error.Path);
            Assert.Equal(reason, error.Reason);
            Assert.Equal($"'{path}' is {reason}, not a file the exporter can append to.", error.Message);
        }

        [Fact]
        public void ACharacterDeviceSuchAsDevNullTakesTheLines()
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            using var exporter = new JsonLinesExporter("/dev/null");

            exporter.Open(new ExportContext("N", "Linux", new MetricNames()));
        }
    }
}
