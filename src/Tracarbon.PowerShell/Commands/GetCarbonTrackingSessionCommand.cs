using System.Management.Automation;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Lists the tracking sessions of this runspace with their state and running totals.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonTrackingSession")]
    [OutputType(typeof(TrackingSessionInfo))]
    public sealed class GetCarbonTrackingSessionCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string name in Name ?? new[] { "*" })
            {
                var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                bool found = false;
                foreach (TrackingSession session in SessionRegistry.InCurrentRunspace())
                {
                    if (pattern.IsMatch(session.Name))
                    {
                        found = true;
                        WriteObject(TrackingSessionInfo.From(session));
                    }
                }

                if (!found && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteError(ErrorRecords.Create(
                        new ItemNotFoundException($"No tracking session named '{name}' is running in this runspace."),
                        "TrackingNotStarted",
                        ErrorCategory.ObjectNotFound,
                        name,
                        "Get-CarbonTrackingSession without -Name lists the running sessions."));
                }
            }
        }
    }
}
