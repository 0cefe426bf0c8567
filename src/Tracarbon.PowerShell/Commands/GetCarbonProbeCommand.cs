using System.Management.Automation;
using Tracarbon.Measurement;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Lists the probes the module knows, and whether each can read on this machine.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonProbe")]
    [OutputType(typeof(ProbeInfo))]
    public sealed class GetCarbonProbeCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ProbeCompleter))]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        [Parameter]
        public SwitchParameter ListAvailable { get; set; }

        protected override void EndProcessing()
        {
            var patterns = new System.Collections.Generic.List<WildcardPattern>();
            foreach (string name in Name ?? new[] { "*" })
            {
                if (!WildcardPattern.ContainsWildcardCharacters(name) && ProbeCatalog.Canonical(name) == null)
                {
                    WriteError(ErrorRecords.InvalidArgument(
                        "UnknownProbe",
                        $"The probe '{name}' is not known.",
                        name,
                        "Use one of: " + string.Join(", ", ProbeCatalog.Names) + "."));
                    continue;
                }

                patterns.Add(WildcardPattern.Get(name, WildcardOptions.IgnoreCase));
            }

            foreach (ProbeInfo info in ProbeCatalog.Describe(ProbeResolver.Settings(this)))
            {
                if (patterns.Exists(p => p.IsMatch(info.Name)) && (!ListAvailable || info.Available))
                {
                    WriteObject(info);
                }
            }
        }
    }
}
