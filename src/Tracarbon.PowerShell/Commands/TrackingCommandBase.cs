using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>
    /// What Start-CarbonTracking and Invoke-CarbonTracking share: the parameters that describe a
    /// session and turning them into one, with an ErrorRecord for every bad value.
    /// </summary>
    public abstract partial class TrackingCommandBase : PSCmdlet
    {
        public const string IntervalVariable = "TRACARBON_INTERVAL_IN_SECONDS";
        public const string PrefixVariable = "TRACARBON_METRIC_PREFIX_NAME";

        private readonly List<ProbeInfo> _probes = new List<ProbeInfo>();

        [Parameter]
        [ArgumentCompleter(typeof(ExporterCompleter))]
        public object[] Exporter { get; set; } = Array.Empty<object>();

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Seconds between samples; TRACARBON_INTERVAL_IN_SECONDS, else 60, when not given.</summary>
        [Parameter]
        public double IntervalSeconds { get; set; } = SessionOptions.DefaultIntervalSeconds;

        [Parameter]
        [ArgumentCompleter(typeof(CountryCompleter))]
        public string? Country { get; set; }

        /// <summary>A cloud region such as aws:eu-west-3, whose grid factor applies.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        /// <summary>Where the machine is, from Get-CarbonLocation; also names its cloud instance type.</summary>
        [Parameter(ValueFromPipeline = true)]
        public CarbonLocation? Location { get; set; }

        /// <summary>An Electricity Maps key for live intensity (or TRACARBON_CO2SIGNAL_API_KEY).</summary>
        [Parameter]
        [ApiKeyTransformation]
        public System.Security.SecureString? ApiKey { get; set; }

        /// <summary>How often live intensity is asked again, in minutes.</summary>
        [Parameter]
        [ValidateRange(1.0, 1440.0)]
        public double IntensityRefreshMinutes { get; set; } = 60;

        /// <summary>Probes by name or as Get-CarbonProbe objects; the best available when left out.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ProbeArgumentTransformation]
        [ArgumentCompleter(typeof(ProbeCompleter))]
        public ProbeInfo[]? Probe { get; set; }

        /// <summary>Processes whose share of the machine's energy the report shows: names, ids or objects.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ProcessArgumentTransformation]
        public System.Diagnostics.Process[]? Process { get; set; }

        /// <summary>Count each -Process with all its descendants.</summary>
        [Parameter]
        public SwitchParameter IncludeChildren { get; set; }

        /// <summary>cgroup paths (such as /docker/&lt;id&gt;) to attribute energy to.</summary>
        [Parameter]
        public string[]? Cgroup { get; set; }

        /// <summary>Find the container cgroups (Docker, containerd, CRI-O, Kubernetes) and attribute to each.</summary>
        [Parameter]
        public SwitchParameter Containers { get; set; }

        /// <summary>
        /// A session ready to start, or null when -WhatIf or a declined -Confirm said no. The workloads asked
        /// for (-Process, -Cgroup, -Containers) are split on its sampling thread and go out with each sample;
        /// the split is kept for the report's rows.
        /// </summary>
        protected TrackingSession? CreateSession(string name)
        {
            if (SessionNames.Problem(name, MaximumNameLength) is ErrorRecord badName)
            {
                ThrowTerminatingError(badName);
            }
            double interval = ResolveInterval();
            TimeSpan stopTimeout = ResolveStopTimeout();
            string? key = ApiKeyTransformationAttribute.RevealOrRefuseEmpty(this, ApiKey);

            IIntensityProvider intensity = IntensityResolver.Resolve(this, Country, Region, Location, key,
                IntensityRefreshMinutes);
            MetricNames names = ResolveMetricNames();
            List<Exporter> exporters = ResolveExporters();
            if (!ConfirmFiles(exporters, name))
            {
                return null;
            }

            var options = new SessionOptions
            {
                Name = name,
                IntervalSeconds = interval,
                Intensity = intensity,
                MetricNames = names,
                StopTimeout = stopTimeout,
            };
            ProbeResolver.Resolve(this, _probes, Location?.InstanceType, Location?.CloudProvider)
                .ForEach(options.Probes.Add);
            exporters.ForEach(options.Exporters.Add);
            Tracarbon.Attribution.WorkloadAttribution? attribution = CreateAttribution();
            options.Attribution = attribution;
            TrackingSession session;
            try
            {
                session = new TrackingSession(options);
            }
            catch
            {
                attribution?.Dispose();
                throw;
            }

            if (attribution != null)
            {
                AttributionRegistry.Attach(session, attribution);
            }

            if (intensity is LiveIntensityProvider live)
            {
                // Raised on the refresh thread: counted with the session's background failures.
                live.Warning += (_, e) => session.Errors.Record(TrackingSession.IntensityOrigin, e.Message);
                live.StartBackgroundRefresh();
            }

            return session;
        }

        /// <summary>Starts the session; nothing is left half-started when an exporter cannot open.</summary>
        protected void StartOrFail(TrackingSession session, bool background)
        {
            try
            {
                session.Start(background);
            }
            catch (PortInUseException ex)
            {
                DisposeExporters(session);
                ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "PortInUse",
                    ErrorCategory.ResourceBusy,
                    ex.Port,
                    "Give the Prometheus exporter another port (New-CarbonExporter -Type Prometheus -Port ...), " +
                    "or stop what listens there."));
            }
            catch (CsvHeaderMismatchException ex)
            {
                DisposeExporters(session);
                ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "CsvHeaderMismatch",
                    ErrorCategory.InvalidData,
                    ex.Path,
                    "Give -Path a new file: appending rows of other columns would shift them."));
            }
            catch (FileInUseException ex)
            {
                DisposeExporters(session);
                ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "FileInUse",
                    ErrorCategory.ResourceBusy,
                    ex.Path,
                    $"Stop the session '{ex.Owner}' first, or give this session its own -Path."));
            }
            catch (UnsuitablePathException ex)
            {
                DisposeExporters(session);
                ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "PathNotWritable",
                    ErrorCategory.WriteError,
                    ex.Path,
                    "Give -Path a regular file (new or existing) on a disk, a named pipe that a reader has open, " +
                    "or a character device such as /dev/null."));
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("already open"))
            {
                // Nothing to dispose: the session closed what it opened, and the exporter belongs to another.
                ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "ExporterInUse",
                    ErrorCategory.ResourceBusy,
                    session.Name,
                    "An exporter object serves one session: make another with New-CarbonExporter."));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                DisposeExporters(session);
                ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "PathNotWritable",
                    ErrorCategory.WriteError,
                    Path ?? session.Name,
                    "Give -Path a file this user can write."));
            }
        }

        /// <summary>
        /// The longest session name, in UTF-16 characters: it goes into every exported metric's tags.
        /// </summary>
        public const int MaximumNameLength = 128;

        private static void DisposeExporters(TrackingSession session)
        {
            foreach (Exporter e in session.Exporters)
            {
                e.Dispose();
            }
        }

        private double ResolveInterval()
        {
            double interval = IntervalSeconds;
            object target = IntervalSeconds;
            string variable = Environment.GetEnvironmentVariable(IntervalVariable) ?? string.Empty;
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(IntervalSeconds)) && variable.Trim().Length > 0)
            {
                target = variable;
                if (!double.TryParse(variable, NumberStyles.Float, CultureInfo.InvariantCulture, out interval))
                {
                    interval = double.NaN;
                }
            }

            if (double.IsNaN(interval) || interval < SessionOptions.MinimumIntervalSeconds ||
                interval > SessionOptions.MaximumIntervalSeconds)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidInterval",
                    $"The interval '{target}' is not a valid number of seconds.",
                    target,
                    $"Give -IntervalSeconds (or {IntervalVariable}) a value from {SessionOptions.MinimumIntervalSeconds} to " +
                    $"{SessionOptions.MaximumIntervalSeconds} (one day)."));
            }

            return interval;
        }

        /// <summary>
        /// How long a stop waits for the exporters to catch up: 30 s, or TRACARBON_STOP_TIMEOUT_SECONDS (a
        /// service manager that kills after its own stop timeout wants a shorter one).
        /// </summary>
        private TimeSpan ResolveStopTimeout()
        {
            string variable = Environment.GetEnvironmentVariable(StopTimeoutVariable) ?? string.Empty;
            if (variable.Trim().Length == 0)
            {
                return new SessionOptions().StopTimeout;
            }

            if (!double.TryParse(variable, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) ||
                double.IsNaN(seconds) || seconds <= 0 || seconds > 3600)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidEnvironmentVariable",
                    $"{StopTimeoutVariable} is '{variable}', not a number of seconds from 0 to 3600.",
                    StopTimeoutVariable,
                    $"Set {StopTimeoutVariable} to a number of seconds such as 10, or remove it for 30."));
            }

            return TimeSpan.FromSeconds(seconds);
        }

        public const string StopTimeoutVariable = "TRACARBON_STOP_TIMEOUT_SECONDS";

        private MetricNames ResolveMetricNames()
        {
            string? prefix = Environment.GetEnvironmentVariable(PrefixVariable);
            if (string.IsNullOrWhiteSpace(prefix))
            {
                return new MetricNames();
            }

            if (!System.Text.RegularExpressions.Regex.IsMatch(prefix, "^[A-Za-z_][A-Za-z0-9_]*$"))
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidEnvironmentVariable",
                    $"{PrefixVariable} '{prefix}' is not a valid metric prefix.",
                    PrefixVariable,
                    "Use letters, digits and underscores, starting with a letter, such as 'tracarbon'."));
            }

            return new MetricNames(prefix!);
        }

        private const string NullExporterFix =
            "Give each -Exporter element a name (Json, Csv, Prometheus, Datadog, Stdout), a script block or an " +
            "object from New-CarbonExporter; a variable that was never set is null.";

        private List<Exporter> ResolveExporters()
        {
            var exporters = new List<Exporter>();
            // -Exporter $null binds as no list at all and means no exporter, as leaving it out does; only a
            // null inside a list is refused, where it sits beside exporters that were meant.
            object[] items = Exporter ?? Array.Empty<object>();
            for (int i = 0; i < items.Length; i++)
            {
                // Checked before any exporter is made, so nothing is left to close.
                if (items[i] == null || items[i] is PSObject { BaseObject: null })
                {
                    ThrowTerminatingError(ErrorRecords.InvalidArgument(
                        "NullExporter",
                        $"The exporter at position {i + 1} of {items.Length} in -Exporter is null.",
                        items,
                        NullExporterFix));
                }
            }

            foreach (object item in items)
            {
                object value = item is PSObject ps ? ps.BaseObject : item;
                Exporter? exporter = ExporterFactory.Create(this, value, Path);
                if (exporter != null)
                {
                    exporters.Add(exporter);
                }
            }

            var files = exporters.Select(ExporterFactory.FileOf).Where(f => f != null).ToList();
            string? twice = files.GroupBy(f => f).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (twice != null)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "FileInUse",
                    $"Two exporters of this session would write the same file '{twice}'.",
                    twice,
                    "Give each file exporter its own file: New-CarbonExporter -Type Csv -Path ./run.csv, for example."));
            }

            if (Path != null && !exporters.Exists(ExporterFactory.WritesFile))
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "PathWithoutFileExporter",
                    $"-Path '{Path}' was given but no exporter writes a file.",
                    Path,
                    "Add -Exporter Json, or leave out -Path."));
            }

            return exporters;
        }

        private bool ConfirmFiles(List<Exporter> exporters, string name)
        {
            foreach (Exporter exporter in exporters)
            {
                bool confirmed = exporter switch
                {
                    JsonLinesExporter json => ShouldProcess(json.Path, "Append tracking records"),
                    CsvExporter csv => ShouldProcess(csv.Path, "Append tracking rows"),
                    PrometheusExporter prometheus => ShouldProcess(
                        $"{prometheus.Address}:{prometheus.Port}", "Listen for Prometheus scrapes"),
                    OtlpExporter otlp => ShouldProcess(otlp.Endpoint.ToString(), "Push OTLP metrics"),
                    _ => true,
                };
                if (!confirmed)
                {
                    return false;
                }
            }

            return ShouldProcess(name, "Start carbon tracking session");
        }
    }
}
