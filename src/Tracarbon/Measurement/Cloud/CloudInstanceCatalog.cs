using System;
using System.Collections.Generic;
using System.Linq;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>
    /// Every instance type of the bundled Cloud Carbon Footprint tables. Types are written
    /// <c>aws:m5.8xlarge</c>, <c>azure:Standard_D2s_v3</c> or <c>gcp:e2-standard-2</c>; without the
    /// prefix every table is searched, and since no name appears in two tables the answer is unique.
    /// </summary>
    public sealed class CloudInstanceCatalog
    {
        private const string AzureFile = "azure-instances.csv";
        private const string GcpFile = "gcp-instances.csv";

        private readonly Dictionary<string, AwsInstanceModel> _aws;
        private readonly VcpuInstanceTable _azure;
        private readonly VcpuInstanceTable _gcp;
        private readonly IVcpuCoefficients? _azureCoefficients;
        private readonly IVcpuCoefficients? _gcpCoefficients;

        private CloudInstanceCatalog(
            Dictionary<string, AwsInstanceModel> aws,
            VcpuInstanceTable azure,
            VcpuInstanceTable gcp,
            IVcpuCoefficients? azureCoefficients,
            IVcpuCoefficients? gcpCoefficients)
        {
            _aws = aws;
            _azure = azure;
            _gcp = gcp;
            _azureCoefficients = azureCoefficients;
            _gcpCoefficients = gcpCoefficients;
        }

        /// <summary>
        /// The catalog of the tables compiled into the engine. Azure and GCP sizes need their
        /// provider's per-vCPU coefficients; without them only AWS types can be found.
        /// </summary>
        public static CloudInstanceCatalog LoadEmbedded(
            IVcpuCoefficients? azureCoefficients = null, IVcpuCoefficients? gcpCoefficients = null) =>
            Parse(
                EmbeddedData.ReadAllText("ccf/" + AwsInstanceTable.FileName),
                EmbeddedData.ReadAllText("ccf/" + AzureFile),
                EmbeddedData.ReadAllText("ccf/" + GcpFile),
                azureCoefficients,
                gcpCoefficients);

        internal static CloudInstanceCatalog Parse(
            string awsCsv,
            string azureCsv,
            string gcpCsv,
            IVcpuCoefficients? azureCoefficients,
            IVcpuCoefficients? gcpCoefficients) =>
            new CloudInstanceCatalog(
                AwsInstanceTable.Parse(awsCsv),
                VcpuInstanceTable.Parse(CloudProvider.Azure, AzureFile, "Virtual Machine", azureCsv),
                VcpuInstanceTable.Parse(CloudProvider.Gcp, GcpFile, "Machine type", gcpCsv),
                azureCoefficients,
                gcpCoefficients);

        public int AwsCount => _aws.Count;

        public int AzureCount => _azure.Count;

        public int GcpCount => _gcp.Count;

        /// <summary>The EC2 types, as the table spells them.</summary>
        public IEnumerable<string> AwsInstanceTypes => _aws.Keys;

        /// <exception cref="CloudInstanceNotFoundException">
        /// No table lists <paramref name="instanceType"/>.
        /// </exception>
        /// <exception cref="InvalidOperationException">
        /// An Azure or GCP size for which no coefficients were given.
        /// </exception>
        public InstancePowerModel Find(string instanceType)
        {
            if (string.IsNullOrWhiteSpace(instanceType))
            {
                throw new CloudInstanceNotFoundException(
                    instanceType ?? string.Empty, "No instance type was given; write one such as 'aws:m5.8xlarge'.");
            }

            string text = instanceType.Trim();
            int colon = text.IndexOf(':');
            string name = colon < 0 ? text : text.Substring(colon + 1).Trim();
            string prefix = colon < 0 ? string.Empty : text.Substring(0, colon).Trim().ToLowerInvariant();

            switch (prefix)
            {
                case "aws":
                    return FindAws(name) ?? throw NotFound(instanceType, AwsInstanceTable.FileName);
                case "azure":
                    return FindVcpu(_azure, _azureCoefficients, name) ?? throw NotFound(instanceType, AzureFile);
                case "gcp":
                    return FindVcpu(_gcp, _gcpCoefficients, name) ?? throw NotFound(instanceType, GcpFile);
                case "":
                    return (InstancePowerModel?)FindAws(name) ?? FindVcpu(_azure, _azureCoefficients, name) ??
                        FindVcpu(_gcp, _gcpCoefficients, name) ??
                        throw NotFound(instanceType, $"{AwsInstanceTable.FileName}, {AzureFile} or {GcpFile}");
                default:
                    throw new CloudInstanceNotFoundException(
                        instanceType,
                        $"The instance type '{instanceType}' names the provider '{prefix}'; " +
                        "the known providers are aws, azure and gcp.");
            }
        }

        private AwsInstanceModel? FindAws(string name) =>
            _aws.TryGetValue(name, out AwsInstanceModel? model) ? model : null;

        private static VcpuInstanceModel? FindVcpu(
            VcpuInstanceTable table, IVcpuCoefficients? coefficients, string name)
        {
            if (!table.Contains(name))
            {
                return null;
            }

            if (coefficients == null)
            {
                throw new InvalidOperationException(
                    $"The {table.Provider} size '{name}' is listed in {table.FileName}, but no per-vCPU " +
                    $"coefficients for {table.Provider} were given to the catalog, so it cannot be priced.");
            }

            return table.Find(name, coefficients);
        }

        private CloudInstanceNotFoundException NotFound(string instanceType, string tables)
        {
            string message = $"The instance type '{instanceType}' is not in {tables}.";
            string[] near = Similar(instanceType);
            if (near.Length > 0)
            {
                message += " Similar AWS types: " + string.Join(", ", near) + ".";
            }

            return new CloudInstanceNotFoundException(instanceType, message);
        }

        /// <summary>
        /// AWS types of the same family (the part before the dot), those sharing the longest start with
        /// what was typed first, to show how the table spells them.
        /// </summary>
        private string[] Similar(string instanceType)
        {
            string name = instanceType.Substring(instanceType.IndexOf(':') + 1).Trim();
            int dot = name.IndexOf('.');
            if (dot <= 0)
            {
                return Array.Empty<string>();
            }

            string family = name.Substring(0, dot + 1);
            return _aws.Keys
                .Where(k => k.StartsWith(family, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(k => SharedStart(k, name))
                .ThenBy(k => k.Length)
                .ThenBy(k => k, StringComparer.Ordinal)
                .Take(6)
                .ToArray();
        }

        private static int SharedStart(string a, string b)
        {
            int n = 0;
            while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n]))
            {
                n++;
            }

            return n;
        }
    }
}
