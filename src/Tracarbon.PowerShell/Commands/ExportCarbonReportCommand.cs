using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using Tracarbon.Reports;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>
    /// Writes one self-contained HTML file with a summary table and power and emissions charts, from a
    /// running session or from samples piped in. It refuses to write a report with nothing to draw
    /// (NoSamples): such a file is nearly always a session exported too early or a filter that left
    /// nothing, and an error is what makes a script notice.
    /// </summary>
    [Cmdlet(VerbsData.Export, "CarbonReport", DefaultParameterSetName = SessionSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportCarbonReportCommand : PSCmdlet
    {
        private const string SessionSet = "Session";
        private const string InputSet = "InputObject";

        private readonly List<CarbonSample> _samples = new List<CarbonSample>();
        private readonly List<ComponentReport> _totals = new List<ComponentReport>();
        private readonly HashSet<string> _sessions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private string _path = string.Empty;
        private bool _exists;
        private int _records;
        private double _longestInterval;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Running sessions of this runspace; several go into one report.</summary>
        [Parameter(ParameterSetName = SessionSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string[] Name { get; set; } = { "Default" };

        /// <summary>Samples from Get-CarbonSample, kept until the pipeline ends.</summary>
        [Parameter(ParameterSetName = InputSet, Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyCollection]
        public CarbonSample?[] InputObject { get; set; } = Array.Empty<CarbonSample>();

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Replaces an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            // Checked before the pipeline is read, so a long Get-CarbonSample is not wasted on a bad path.
            _path = ExporterFactory.ResolveFilePath(this, Path, "report.html", "./report.html");
            _exists = File.Exists(_path);
            if (_exists && !Force)
            {
                ThrowFileExists();
            }
        }

        protected override void ProcessRecord()
        {
            _records++;
            if (ParameterSetName == InputSet)
            {
                foreach (CarbonSample? sample in InputObject ?? Array.Empty<CarbonSample>())
                {
                    if (sample != null)
                    {
                        _samples.Add(sample);
                        _sessions.Add(sample.SessionName);
                    }
                }

                return;
            }

            foreach (string name in Name)
            {
                if (_sessions.Contains(name))
                {
                    continue;
                }

                if (!SessionRegistry.TryGet(name, out TrackingSession session))
                {
                    WriteError(ErrorRecords.Create(
                        new InvalidOperationException(
                            $"No tracking session named '{name}' is running in this runspace."),
                        "TrackingNotStarted",
                        ErrorCategory.ObjectNotFound,
                        name,
                        "Export before Stop-CarbonTracking, or list the sessions with Get-CarbonTrackingSession."));
                    continue;
                }

                var (samples, totals) = session.SamplesAndSnapshot();
                _samples.AddRange(samples);
                _totals.AddRange(totals);
                _sessions.Add(session.Name);
                _longestInterval = Math.Max(_longestInterval, session.IntervalSeconds);
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == SessionSet && _records > 0 && _sessions.Count == 0)
            {
                // Every name was unknown and each already has its TrackingNotStarted error.
                return;
            }

            if (_samples.Count == 0)
            {
                ThrowNoSamples();
            }

            var report = new HtmlReport(_samples, _totals);
            if (Title != null)
            {
                report.Title = Title;
            }

            string action = _exists ? "Replace with an HTML carbon report" : "Create an HTML carbon report";
            if (!ShouldProcess(_path, action))
            {
                return;
            }

            // Built in memory first: a failure while drawing leaves no half-written file behind.
            string html = report.ToHtml();
            WriteVerbose($"Writing a report of {_samples.Count} samples to '{_path}'.");
            try
            {
                using var stream = new FileStream(
                    _path, Force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                writer.Write(html);
            }
            catch (IOException) when (!Force && File.Exists(_path))
            {
                // Created by someone else since BeginProcessing: CreateNew is what keeps it intact.
                ThrowFileExists();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    ex, "PathNotWritable", ErrorCategory.WriteError, _path, "Give -Path a file this user can write."));
            }

            if (PassThru)
            {
                WriteObject(new FileInfo(_path));
            }
        }

        private void ThrowFileExists() =>
            ThrowTerminatingError(ErrorRecords.Create(
                new IOException($"The file '{_path}' already exists."),
                "FileExists",
                ErrorCategory.ResourceExists,
                _path,
                "Add -Force to replace it, or give -Path another file name."));

        private void ThrowNoSamples()
        {
            string what;
            string fix;
            if (ParameterSetName == InputSet || _sessions.Count == 0)
            {
                what = "No CarbonSample objects came through the pipeline";
                fix = "Pipe Get-CarbonSample from a session that has run for at least one interval.";
            }
            else
            {
                what = $"The session '{string.Join("', '", _sessions)}' has no samples yet";
                string interval = _longestInterval.ToString(System.Globalization.CultureInfo.InvariantCulture);
                fix = $"Export after at least one interval ({interval} s) has passed since Start-CarbonTracking.";
            }

            ThrowTerminatingError(ErrorRecords.Create(
                new InvalidOperationException(what + ": there is nothing to draw, so no report was written."),
                "NoSamples",
                ErrorCategory.ObjectNotFound,
                ParameterSetName == InputSet ? (object)"InputObject" : string.Join(", ", _sessions),
                fix));
        }
    }
}
