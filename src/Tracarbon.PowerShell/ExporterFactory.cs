using System;
using System.IO;
using System.Management.Automation;
using Tracarbon.Export;

namespace Tracarbon.PowerShell
{
    /// <summary>Turns what a user gave -Exporter (a name or an exporter object) into an exporter.</summary>
    internal static class ExporterFactory
    {
        public static readonly string[] Names = { "Json", "Csv", "Prometheus", "Datadog", "Otlp", "Stdout" };

        public static bool WritesFile(Exporter exporter) => exporter is JsonLinesExporter || exporter is CsvExporter;

        /// <summary>The file an exporter writes, or null.</summary>
        public static string? FileOf(Exporter exporter) => exporter switch
        {
            JsonLinesExporter json => json.Path,
            CsvExporter csv => csv.Path,
            _ => null,
        };

        public static Exporter? Create(PSCmdlet cmdlet, object value, string? path)
        {
            switch (value)
            {
                case Exporter exporter:
                    return exporter;
                case ScriptBlock block:
                    return ScriptBlockExporter.Create(block);
                case string name when name.Equals("Json", StringComparison.OrdinalIgnoreCase):
                    return new JsonLinesExporter(ResolveFilePath(cmdlet, path,
                        JsonLinesExporter.DefaultFileName(DateTime.Now)));
                case string name when name.Equals("Csv", StringComparison.OrdinalIgnoreCase):
                    return new CsvExporter(ResolveFilePath(cmdlet, path,
                        "tracarbon_" + DateTime.Now.ToString("yyyy-MM-dd",
                        System.Globalization.CultureInfo.InvariantCulture) + ".csv"));
                case string name when name.Equals("Prometheus", StringComparison.OrdinalIgnoreCase):
                    return FromEnvironment(cmdlet,
                        () => PrometheusExporter.FromEnvironment(Environment.GetEnvironmentVariable));
                case string name when name.Equals("Datadog", StringComparison.OrdinalIgnoreCase):
                    return FromEnvironment(cmdlet,
                        () => DatadogExporter.FromEnvironment(Environment.GetEnvironmentVariable));
                case string name when name.Equals("Otlp", StringComparison.OrdinalIgnoreCase):
                    return FromEnvironment(
                        cmdlet, () => OtlpExporter.FromEnvironment(Environment.GetEnvironmentVariable));
                case string name when name.Equals("Stdout", StringComparison.OrdinalIgnoreCase):
                    return new StdoutExporter();
                default:
                    cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument(
                        "UnknownExporter",
                        $"The exporter '{value}' ({value.GetType().Name}) is not known.",
                        value,
                        "Use one of: " + string.Join(", ", Names) + "."));
                    return null;
            }
        }

        /// <summary>An exporter configured from its environment variables, or a clear error about one.</summary>
        public static Exporter FromEnvironment(PSCmdlet cmdlet, Func<Exporter> create)
        {
            try
            {
                return create();
            }
            catch (InvalidSettingException ex)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                    ex, "InvalidExporterSetting", ErrorCategory.InvalidArgument, ex.Value, ex.Message));
                throw;
            }
            catch (ArgumentException ex)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                    ex, "InvalidExporterSetting", ErrorCategory.InvalidArgument, ex.ParamName,
                    "Give a host name or IP address and a port from 1 to 65535."));
                throw;
            }
        }

        /// <summary>
        /// A full file-system path for a file a command will write, or a terminating error whose fix
        /// names <paramref name="example"/>, a file name of the kind that command writes.
        /// </summary>
        public static string ResolveFilePath(
            PSCmdlet cmdlet, string? path, string defaultName, string example = "./run.jsonl")
        {
            string target = path ?? defaultName;
            if (target.IndexOfAny(new[] { '*', '?' }) >= 0)
            {
                // As elsewhere in PowerShell these are wildcards: written literally they would make a file
                // named '*.jsonl' beside the files the user meant.
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidPath",
                    $"The path '{target}' holds a wildcard ('*' or '?'); -Path names the one file to write.",
                    target,
                    $"Give -Path one file name without wildcards, such as {example}."));
            }

            string full;
            try
            {
                full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(target, out ProviderInfo provider,
                    out _);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    throw new NotSupportedException(
                        $"'{target}' is on the {provider.Name} drive, not in the file system.");
                }

                full = Path.GetFullPath(full);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException ||
                ex is PSNotSupportedException || ex is ItemNotFoundException ||
                ex is System.Management.Automation.DriveNotFoundException)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                    ex,
                    "InvalidPath",
                    ErrorCategory.InvalidArgument,
                    target,
                    $"Give -Path a file-system path such as {example}."));
                throw;
            }

            if (Directory.Exists(full))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "PathIsDirectory",
                    $"The path '{full}' is a directory, not a file.",
                    target,
                    $"Give -Path a file name, such as {example}."));
            }

            string? parent = Path.GetDirectoryName(full);
            if (parent != null && !Directory.Exists(parent))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                    new DirectoryNotFoundException($"The directory '{parent}' does not exist."),
                    "PathNotFound",
                    ErrorCategory.ObjectNotFound,
                    target,
                    "Create the directory first, or give -Path a file in an existing directory."));
            }

            return full;
        }
    }
}
