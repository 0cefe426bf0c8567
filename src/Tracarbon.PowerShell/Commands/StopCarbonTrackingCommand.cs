using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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

        /// <summary>Sessions taken from the registry, in the order named; stopped together at the end.</summary>
        private readonly List<TrackingSession> _toStop = new List<TrackingSession>();

        protected override void ProcessRecord()
        {
            foreach (string name in Name)
            {
                // A session whose name holds wildcard characters, such as 'run[1]', is still stopped by its name.
                if (SessionRegistry.TryRemove(name, out TrackingSession session))
                {
                    _toStop.Add(session);
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
                            _toStop.Add(removed);
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

        /// <summary>
        /// Stops every session named at once, each on its own thread: each ends its measurement now, and one
        /// whose exporters are slow to finish (a hung script block waits out the stop timeout) does not hold
        /// up the others. The reports then come out in the order the sessions were named.
        /// </summary>
        protected override void EndProcessing()
        {
            // A thread each (LongRunning), not the pool's: a stop may block for its whole timeout, and the
            // pool of a small machine would start the third stop only when one of the first two ended.
            Task<IReadOnlyList<ComponentReport>>[] stopping = _toStop
                .Select(session => Task.Factory.StartNew(
                    () => session.Stop(),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default))
                .ToArray();
            for (int i = 0; i < _toStop.Count; i++)
            {
                StopOne(_toStop[i], stopping[i].GetAwaiter().GetResult());
            }
        }

        private void StopOne(TrackingSession session, IReadOnlyList<ComponentReport> report)
        {
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
