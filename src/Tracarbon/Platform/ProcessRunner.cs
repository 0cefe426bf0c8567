using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace Tracarbon.Platform
{
    /// <summary>
    /// Starts programs directly, never through a shell, so no argument is ever interpreted by one.
    /// A program that outlives its timeout is killed together with its children.
    /// </summary>
    public sealed class ProcessRunner : IProcessRunner
    {
        // Process.Kill(bool entireProcessTree) exists from .NET Core 3.0 on, which is what PowerShell 7
        // runs; netstandard2.0 cannot name it, so it is looked up once. Windows PowerShell 5.1 lacks it
        // and falls back to killing the process alone.
        private static readonly MethodInfo? KillTreeMethod =
            typeof(Process).GetMethod(nameof(Process.Kill), new[] { typeof(bool) });

        // Once a killed process is gone its pipes close; this bounds the wait for that.
        private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

        private static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(500);

        private readonly string? _searchPath;

        public ProcessRunner()
            : this(null)
        {
        }

        /// <param name="searchPath">
        /// The directories to search, in PATH syntax; null reads the PATH variable at each call.
        /// </param>
        internal ProcessRunner(string? searchPath)
        {
            _searchPath = searchPath;
        }

        public static ProcessRunner Instance { get; } = new ProcessRunner();

        public string? Resolve(string program)
        {
            if (string.IsNullOrWhiteSpace(program))
            {
                return null;
            }

            try
            {
                if (LooksLikePath(program))
                {
                    string full = Path.GetFullPath(program);
                    return File.Exists(full) ? full : null;
                }
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException ||
                                       ex is PathTooLongException)
            {
                return null;
            }

            string path = _searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            string[] directories = path.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries);
            foreach (string directory in directories)
            {
                foreach (string name in CandidateNames(program))
                {
                    try
                    {
                        string candidate = Path.Combine(directory.Trim().Trim('"'), name);
                        if (File.Exists(candidate))
                        {
                            return Path.GetFullPath(candidate);
                        }
                    }
                    catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException ||
                                               ex is PathTooLongException)
                    {
                        // A malformed PATH entry is skipped like a directory that holds nothing.
                    }
                }
            }

            return null;
        }

        public ProcessResult Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
        {
            if (arguments == null)
            {
                throw new ArgumentNullException(nameof(arguments));
            }

            if (!(timeout > TimeSpan.Zero))
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive.");
            }

            string path = Resolve(program) ?? throw new ProcessRunnerException(
                ProcessFailure.NotFound,
                program,
                $"The program '{program}' was not found" + (LooksLikePath(program) ? "." : " on PATH."));

            var start = new ProcessStartInfo(path, CommandLine.Join(arguments))
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };

            using var process = new Process { StartInfo = start };
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                throw new ProcessRunnerException(
                    ProcessFailure.StartFailed, path, $"The program '{path}' could not start: {ex.Message}",
                    innerException: ex);
            }

            // Closing stdin at once makes a program that waits for input see end-of-file instead of
            // hanging until the timeout.
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            int pid = process.Id;
            var clock = Stopwatch.StartNew();

            bool exited = process.WaitForExit(Milliseconds(timeout));

            // An exited program's last output may still be in the pipe; a short grace past the timeout keeps
            // a program that exited just in time from being reported as hung.
            TimeSpan left = timeout - clock.Elapsed;
            bool drained = exited && Task.WaitAll(
                new Task[] { stdout, stderr }, Milliseconds(left > DrainGrace ? left : DrainGrace));
            if (!drained)
            {
                KillTree(process);
                throw new ProcessRunnerException(
                    ProcessFailure.TimedOut,
                    path,
                    $"The program '{path}' did not finish within {timeout.TotalSeconds:0.###} s and was killed.",
                    processId: pid);
            }

            int exitCode = process.ExitCode;
            if (exitCode != 0)
            {
                string detail = FirstLine(stderr.Result) ?? FirstLine(stdout.Result) ?? "no output";
                throw new ProcessRunnerException(
                    ProcessFailure.NonZeroExit,
                    path,
                    $"The program '{path}' exited with code {exitCode}: {detail}",
                    exitCode,
                    stderr.Result,
                    pid);
            }

            return new ProcessResult(path, exitCode, stdout.Result, stderr.Result);
        }

        private static void KillTree(Process process)
        {
            try
            {
                if (KillTreeMethod != null)
                {
                    KillTreeMethod.Invoke(process, new object[] { true });
                }
                else
                {
                    process.Kill();
                }

                // Waiting reaps the killed process, so it does not linger as a zombie.
                process.WaitForExit(Milliseconds(KillGrace));
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is Win32Exception ||
                                       ex is TargetInvocationException || ex is NotSupportedException)
            {
                // It exited on its own between the timeout and the kill.
            }
        }

        private static IEnumerable<string> CandidateNames(string program)
        {
            yield return program;
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || Path.HasExtension(program))
            {
                yield break;
            }

            string extensions = Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD";
            foreach (string extension in extensions.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return program + extension;
            }
        }

        private static bool LooksLikePath(string program) =>
            Path.IsPathRooted(program) || program.IndexOf(Path.DirectorySeparatorChar) >= 0 ||
            program.IndexOf(Path.AltDirectorySeparatorChar) >= 0;

        private static int Milliseconds(TimeSpan span) =>
            (int)Math.Max(0, Math.Min(int.MaxValue, Math.Ceiling(span.TotalMilliseconds)));

        private static string? FirstLine(string text)
        {
            foreach (string line in text.Split('\n'))
            {
                string trimmed = line.Trim();
                if (trimmed.Length > 0)
                {
                    return trimmed.Length > 200 ? trimmed.Substring(0, 200) + "..." : trimmed;
                }
            }

            return null;
        }
    }
}
