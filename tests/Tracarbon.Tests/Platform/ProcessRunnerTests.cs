using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Tracarbon.Platform;
using Xunit;

namespace Tracarbon.Tests.Platform
{
    public sealed class ProcessRunnerTests : IDisposable
    {
        private static readonly bool Unix = !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private readonly string _dir = Directory.CreateTempSubdirectory("tracarbon-process-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Theory]
        [InlineData("plain", "plain")]
        [InlineData("--query-gpu=index,name,power.draw", "--query-gpu=index,name,power.draw")]
        [InlineData("", "\"\"")]
        [InlineData("two words", "\"two words\"")]
        [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
        [InlineData(@"C:\dir\file", @"C:\dir\file")]
        [InlineData(@"C:\my dir\", "\"C:\\my dir\\\\\"")]
        [InlineData("a\\\"b", "\"a\\\\\\\"b\"")]
        public void EachArgumentIsQuotedOnlyWhenItNeedsIt(string argument, string expected)
        {
            // Backslashes double only in front of a quote or at the end of a quoted argument, where
            // they would otherwise escape the quote: a\"b is written "a\\\"b" (2 x 1 + 1 = 3 before it).
            Assert.Equal(expected, CommandLine.Quote(argument));
        }

        [Fact]
        public void ArgumentsAreJoinedWithOneSpaceAndANulIsRefused()
        {
            Assert.Equal(
                "--samplers cpu_power,gpu_power -i 1000 \"two words\"",
                CommandLine.Join(new[] { "--samplers", "cpu_power,gpu_power", "-i", "1000", "two words" }));
            Assert.Throws<ArgumentException>(() => CommandLine.Join(new[] { "a\0b" }));
        }

        [Fact]
        public void ArgumentsWithSpacesQuotesAndBackslashesArriveUnchanged()
        {
            if (!Unix)
            {
                return;
            }

            string[] args =
            {
                "two words", string.Empty, "she said \"yes\"", "trailing\\", "dir with space\\",
                "a\\\"b", "tab\there", "\"", "\\\\server\\share", "$HOME; rm -rf /", "*",
            };

            ProcessResult result = ProcessRunner.Instance.Run(
                "/usr/bin/printf", new[] { "<%s>\n" }.Concat(args).ToArray(), TimeSpan.FromSeconds(20));

            // printf repeats its format once per argument, so each argument comes back as <argument>;
            // "$HOME; rm -rf /" and "*" come back literally because no shell ever sees them.
            string expected = string.Concat(args.Select(a => "<" + a + ">\n"));
            Assert.Equal(expected, result.StandardOutput);
            Assert.Equal("/usr/bin/printf", result.ProgramPath);
            Assert.Equal(0, result.ExitCode);
        }

        [Fact]
        public void AProgramNotOnPathIsReportedByNameWithoutStartingAnything()
        {
            var runner = new ProcessRunner(searchPath: _dir);

            Assert.Null(runner.Resolve("printf"));
            var ex = Assert.Throws<ProcessRunnerException>(
                () => runner.Run("printf", new[] { "x" }, TimeSpan.FromSeconds(5)));

            Assert.Equal(ProcessFailure.NotFound, ex.Failure);
            Assert.Contains("'printf'", ex.Message);
            Assert.Contains("PATH", ex.Message);
        }

        [Fact]
        public void AMissingAbsolutePathIsNamedInTheMessage()
        {
            string missing = Path.Combine(_dir, "no-such-tool");

            var ex = Assert.Throws<ProcessRunnerException>(
                () => ProcessRunner.Instance.Run(missing, Array.Empty<string>(), TimeSpan.FromSeconds(5)));

            Assert.Equal(ProcessFailure.NotFound, ex.Failure);
            Assert.Equal(missing, ex.ProgramPath);
            Assert.Contains(missing, ex.Message);
        }

        [Fact]
        public void ANameIsResolvedToTheFirstMatchOnTheSearchPath()
        {
            if (!Unix)
            {
                return;
            }

            var runner = new ProcessRunner(searchPath: string.Join(Path.PathSeparator, _dir, "/usr/bin", "/bin"));

            Assert.Equal("/usr/bin/printf", runner.Resolve("printf"));
            Assert.Equal("/usr/bin/printf", runner.Resolve("/usr/bin/printf"));
        }

        [Fact]
        public void ANonZeroExitThrowsWithTheCodeThePathAndTheErrorText()
        {
            if (!Unix)
            {
                return;
            }

            string missing = Path.Combine(_dir, "absent");

            var ex = Assert.Throws<ProcessRunnerException>(
                () => ProcessRunner.Instance.Run("/bin/ls", new[] { missing }, TimeSpan.FromSeconds(20)));

            Assert.Equal(ProcessFailure.NonZeroExit, ex.Failure);
            Assert.Equal(2, ex.ExitCode);
            Assert.Contains("/bin/ls", ex.Message);
            Assert.Contains(missing, ex.StandardError);
        }

        [Fact]
        public void AProgramReadingStandardInputSeesItClosedInsteadOfHanging()
        {
            if (!Unix)
            {
                return;
            }

            ProcessResult result = ProcessRunner.Instance.Run(
                "/bin/cat", Array.Empty<string>(), TimeSpan.FromSeconds(20));

            Assert.Equal(string.Empty, result.StandardOutput);
        }

        [Fact]
        public void AHangingProgramIsKilledAfterItsTimeout()
        {
            if (!Unix)
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            var ex = Assert.Throws<ProcessRunnerException>(
                () => ProcessRunner.Instance.Run("/bin/sleep", new[] { "30" }, TimeSpan.FromSeconds(0.5)));
            clock.Stop();

            Assert.Equal(ProcessFailure.TimedOut, ex.Failure);
            Assert.Contains("/bin/sleep", ex.Message);
            Assert.NotNull(ex.ProcessId);

            // 0.5 s timeout plus the kill, on a shared machine: far below the 30 s sleep.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
            Assert.True(IsGone(ex.ProcessId!.Value), $"process {ex.ProcessId} is still running");
        }

        [Fact]
        public void ATimedOutProgramIsKilledWithItsChildren()
        {
            if (!Unix)
            {
                return;
            }

            // The shell is the program under test here, not a way of starting it: it starts a child
            // sleep, records the child's id and waits for it.
            string childFile = Path.Combine(_dir, "child.pid");
            string script = "/bin/sleep 30 & echo $! > '" + childFile + "'; wait";

            var ex = Assert.Throws<ProcessRunnerException>(
                () => ProcessRunner.Instance.Run("/bin/sh", new[] { "-c", script }, TimeSpan.FromSeconds(1)));

            Assert.Equal(ProcessFailure.TimedOut, ex.Failure);
            int child = int.Parse(File.ReadAllText(childFile).Trim());
            Assert.True(IsGone(ex.ProcessId!.Value), "the shell is still running");
            Assert.True(IsGone(child), $"its child sleep {child} is still running");
        }

        /// <summary>Polls up to 5 s: a killed process may take a moment to be reaped.</summary>
        private static bool IsGone(int pid)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(5))
            {
                if (!Running(pid))
                {
                    return true;
                }

                Thread.Sleep(50);
            }

            return false;
        }

        private static bool Running(int pid)
        {
            try
            {
                using Process p = Process.GetProcessById(pid);
                if (p.HasExited)
                {
                    return false;
                }

                // A zombie still has an entry but no longer runs anything.
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                return stat.Substring(stat.LastIndexOf(')') + 2, 1) != "Z";
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException ||
                                       ex is IOException)
            {
                return false;
            }
        }
    }
}
