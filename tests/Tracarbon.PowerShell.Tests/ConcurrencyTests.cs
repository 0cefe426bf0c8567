using System;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit;

namespace Tracarbon.PowerShell.Tests
{
    public sealed class ConcurrencyTests
    {
        /// <summary>Threads of this process whose OS name starts with "Tracarbon" (Linux only).</summary>
        private static int TracarbonThreads() =>
            Directory.GetDirectories("/proc/self/task").Count(t => Comm(t).StartsWith("Tracarbon", StringComparison.Ordinal));

        /// <summary>A thread's name; empty when it ended between the listing and the read.</summary>
        private static string Comm(string task)
        {
            try
            {
                return File.ReadAllText(Path.Combine(task, "comm"));
            }
            catch (IOException)
            {
                return string.Empty;
            }
        }

        private static void WaitForThreads(int expected)
        {
            DateTime until = DateTime.UtcNow.AddSeconds(10);
            while (TracarbonThreads() != expected && DateTime.UtcNow < until)
            {
                Thread.Sleep(20);
            }
        }

        [Fact]
        public void AHundredSessionsAtOnceStartStopAndLeaveNoThreadBehind()
        {
            int baseline = TracarbonThreads();
            using var ps = new PowerShellHost();

            ps.Run("1..100 | ForEach-Object { Start-CarbonTracking -Name \"s$_\" -IntervalSeconds 0.05 -Country FR }");
            Assert.Equal(100, ps.Run("Get-CarbonTrackingSession").Count);
            Assert.True(TracarbonThreads() >= baseline + 100);
            Thread.Sleep(200);
            var rows = ps.Run("Get-CarbonTrackingSession | Stop-CarbonTracking");

            Assert.Empty(ps.Errors);
            Assert.Equal(300, rows.Count);
            Assert.All(rows, r => Assert.True(((ComponentReport)r.BaseObject).Samples >= 1));
            WaitForThreads(baseline);
            Assert.Equal(baseline, TracarbonThreads());
        }

        [Fact]
        public void StartsAndStopsFromSeveralRunspacesAtOnceNeitherDeadlockNorMixSessions()
        {
            int baseline = TracarbonThreads();
            var hosts = Enumerable.Range(0, 4).Select(_ => new PowerShellHost()).ToArray();
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

            var threads = hosts.Select((host, i) => new Thread(() =>
            {
                try
                {
                    for (int round = 0; round < 5; round++)
                    {
                        host.Run($"Start-CarbonTracking -IntervalSeconds 0.01 -Country FR");
                        Thread.Sleep(30);
                        var rows = host.Run("Stop-CarbonTracking");
                        if (rows.Count != 3 || host.Errors.Length > 0)
                        {
                            failures.Add($"runspace {i} round {round}: {rows.Count} rows, {host.Errors.Length} errors");
                        }
                    }
                }
                catch (Exception ex)
                {
                    failures.Add(ex.Message);
                }
            })).ToList();
            threads.ForEach(t => t.Start());

            // Every wait is bounded: a deadlock fails here instead of hanging the run.
            Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(60)), "a runspace did not finish"));
            Assert.Empty(failures);
            foreach (PowerShellHost host in hosts)
            {
                host.Dispose();
            }

            WaitForThreads(baseline);
            Assert.Equal(baseline, TracarbonThreads());
        }

        [Fact]
        public void ClosingARunspaceMidSessionStopsItsSessionAndItsThread()
        {
            int baseline = TracarbonThreads();
            string path = Path.Combine(Path.GetTempPath(), $"tracarbon-close-{Guid.NewGuid():N}.jsonl");
            var host = new PowerShellHost();
            host.Run($"Start-CarbonTracking -Exporter Json -Path '{path}' -IntervalSeconds 0.02 -Country FR");
            Thread.Sleep(100);

            host.Dispose();
            WaitForThreads(baseline);

            try
            {
                string[] lines = File.ReadAllLines(path);
                Assert.True(lines.Length >= 6, $"{lines.Length} lines");
                Assert.All(lines, l => Assert.EndsWith("}", l));
                Assert.Equal(baseline, TracarbonThreads());
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
