using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Starts a background tracking session in the current runspace.</summary>
    [Cmdlet(VerbsLifecycle.Start, "CarbonTracking", SupportsShouldProcess = true)]
    [OutputType(typeof(TrackingSessionInfo))]
    public sealed class StartCarbonTrackingCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ExporterCompleter))]
        public object[] Exporter { get; set; } = Array.Empty<object>();

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        [Parameter]
        public double IntervalSeconds { get; set; } = SessionOptions.DefaultIntervalSeconds;

        [Parameter]
        [ArgumentCompleter(typeof(CountryCompleter))]
        public string? Country { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePattern(@"\S")]
        public string Name { get; set; } = "Default";

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Probes by name or as Get-CarbonProbe objects; the best available when left out.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ProbeArgumentTransformation]
        [ArgumentCompleter(typeof(ProbeCompleter))]
        public ProbeInfo[]? Probe { get; set; }

        private readonly List<ProbeInfo> _probes = new List<ProbeInfo>();

        protected override void ProcessRecord()
        {
            if (Probe != null)
            {
                _probes.AddRange(Probe);
            }
        }

        protected override void EndProcessing()
        {
            ValidateInterval();
            if (SessionRegistry.TryGet(Name, out _))
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    new InvalidOperationException($"A tracking session named '{Name}' is already running in this runspace."),
                    "TrackingAlreadyStarted",
                    ErrorCategory.ResourceExists,
                    Name,
                    "Stop it first with Stop-CarbonTracking, or start another with a different -Name."));
            }

            IntensityValue intensity = IntensityResolver.Resolve(this, Country);
            List<Exporter> exporters = ResolveExporters();
            if (!ConfirmFiles(exporters))
            {
                return;
            }

            var options = new SessionOptions
            {
                Name = Name,
                IntervalSeconds = IntervalSeconds,
                Intensity = new FixedIntensityProvider(intensity),
            };
            ProbeResolver.Resolve(this, _probes).ForEach(options.Probes.Add);
            exporters.ForEach(options.Exporters.Add);
            var session = new TrackingSession(options);
            StartOrFail(session, exporters);

            if (PassThru)
            {
                WriteObject(TrackingSessionInfo.From(session));
            }
        }

        private void ValidateInterval()
        {
            if (double.IsNaN(IntervalSeconds) || IntervalSeconds < SessionOptions.MinimumIntervalSeconds ||
                IntervalSeconds > SessionOptions.MaximumIntervalSeconds)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidInterval",
                    $"The interval '{IntervalSeconds}' is not a valid number of seconds.",
                    IntervalSeconds,
                    $"Give -IntervalSeconds a value from {SessionOptions.MinimumIntervalSeconds} to " +
                    $"{SessionOptions.MaximumIntervalSeconds} (one day)."));
            }
        }

        private List<Exporter> ResolveExporters()
        {
            var exporters = new List<Exporter>();
            foreach (object? item in Exporter ?? Array.Empty<object>())
            {
                if (item == null)
                {
                    continue;
                }

                object value = item is PSObject ps ? ps.BaseObject : item;
                switch (value)
                {
                    case Exporter exporter:
                        exporters.Add(exporter);
                        break;
                    case string name when name.Equals("Json", StringComparison.OrdinalIgnoreCase):
                        exporters.Add(new JsonLinesExporter(ResolveJsonPath()));
                        break;
                    case string name when name.Equals("Stdout", StringComparison.OrdinalIgnoreCase):
                        exporters.Add(new StdoutExporter());
                        break;
                    default:
                        ThrowTerminatingError(ErrorRecords.InvalidArgument(
                            "UnknownExporter",
                            $"The exporter '{value}' ({value.GetType().Name}) is not known.",
                            value,
                            "Use one of: " + string.Join(", ", ExporterCompleter.Names) + "."));
                        break;
                }
            }

            if (Path != null && !exporters.Exists(e => e is JsonLinesExporter))
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "PathWithoutFileExporter",
                    $"-Path '{Path}' was given but no exporter writes a file.",
                    Path,
                    "Add -Exporter Json, or leave out -Path."));
            }

            return exporters;
        }

        private string ResolveJsonPath()
        {
            string target = Path ?? JsonLinesExporter.DefaultFileName(DateTime.Now);
            string full;
            try
            {
                full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(target, out ProviderInfo provider, out _);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    throw new NotSupportedException($"'{target}' is on the {provider.Name} drive, not in the file system.");
                }

                full = System.IO.Path.GetFullPath(full);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException ||
                ex is PSNotSupportedException || ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "InvalidPath",
                    ErrorCategory.InvalidArgument,
                    target,
                    "Give -Path a file-system path such as ./run.jsonl."));
                throw;
            }

            if (Directory.Exists(full))
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "PathIsDirectory",
                    $"The path '{full}' is a directory, not a file.",
                    target,
                    "Give -Path a file name, such as ./run.jsonl."));
            }

            string? parent = System.IO.Path.GetDirectoryName(full);
            if (parent != null && !Directory.Exists(parent))
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    new DirectoryNotFoundException($"The directory '{parent}' does not exist."),
                    "PathNotFound",
                    ErrorCategory.ObjectNotFound,
                    target,
                    "Create the directory first, or give -Path a file in an existing directory."));
            }

            return full;
        }

        private bool ConfirmFiles(List<Exporter> exporters)
        {
            foreach (Exporter exporter in exporters)
            {
                if (exporter is JsonLinesExporter json && !ShouldProcess(json.Path, "Append tracking records"))
                {
                    return false;
                }
            }

            return ShouldProcess(Name, "Start carbon tracking session");
        }

        private void StartOrFail(TrackingSession session, List<Exporter> exporters)
        {
            try
            {
                session.Start();
            }
            catch (FileInUseException ex)
            {
                exporters.ForEach(e => e.Dispose());
                ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "FileInUse",
                    ErrorCategory.ResourceBusy,
                    ex.Path,
                    $"Stop the session '{ex.Owner}' first, or give this session its own -Path."));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Nothing is left half-started: the exporters that did open are closed again.
                exporters.ForEach(e => e.Dispose());
                string target = exporters.Find(e => e is JsonLinesExporter) is JsonLinesExporter j ? j.Path : Name;
                ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "PathNotWritable",
                    ErrorCategory.WriteError,
                    target,
                    "Give -Path a file this user can write."));
            }

            if (!SessionRegistry.TryAdd(Name, session))
            {
                session.Dispose();
                ThrowTerminatingError(ErrorRecords.Create(
                    new InvalidOperationException($"A tracking session named '{Name}' is already running in this runspace."),
                    "TrackingAlreadyStarted",
                    ErrorCategory.ResourceExists,
                    Name));
            }

            WriteVerbose($"Started tracking session '{Name}' every {IntervalSeconds} s.");
        }
    }
}
