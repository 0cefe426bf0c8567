using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>
    /// Runs a session in the foreground until Ctrl+C, SIGTERM or -Duration, then writes the report:
    /// what a systemd unit or a Kubernetes DaemonSet runs.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CarbonTracking", SupportsShouldProcess = true)]
    [OutputType(typeof(ComponentReport))]
    public sealed class InvokeCarbonTrackingCommand : TrackingCommandBase
    {
        private readonly ManualResetEvent _cancel = new ManualResetEvent(false);

        /// <summary>How long to track; until stopped when left out. A bare number is seconds.</summary>
        [Parameter]
        [SecondsTransformation]
        public TimeSpan? Duration { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePattern(@"\S")]
        public string Name { get; set; } = "Invoke";

        private const string DurationAdvice =
            "Give -Duration a positive number of seconds or time span, such as 600, '00:10:00' or (New-TimeSpan -Minutes 10)";

        public const string LogLevelVariable = "TRACARBON_LOG_LEVEL";

        private static readonly string[] LogLevels = { "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL" };

        private string _logLevel = "WARNING";

        protected override void EndProcessing()
        {
            ResolveLogLevel();
            if (Duration == null && MyInvocation.BoundParameters.ContainsKey(nameof(Duration)))
            {
                // $null (often an unset variable) would otherwise mean "until stopped".
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidDuration",
                    "-Duration was given no value (null).",
                    string.Empty,
                    DurationAdvice + ", or leave it out to track until stopped."));
            }

            if (Duration is TimeSpan d && d <= TimeSpan.Zero)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidDuration",
                    $"The duration '{d}' is not positive.",
                    d,
                    DurationAdvice + "."));
            }

            if (SessionRegistry.TryGet(Name, out _))
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    new InvalidOperationException(
                        $"A tracking session named '{Name}' is already running in this runspace."),
                    "TrackingAlreadyStarted",
                    ErrorCategory.ResourceExists,
                    Name,
                    "Give this run another -Name."));
            }

            TrackingSession? session = CreateSession(Name);
            if (session == null)
            {
                return;
            }

            using var signal = new TerminationSignal(_cancel);
            StartOrFail(session, background: false);

            // Registered so that the process ending some other way still flushes its exporters.
            SessionRegistry.TryAdd(Name, session);
            System.Threading.Interlocked.Increment(ref SessionRegistry.ForegroundRuns);
            try
            {
                Run(session);
            }
            finally
            {
                System.Threading.Interlocked.Decrement(ref SessionRegistry.ForegroundRuns);
                SessionRegistry.TryRemove(Name, out _);
            }

            WriteProgress(new ProgressRecord(1, "Tracking carbon",
                "Stopped") { RecordType = ProgressRecordType.Completed });
            var report = session.Stop();
            if (_logLevel != "ERROR" && _logLevel != "CRITICAL")
            {
                ReportRows.WarnErrors(this, session);
            }

            foreach (PSObject row in ReportRows.ForOutput(session, report))
            {
                WriteObject(row);
            }

            session.Dispose();
        }

        protected override void StopProcessing() => _cancel.Set();

        private void Run(TrackingSession session)
        {
            double start = session.Elapsed;
            double end = Duration.HasValue ? start + Duration.Value.TotalSeconds : double.PositiveInfinity;
            var progress = new ProgressRecord(1, "Tracking carbon", "Starting");
            while (!_cancel.WaitOne(0))
            {
                double now = session.Elapsed;
                if (now >= end)
                {
                    return;
                }

                // Drive the session in slices of at most a second so progress stays live.
                session.RunUntil(SystemNow(session) + Math.Min(1.0, end - now), _cancel);
                ComponentReport? host = session.Snapshot().FirstOrDefault(r => r.Component == Component.Host);
                progress.StatusDescription = string.Format(
                    CultureInfo.InvariantCulture,
                    "{0:N0} s elapsed, {1:N2} W average, {2:N4} g CO2",
                    session.Elapsed,
                    host?.AveragePowerWatts ?? 0,
                    host?.EmissionsGrams ?? 0);
                if (Duration.HasValue)
                {
                    progress.PercentComplete = (int)Math.Min(100, 100 * session.Elapsed / Duration.Value.TotalSeconds);
                }

                WriteProgress(progress);
                if (_logLevel == "INFO" || _logLevel == "DEBUG")
                {
                    // What tracarbon logs at INFO: a line per second, shown like Write-Host.
                    WriteInformation(new HostInformationMessage { Message = "tracarbon: "
                        + progress.StatusDescription },
                        new[] { "PSHOST", "Tracarbon" });
                }
            }
        }

        /// <summary>tracarbon's levels: INFO and DEBUG print a line per second; ERROR and CRITICAL hide
        /// warnings.</summary>
        private void ResolveLogLevel()
        {
            string? level = Environment.GetEnvironmentVariable(LogLevelVariable);
            if (string.IsNullOrWhiteSpace(level))
            {
                return;
            }

            string upper = level!.Trim().ToUpperInvariant();
            if (Array.IndexOf(LogLevels, upper) < 0)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidEnvironmentVariable",
                    $"{LogLevelVariable} '{level}' is not a log level.",
                    LogLevelVariable,
                    "Use one of: " + string.Join(", ", LogLevels) + "."));
            }

            _logLevel = upper;
        }

        private static double SystemNow(TrackingSession session) => session.MonotonicNow;
    }
}
