using System;
using System.Collections.Generic;
using System.Linq;
using Tracarbon.Measurement.AmdEnergy;
using Tracarbon.Measurement.Apple;
using Tracarbon.Measurement.Cloud;
using Tracarbon.Measurement.Estimation;
using Tracarbon.Measurement.Nvidia;
using Tracarbon.Measurement.Rapl;
using Tracarbon.Platform;

namespace Tracarbon.Measurement
{
    /// <summary>Every probe the module knows, by name, and the default choice for a machine.</summary>
    public static class ProbeCatalog
    {
        public const string Rapl = "Rapl";
        public const string AmdEnergy = "AmdEnergy";
        public const string NvidiaGpu = "NvidiaGpu";
        public const string ApplePowermetrics = "ApplePowermetrics";
        public const string CloudInstance = "CloudInstance";
        public const string Estimator = "Estimator";

        /// <summary>Most trusted first: meters, then the cloud tables, then the generic estimate.</summary>
        public static IReadOnlyList<string> Names { get; } =
            new[] { Rapl, AmdEnergy, NvidiaGpu, ApplePowermetrics, CloudInstance, Estimator };

        /// <summary>Builds the named probe; unknown names throw <see cref="ArgumentException"/>.</summary>
        public static Probe Create(string name, ProbeSettings settings)
        {
            switch (Canonical(name))
            {
                case Rapl:
                    return new RaplProbe(settings.PowercapRoot);
                case AmdEnergy:
                    return new AmdEnergyProbe(settings.HwmonRoot);
                case NvidiaGpu:
                    return NvidiaSmiProbe.Create(settings.NvidiaSmi ?? NvidiaSmiProbe.DefaultProgram);
                case ApplePowermetrics:
                    return settings.Powermetrics == null
                        ? new PowermetricsProbe(ProcessRunner.Instance)
                        : PowermetricsProbe.Create(settings.Powermetrics);
                case CloudInstance:
                    if (settings.InstanceType == null)
                    {
                        throw new InvalidOperationException(
                            "The CloudInstance probe needs an instance type: set " +
                            ProbeSettings.InstanceTypeVariable + " (for example aws:m5.8xlarge).");
                    }

                    return new CloudInstanceProbe(
                        settings.InstanceType, new ProcStatUtilisation(settings.ProcRoot), Catalog.Value);
                case Estimator:
                    return new EstimatorProbe(new EstimatorOptions(settings.ProcRoot, settings.CgroupRoot));
                default:
                    throw new ArgumentException(
                        $"The probe '{name}' is not known. Valid names: {string.Join(", ", Names)}.", nameof(name));
            }
        }

        /// <summary>The catalogue's spelling of a name given in any case, or null.</summary>
        public static string? Canonical(string? name) =>
            Names.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));

        /// <summary>Every probe with whether it can read here; building one never throws out of here.</summary>
        public static IReadOnlyList<ProbeInfo> Describe(ProbeSettings settings)
        {
            var infos = new List<ProbeInfo>();
            foreach (string name in Names)
            {
                try
                {
                    using Probe probe = Create(name, settings);
                    infos.Add(new ProbeInfo(probe, probe.CheckAvailability()));
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    infos.Add(new ProbeInfo(name, KindOf(name), ex.Message));
                }
            }

            return infos;
        }

        /// <summary>
        /// The probes a session uses when the user names none: every available meter, the cloud model
        /// when an instance type is known, and the estimator for whatever CPU or memory they leave
        /// uncovered. The session takes each component from the first probe that reads it.
        /// </summary>
        public static IReadOnlyList<Probe> CreateDefault(ProbeSettings settings, Action<string>? explain = null)
        {
            var chosen = new List<Probe>();
            foreach (string name in Names)
            {
                if (name == Estimator || (name == CloudInstance && settings.InstanceType == null))
                {
                    continue;
                }

                Probe probe;
                try
                {
                    probe = Create(name, settings);
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    explain?.Invoke($"Probe '{name}' cannot be used: {ex.Message}");
                    continue;
                }

                ProbeAvailability availability = probe.CheckAvailability();
                if (availability.Available)
                {
                    chosen.Add(probe);
                    continue;
                }

                explain?.Invoke($"Probe '{name}' is not available: {availability.Reason}" +
                    (availability.Fix == null ? string.Empty : " " + availability.Fix));
                probe.Dispose();
            }

            bool covered(Component c) => chosen.Any(p => p.Reads(c));
            if (!covered(Component.Cpu) || !covered(Component.Memory))
            {
                chosen.Add(Create(Estimator, settings));
            }

            return chosen;
        }

        private static ProbeKind KindOf(string name) =>
            name == CloudInstance || name == Estimator ? ProbeKind.Estimated : ProbeKind.Measured;

        private static readonly Lazy<CloudInstanceCatalog> Catalog = new Lazy<CloudInstanceCatalog>(
            () => CloudInstanceCatalog.LoadEmbedded(
                CcfVcpuCoefficients.LoadEmbedded("azure"), CcfVcpuCoefficients.LoadEmbedded("gcp")));
    }
}
