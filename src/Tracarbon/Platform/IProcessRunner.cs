using System;
using System.Collections.Generic;

namespace Tracarbon.Platform
{
    /// <summary>
    /// Runs an outside program without a shell. Probes take this interface so their tests can replay
    /// recorded output instead of needing the real tool.
    /// </summary>
    public interface IProcessRunner
    {
        /// <summary>
        /// The absolute path <paramref name="program"/> would run from: the path itself when it names a
        /// file, otherwise the first match on PATH; null when there is none.
        /// </summary>
        string? Resolve(string program);

        /// <summary>
        /// Runs <paramref name="program"/> with each element of <paramref name="arguments"/> passed as one
        /// argument, and waits at most <paramref name="timeout"/> for it to exit.
        /// </summary>
        /// <exception cref="ProcessRunnerException">
        /// The program is missing, could not start, ran past the timeout or exited with a non-zero code.
        /// </exception>
        ProcessResult Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout);
    }

    /// <summary>What a program that exited with code 0 printed.</summary>
    public sealed class ProcessResult
    {
        public ProcessResult(string programPath, int exitCode, string standardOutput, string standardError)
        {
            ProgramPath = programPath ?? throw new ArgumentNullException(nameof(programPath));
            ExitCode = exitCode;
            StandardOutput = standardOutput ?? string.Empty;
            StandardError = standardError ?? string.Empty;
        }

        /// <summary>The absolute path that was started.</summary>
        public string ProgramPath { get; }

        public int ExitCode { get; }

        public string StandardOutput { get; }

        public string StandardError { get; }
    }
}
