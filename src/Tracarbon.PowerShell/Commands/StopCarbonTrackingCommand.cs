using System;
using System.Linq;
using System.Management.Automation;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Stops tracking sessions and writes each one's report, one row per component.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "CarbonTracking")]
    [OutputType(typeof(ComponentReport))]
    public sealed class StopCarbonTrackingCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string[] Name { get; set; } = { "Default" };

        protected override void ProcessRecord()
        {
            foreach (string name in Name)
            {
                // A session whose name holds wildcard characters, such as 'run[1]', is still stopped by its name.
                if (SessionRegistry.TryRemove(name, out TrackingSession session))
                {
                    StopOne(session);
                    continue;
                }

                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    // As Get-CarbonTrackingSession: a pattern that matches nothing is not an error.
                    var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                    foreach (TrackingSession match in SessionRegistry.InCurrentRunspace()
                        .Where(s => pattern.IsMatch(s.Name)).ToList())
                    {
                        if (SessionRegistry.TryRemove(match.Name, out TrackingSession removed))
                        {
                            StopOne(removed);
                        }
                    }

                    continue;
                }

                WriteError(ErrorRecords.Create(
                    new InvalidOperationException($"No tracking session named '{name}' is running in this runspace."),
                    "TrackingNotStarted",
                    ErrorCategory.InvalidOperation,
                    name,
                    "Start one with Start-CarbonTracking; Get-CarbonTrackingSession lists the running sessions."));
            }
        }

        private void StopOne(TrackingSession session)
        {
            var report = session.Stop();
            session.Dispose();
            WriteVerbose($"Stopped tracking session '{session.Name}' after {session.Ticks} samples.");
            ReportRows.WarnErrors(this, session);

            foreach (PSObject row in ReportRows.ForOutput(session, report))
            {
                WriteObject(row);
            }
        }
    }
}
