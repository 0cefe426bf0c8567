using System;
using System.Collections.Generic;
using System.Management.Automation;
using Tracarbon.Measurement;
using Tracarbon.Platform;

namespace Tracarbon.PowerShell
{
    /// <summary>Turns -Probe into probes, or the default choice for this machine when none is named.</summary>
    internal static class ProbeResolver
    {
        public static List<Probe> Resolve(
            PSCmdlet cmdlet, IReadOnlyCollection<ProbeInfo>? requested, string? instanceType = null,
                string? provider = null)
        {
            ProbeSettings settings = Settings(cmdlet);
            if (instanceType != null && settings.InstanceType == null)
            {
                // A detected cloud location names the instance: its published power model applies.
                settings.InstanceType = provider == null ? instanceType : provider.ToLowerInvariant() + ":"
                    + instanceType;
            }

            if (requested == null || requested.Count == 0)
            {
                var chosen = new List<Probe>(ProbeCatalog.CreateDefault(settings, cmdlet.WriteVerbose));
                foreach (Probe probe in chosen)
                {
                    cmdlet.WriteVerbose($"Using probe '{probe.Name}': {probe.Source}.");
                }

                return chosen;
            }

            var probes = new List<Probe>();
            foreach (ProbeInfo info in requested)
            {
                string? name = ProbeCatalog.Canonical(info.Name);
                if (name == null)
                {
                    probes.ForEach(p => p.Dispose());
                    cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument(
                        "UnknownProbe",
                        $"The probe '{info.Name}' is not known.",
                        info.Name,
                        "Use one of: " + string.Join(", ", ProbeCatalog.Names) + " (Get-CarbonProbe lists them)."));
                }

                Probe probe = Create(cmdlet, name!, settings, probes);
                ProbeAvailability availability = probe.CheckAvailability();
                if (!availability.Available)
                {
                    probe.Dispose();
                    probes.ForEach(p => p.Dispose());
                    cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                        new InvalidOperationException($"The probe '{name}' cannot read on this machine: {availability.Reason}"),
                        "ProbeNotAvailable",
                        ErrorCategory.ResourceUnavailable,
                        name,
                        availability.Fix ?? "Leave out -Probe to use the best available sources."));
                }

                cmdlet.WriteVerbose($"Using probe '{probe.Name}': {probe.Source}.");
                probes.Add(probe);
            }

            return probes;
        }

        public static ProbeSettings Settings(PSCmdlet cmdlet)
        {
            try
            {
                return ProbeSettings.FromEnvironment();
            }
            catch (ArgumentException ex)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                    ex, "InvalidEnvironmentVariable", ErrorCategory.InvalidArgument, ex.ParamName,
                    "Set the variable to an absolute path, or remove it to use the default."));
                throw;
            }
        }

        private static Probe Create(PSCmdlet cmdlet, string name, ProbeSettings settings, List<Probe> created)
        {
            try
            {
                return ProbeCatalog.Create(name, settings);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException)
            {
                created.ForEach(p => p.Dispose());
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                    ex, "ProbeNotAvailable", ErrorCategory.ResourceUnavailable, name,
                    "Leave out -Probe to use the best available sources."));
                throw;
            }
        }
    }
}
