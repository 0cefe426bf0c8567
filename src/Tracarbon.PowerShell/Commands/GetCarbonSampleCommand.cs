using System;
using System.Management.Automation;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Returns a running session's recent samples, one object per component and interval.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonSample")]
    [OutputType(typeof(CarbonSample))]
    public sealed class GetCarbonSampleCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string Name { get; set; } = "Default";

        /// <summary>Only the newest samples (ticks); all kept ones when left out.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Last { get; set; }

        protected override void ProcessRecord()
        {
            if (!SessionRegistry.TryGet(Name, out TrackingSession session))
            {
                WriteError(ErrorRecords.Create(
                    new InvalidOperationException($"No tracking session named '{Name}' is running in this runspace."),
                    "TrackingNotStarted",
                    ErrorCategory.ObjectNotFound,
                    Name,
                    "Start one with Start-CarbonTracking, or list them with Get-CarbonTrackingSession."));
                return;
            }

            foreach (CarbonSample sample in session.RecentSamples(Last))
            {
                WriteObject(sample);
            }
        }
    }
}
