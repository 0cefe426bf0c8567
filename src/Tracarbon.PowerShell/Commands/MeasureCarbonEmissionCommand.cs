using System;
using System.Management.Automation;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>
    /// Runs a script block in the caller's scope, as Measure-Command does, while a session samples the
    /// machine often, and returns the report of what the block cost.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Measure, "CarbonEmission", SupportsShouldProcess = true)]
    [OutputType(typeof(ComponentReport))]
    public sealed class MeasureCarbonEmissionCommand : TrackingCommandBase
    {
        /// <summary>20 samples a second: a one-second block yields at least 10.</summary>
        public const double DefaultMeasureInterval = 0.05;

        [Parameter(Mandatory = true, Position = 0)]
        public ScriptBlock Expression { get; set; } = null!;

        /// <summary>
        /// Machine: what the whole machine drew while the block ran. Process: only this PowerShell
        /// process's share (its CPU time over the machine's busy CPU time, its resident memory share).
        /// </summary>
        [Parameter]
        [ValidateSet("Machine", "Process")]
        public string Scope { get; set; } = "Machine";

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(IntervalSeconds)))
            {
                IntervalSeconds = DefaultMeasureInterval;
                MyInvocation.BoundParameters[nameof(IntervalSeconds)] = DefaultMeasureInterval;
            }
        }

        protected override void EndProcessing()
        {
            string name = "Measure-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            bool processScope = Scope == "Process";
            if (processScope)
            {
                AddProcess(System.Diagnostics.Process.GetCurrentProcess().Id);
            }

            // The machine scope splits the machine's energy only when -Process, -Cgroup or -Containers ask.
            TrackingSession? session = CreateSession(name);
            if (session == null)
            {
                return;
            }

            StartOrFail(session, background: true);
            try
            {
                // Like Measure-Command: the caller's scope, output discarded.
                InvokeCommand.InvokeScript(false, Expression, null);
            }
            catch (RuntimeException ex)
            {
                session.Stop();
                session.Dispose();
                ThrowTerminatingError(new ErrorRecord(ex.ErrorRecord, ex));
            }

            var report = session.Stop();
            session.Dispose();
            ReportRows.WarnErrors(this, session);
            foreach (PSObject row in ReportRows.ForOutput(session, report))
            {
                string workload = ((ComponentReport)row.BaseObject).Workload;
                if (!processScope || (workload != "Host" && workload != "Unattributed"))
                {
                    WriteObject(row);
                }
            }
        }
    }
}
