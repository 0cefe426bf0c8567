using System.Management.Automation;
using Tracarbon.Export;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Makes exporters that run a user's script block once per sample, with <c>param($sample)</c> bound to
    /// the sample's <see cref="CarbonSample"/> objects, in the module's background runspace. The block
    /// runs from its text, so it sees that runspace's variables, not the caller's (pass values through
    /// parameters or environment variables). A throwing block is counted by the session, which goes on.
    /// No type here derives from an engine type: the engine loads only after the module's load context
    /// is in place.
    /// </summary>
    internal static class ScriptBlockExporter
    {
        public static Exporter Create(ScriptBlock block)
        {
            string script = block.ToString();
            return new CallbackExporter(
                "ScriptBlock",
                "ScriptBlock { " + Shorten(script) + " }",
                sample => ModuleRunspace.Invoke(script, (object)CarbonSample.From(sample)));
        }

        private static string Shorten(string text)
        {
            string flat = text.Replace('\n', ' ').Replace('\r', ' ').Trim();
            return flat.Length <= 40 ? flat : flat.Substring(0, 37) + "...";
        }
    }
}
