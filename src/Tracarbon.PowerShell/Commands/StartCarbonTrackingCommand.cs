using System;
using System.Management.Automation;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Starts a background tracking session in the current runspace.</summary>
    [Cmdlet(VerbsLifecycle.Start, "CarbonTracking", SupportsShouldProcess = true)]
    [OutputType(typeof(TrackingSessionInfo))]
    public sealed class StartCarbonTrackingCommand : TrackingCommandBase
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePattern(@"\S")]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string Name { get; set; } = "Default";

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            if (SessionRegistry.TryGet(Name, out _))
            {
                ThrowAlreadyStarted();
            }

            TrackingSession? session = CreateSession(Name);
            if (session == null)
            {
                return;
            }

            StartOrFail(session, background: true);
            if (!SessionRegistry.TryAdd(Name, session))
            {
                session.Dispose();
                ThrowAlreadyStarted();
            }

            WriteVerbose($"Started tracking session '{Name}' every {session.IntervalSeconds} s.");
            if (PassThru)
            {
                WriteObject(TrackingSessionInfo.From(session));
            }
        }

        private void ThrowAlreadyStarted()
        {
            ThrowTerminatingError(ErrorRecords.Create(
                new InvalidOperationException($"A tracking session named '{Name}' is already running in this runspace."),
                "TrackingAlreadyStarted",
                ErrorCategory.ResourceExists,
                Name,
                "Stop it first with Stop-CarbonTracking, or start another with a different -Name."));
        }
    }
}
