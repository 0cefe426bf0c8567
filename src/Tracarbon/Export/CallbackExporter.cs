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

        public CallbackExporter(string name, string description, Action<Sample> export)
        {
            Name = name;
            Description = description;
            _export = export ?? throw new ArgumentNullException(nameof(export));
        }

        public override string Name { get; }

        public override string Description { get; }

        public long Invocations { get; private set; }

        public override void Export(Sample sample)
        {
            Invocations++;
            _export(sample);
        }
    }
}
