using System;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// An exporter whose work is a delegate: what a host (the PowerShell layer's script-block exporter)
    /// plugs in without deriving from <see cref="Exporter"/>.
    /// </summary>
    public sealed class CallbackExporter : Exporter
    {
        private readonly Action<Sample> _export;
        private readonly Action? _open;
        private readonly Action? _close;

        public CallbackExporter(string name, string description, Action<Sample> export)
            : this(name, description, export, null, null)
        {
        }

        /// <param name="open">Called when a session opens the exporter (again), before its first sample.</param>
        /// <param name="close">
        /// Called when the session lets go of the exporter, from the stopping thread, possibly while a call
        /// of <paramref name="export"/> is still running on the export thread (one that did not finish
        /// within the stop timeout): it should make that call return.
        /// </param>
        public CallbackExporter(string name, string description, Action<Sample> export, Action? open, Action? close)
        {
            Name = name;
            Description = description;
            _export = export ?? throw new ArgumentNullException(nameof(export));
            _open = open;
            _close = close;
        }

        public override string Name { get; }

        public override string Description { get; }

        public long Invocations { get; private set; }

        public override void Export(Sample sample)
        {
            Invocations++;
            _export(sample);
        }

        public override void Open(ExportContext context)
        {
            base.Open(context);
            _open?.Invoke();
        }

        public override void Dispose()
        {
            _close?.Invoke();
            base.Dispose();
        }
    }
}
