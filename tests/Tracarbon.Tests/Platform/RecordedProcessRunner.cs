using System;
using System.Collections.Generic;
using Tracarbon.Platform;

namespace Tracarbon.Tests.Platform
{
    /// <summary>
    /// Replays output recorded from a real tool, one answer per call (the last one repeats), and keeps
    /// every command line it was asked to run.
    /// </summary>
    internal sealed class RecordedProcessRunner : IProcessRunner
    {
        private readonly Queue<Func<string, ProcessResult>> _answers = new Queue<Func<string, ProcessResult>>();
        private Func<string, ProcessResult>? _last;

        /// <param name="installedAt">Where the tool is; null makes it missing, as if not on PATH.</param>
        public RecordedProcessRunner(string? installedAt)
        {
            InstalledAt = installedAt;
        }

        public string? InstalledAt { get; }

        public List<(string Program, string[] Arguments, TimeSpan Timeout)> Calls { get; } =
            new List<(string, string[], TimeSpan)>();

        public RecordedProcessRunner Prints(string standardOutput)
        {
            _answers.Enqueue(path => new ProcessResult(path, 0, standardOutput, string.Empty));
            return this;
        }

        public RecordedProcessRunner Fails(ProcessFailure failure, string message)
        {
            _answers.Enqueue(path => throw new ProcessRunnerException(failure, path, message));
            return this;
        }

        public string? Resolve(string program) => InstalledAt;

        public ProcessResult Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
        {
            var copy = new string[arguments.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = arguments[i];
            }

            Calls.Add((program, copy, timeout));
            if (InstalledAt == null)
            {
                throw new ProcessRunnerException(
                    ProcessFailure.NotFound, program, $"The program '{program}' was not found on PATH.");
            }

            if (_answers.Count > 0)
            {
                _last = _answers.Dequeue();
            }

            Func<string, ProcessResult> answer = _last ?? throw new InvalidOperationException("No output recorded.");
            return answer(InstalledAt);
        }
    }
}
