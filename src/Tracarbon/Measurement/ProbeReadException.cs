using System;

namespace Tracarbon.Measurement
{
    /// <summary>
    /// A probe could not read a source it depends on during <see cref="Probe.Start"/> or
    /// <see cref="Probe.Sample"/>: a file vanished, became unreadable or held text that is not what the
    /// kernel writes there. It is the only exception a probe lets out of those calls for such faults. The
    /// probe has already filled every component it could and left the failed ones missing, so a session
    /// counts the exception, keeps the readings and goes on with the next tick.
    /// </summary>
    public sealed class ProbeReadException : Exception
    {
        public ProbeReadException(string probeName, Component component, string? path, string message,
            Exception? innerException = null)
            : base(message, innerException)
        {
            ProbeName = probeName;
            Component = component;
            Path = path;
        }

        public string ProbeName { get; }

        /// <summary>The component left missing; the first one when several failed in the same call.</summary>
        public Component Component { get; }

        /// <summary>The file that failed, where one did.</summary>
        public string? Path { get; }
    }
}
