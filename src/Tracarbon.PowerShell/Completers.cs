using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Tracarbon.Carbon;

namespace Tracarbon.PowerShell
{
    /// <summary>Completes -Exporter with the exporter types this module knows.</summary>
    public sealed class ExporterCompleter : IArgumentCompleter
    {
        internal static string[] Names => ExporterFactory.Names;

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst,
                IDictionary fakeBoundParameters)
        {
            var pattern = WildcardPattern.Get(Completion.Prefix(wordToComplete) + "*", WildcardOptions.IgnoreCase);
            foreach (string name in Names)
            {
                if (pattern.IsMatch(name))
                {
                    yield return new CompletionResult(name, name, CompletionResultType.ParameterValue,
                        name + " exporter");
                }
            }
        }
    }

    /// <summary>Completes -Country with ISO codes, the country name as tooltip.</summary>
    public sealed class CountryCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst,
                IDictionary fakeBoundParameters)
        {
            string prefix = Completion.Prefix(wordToComplete);
            var pattern = WildcardPattern.Get(prefix + "*", WildcardOptions.IgnoreCase);
            foreach (CountryIntensity c in CountryIntensityTable.Default.Countries)
            {
                if (pattern.IsMatch(c.Alpha2) || (prefix.Length > 2 && pattern.IsMatch(c.Name)))
                {
                    yield return new CompletionResult(
                        c.Alpha2, c.Alpha2 + " " + c.Name, CompletionResultType.ParameterValue, c.Name);
                }
            }
        }
    }

    /// <summary>Completes probe names.</summary>
    public sealed class ProbeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst,
                IDictionary fakeBoundParameters)
        {
            var pattern = WildcardPattern.Get(Completion.Prefix(wordToComplete) + "*", WildcardOptions.IgnoreCase);
            foreach (string name in Tracarbon.Measurement.ProbeCatalog.Names)
            {
                if (pattern.IsMatch(name))
                {
                    yield return new CompletionResult(name, name, CompletionResultType.ParameterValue, name + " probe");
                }
            }
        }
    }

    /// <summary>Completes -Name with the sessions running in this runspace.</summary>
    public sealed class SessionNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst,
                IDictionary fakeBoundParameters)
        {
            var pattern = WildcardPattern.Get(Completion.Prefix(wordToComplete) + "*", WildcardOptions.IgnoreCase);
            foreach (Tracarbon.Tracking.TrackingSession session in SessionRegistry.InCurrentRunspace())
            {
                if (pattern.IsMatch(session.Name))
                {
                    string text = session.Name.IndexOf(' ') >= 0 ? "'" + session.Name + "'" : session.Name;
                    yield return new CompletionResult(
                        text, session.Name, CompletionResultType.ParameterValue,
                            $"session every {session.IntervalSeconds} s");
                }
            }
        }
    }

    /// <summary>Completes -Region with provider:region keys, the table's location as tooltip.</summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst,
                IDictionary fakeBoundParameters)
        {
            var pattern = WildcardPattern.Get(Completion.Prefix(wordToComplete) + "*", WildcardOptions.IgnoreCase);
            foreach (CloudRegion region in CloudRegionTable.Default.Regions)
            {
                if (pattern.IsMatch(region.Key))
                {
                    string tip = region.Name + (string.IsNullOrEmpty(region.Location) ? string.Empty : " ("
                        + region.Location + ")");
                    yield return new CompletionResult(region.Key, region.Key, CompletionResultType.ParameterValue, tip);
                }
            }
        }
    }

    internal static class Completion
    {
        public static string Prefix(string? word) => (word ?? string.Empty).Trim('\'', '"');
    }
}
