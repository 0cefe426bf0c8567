using System;
using System.Management.Automation;
using System.Net;
using Tracarbon.Export;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>
    /// Makes an exporter object with settings of its own, to pass to Start-CarbonTracking -Exporter.
    /// Each object serves one session.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CarbonExporter", DefaultParameterSetName = "Type")]
    [OutputType(typeof(Exporter))]
    public sealed class NewCarbonExporterCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Type")]
        [ArgumentCompleter(typeof(ExporterCompleter))]
        public string Type { get; set; } = string.Empty;

        /// <summary>The file of a Json or Csv exporter.</summary>
        [Parameter(ParameterSetName = "Type")]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The Prometheus port (8081 by default) or the DogStatsD port (8125).</summary>
        [Parameter(ParameterSetName = "Type")]
        public int? Port { get; set; }

        /// <summary>The address the Prometheus endpoint binds to; 127.0.0.1 unless told otherwise.</summary>
        [Parameter(ParameterSetName = "Type")]
        public string? ListenAddress { get; set; }

        /// <summary>The DogStatsD agent's host name or address.</summary>
        [Parameter(ParameterSetName = "Type")]
        public string? HostName { get; set; }

        /// <summary>The OTLP metrics URL, used as given (no /v1/metrics is appended); http or https.</summary>
        [Parameter(ParameterSetName = "Type")]
        public string? Endpoint { get; set; }

        /// <summary>A script block called once per sample with param($sample).</summary>
        [Parameter(Mandatory = true, ParameterSetName = "ScriptBlock")]
        public ScriptBlock? ScriptBlock { get; set; }

        protected override void EndProcessing()
        {
            if (ScriptBlock != null)
            {
                WriteObject(ScriptBlockExporter.Create(ScriptBlock));
                return;
            }

            if (Port is int port && (port < 1 || port > 65535))
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidPort", $"The port '{port}' is not a TCP or UDP port.", port,
                        "Give -Port a value from 1 to 65535."));
            }

            string type = Array.Find(ExporterFactory.Names, n => n.Equals(Type,
                StringComparison.OrdinalIgnoreCase)) ?? Type;
            RefuseSettingsOtherTypesTake(type);
            switch (type)
            {
                case "Prometheus":
                    WriteObject(Prometheus());
                    return;
                case "Datadog":
                    WriteObject(ExporterFactory.FromEnvironment(this, () =>
                    {
                        DatadogExporter fromEnvironment = DatadogExporter.FromEnvironment(Environment.GetEnvironmentVariable);
                        return new DatadogExporter(HostName ?? fromEnvironment.Host, Port ?? fromEnvironment.Port);
                    }));
                    return;
                case "Otlp":
                    WriteObject(Otlp());
                    return;
                default:
                    WriteObject(ExporterFactory.Create(this, type, Path));
                    return;
            }
        }

        /// <summary>Which exporter types each setting means something to.</summary>
        private static readonly (string Parameter, string[] Types)[] SettingTypes =
        {
            (nameof(Path), new[] { "Json", "Csv" }),
            (nameof(Port), new[] { "Prometheus", "Datadog" }),
            (nameof(ListenAddress), new[] { "Prometheus" }),
            (nameof(HostName), new[] { "Datadog" }),
            (nameof(Endpoint), new[] { "Otlp" }),
        };

        /// <summary>A setting the chosen type would silently ignore is a mistake worth telling now.</summary>
        private void RefuseSettingsOtherTypesTake(string type)
        {
            if (Array.IndexOf(ExporterFactory.Names, type) < 0)
            {
                // An unknown type gets its own error from the factory.
                return;
            }

            foreach ((string parameter, string[] types) in SettingTypes)
            {
                if (MyInvocation.BoundParameters.ContainsKey(parameter) && Array.IndexOf(types, type) < 0)
                {
                    ThrowTerminatingError(ErrorRecords.InvalidArgument(
                        "SettingNotForExporter",
                        $"-{parameter} does not apply to the {type} exporter.",
                        parameter,
                        $"-{parameter} applies to the {string.Join(" and ", types)} exporter" +
                        (types.Length > 1 ? "s" : string.Empty) + "; drop it, or choose one of those types."));
                }
            }
        }

        private Exporter Otlp()
        {
            if (Endpoint == null)
            {
                return ExporterFactory.FromEnvironment(
                    this, () => OtlpExporter.FromEnvironment(Environment.GetEnvironmentVariable));
            }

            if (!OtlpEndpoint.TryParse(Endpoint, out Uri? endpoint, out string? problem))
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidUrl",
                    problem!,
                    Endpoint,
                    "Give -Endpoint an http or https URL such as " + OtlpEndpoint.Default + "."));
            }

            WriteVerbose($"The OTLP exporter will push to '{endpoint}'.");
            return new OtlpExporter(endpoint);
        }

        private Exporter Prometheus()
        {
            IPAddress? address = null;
            if (ListenAddress != null)
            {
                string text = ListenAddress.Trim().Trim('[', ']');
                if (text.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                {
                    address = IPAddress.Loopback;
                }
                else if (!IPAddress.TryParse(text, out address))
                {
                    ThrowTerminatingError(ErrorRecords.InvalidArgument(
                        "InvalidListenAddress",
                        $"'{ListenAddress}' is not an IP address.",
                        ListenAddress,
                        "Give -ListenAddress an address such as 127.0.0.1, 0.0.0.0 (every interface) or ::1."));
                }
            }

            return ExporterFactory.FromEnvironment(this, () =>
            {
                PrometheusExporter fromEnvironment = PrometheusExporter.FromEnvironment(Environment.GetEnvironmentVariable);
                return new PrometheusExporter(address ?? fromEnvironment.Address, Port ?? fromEnvironment.Port);
            });
        }
    }
}
