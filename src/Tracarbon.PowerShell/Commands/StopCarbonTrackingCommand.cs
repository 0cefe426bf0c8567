using System;
using System.Management.Automation;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Stops a tracking session and writes its report, one row per component.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "CarbonTracking")]
    [OutputType(typeof(ComponentReport))]
    public sealed class StopCarbonTrackingCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string Name { get; set; } = "Default";

        protected override void ProcessRecord()
        {
            if (!SessionRegistry.TryRemove(Name, out TrackingSession session))
            {
                WriteError(ErrorRecords.Create(
                    new InvalidOperationException($"No tracking session named '{Name}' is running in this runspace."),
                    "TrackingNotStarted",
                    ErrorCategory.InvalidOperation,
                    Name,
                    "Start one with Start-CarbonTracking."));
                return;
            }

            var report = session.Stop();
            session.Dispose();
            WriteVerbose($"Stopped tracking session '{Name}' after {session.Ticks} samples.");
            foreach (string message in session.Errors.Messages)
            {
                WriteWarning($"Session '{Name}': {message}");
            }

            foreach (PSObject row in ReportRows.ForOutput(session, report))
            {
                WriteObject(row);
            }
        }
    }
}
