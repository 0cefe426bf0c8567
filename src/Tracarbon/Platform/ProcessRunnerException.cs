using System;

namespace Tracarbon.Platform
{
    /// <summary>Why an outside program gave no usable output.</summary>
    public enum ProcessFailure
    {
        /// <summary>No file at the configured path, or no match on PATH.</summary>
        NotFound,

        /// <summary>The file exists but the operating system refused to start it.</summary>
        StartFailed,

        /// <summary>It ran past its timeout and was killed with its child processes.</summary>
        TimedOut,

        /// <summary>It exited with a code other than 0.</summary>
        NonZeroExit,
    }

    /// <summary>An outside program that could not be used; the message names its path.</summary>
    public sealed class ProcessRunnerException : Exception
    {
        public ProcessRunnerException(
            ProcessFailure failure,
            string programPath,
            string message,
            int? exitCode = null,
            string? standardError = null,
            int? processId = null,
            Exception? innerException = null)
            : base(message, innerException)
        {
            Failure = failure;
            ProgramPath = programPath;
            ExitCode = exitCode;
            StandardError = standardError;
            ProcessId = processId;
        }

        public ProcessFailure Failure { get; }

        /// <summary>The resolved path, or the name as configured when it could not be resolved.</summary>
        public string ProgramPath { get; }

        /// <summary>Set for <see cref="ProcessFailure.NonZeroExit"/>.</summary>
        public int? ExitCode { get; }

        public string? StandardError { get; }

        /// <summary>The id the process had, so a caller can check a killed one is gone.</summary>
        public int? ProcessId { get; }
    }
}
