using System.Management.Automation;
using Tracarbon.Export;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Runs a user's script block once per sample, with <c>param($sample)</c> bound to the sample's
    /// <see cref="CarbonSample"/> objects, in the module's background runspace. The block is run from its
    /// text, so it sees that runspace's variables, not the caller's (use parameters or environment
    /// variables to pass values in). A throwing block is counted by the session, which goes on.
    /// </summary>
    public sealed class ScriptBlockExporter : Exporter
    {
        private readonly string _script;

        public ScriptBlockExporter(ScriptBlock block)
        {
            _script = block.ToString();
        }

        public override string Name => "ScriptBlock";

        public override string Description => "ScriptBlock { " + Shorten(_script) + " }";

        public long Invocations { get; private set; }

        public override void Export(Sample sample)
        {
            Invocations++;
            ModuleRunspace.Invoke(_script, (object)CarbonSample.From(sample));
        }

        private static string Shorten(string text)
        {
            string flat = text.Replace('\n', ' ').Replace('\r', ' ').Trim();
            return flat.Length <= 40 ? flat : flat.Substring(0, 37) + "...";
        }
    }
}
