using System.Management.Automation;
using Tracarbon.Export;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Makes exporters that run a user's script block once per sample, with <c>param($sample)</c> bound to
    /// the sample's <see cref="CarbonSample"/> objects, in a background runspace of its own that the module
    /// owns; a session's stop closes it, stopping a call that has not returned by then. The block
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
            ScriptRunner runner = ModuleRunspace.CreateRunner();
            return new CallbackExporter(
                "ScriptBlock",
                "ScriptBlock { " + Shorten(script) + " }",
                sample => runner.Invoke(script, (object)CarbonSample.From(sample)),
                open: runner.Reopen,
                close: runner.Close);
        }

        private static string Shorten(string text)
        {
            string flat = text.Replace('\n', ' ').Replace('\r', ' ').Trim();
            return flat.Length <= 40 ? flat : flat.Substring(0, 37) + "...";
        }
    }
}
