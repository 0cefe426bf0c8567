using System;

namespace Tracarbon.Attribution.Kubernetes
{
    /// <summary>Where pods' usage comes from.</summary>
    public enum KubernetesUsageSource
    {
        /// <summary>Control groups where kubepods groups show under the cgroup root, else the Metrics API.</summary>
        Auto,

        /// <summary>Each container's own control group counters, named after its pod.</summary>
        Cgroups,

        /// <summary>The Metrics API (<c>metrics.k8s.io</c>), for when the node's control groups are hidden.</summary>
        MetricsApi,
    }

    /// <summary>How to reach the Kubernetes API server and what to ask it.</summary>
    public sealed class KubernetesOptions
    {
        public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";
        public const string ServicePortVariable = "KUBERNETES_SERVICE_PORT";
        public const string KubeconfigVariable = "KUBECONFIG";
        public const string NodeNameVariable = "NODE_NAME";

        private static readonly TimeSpan MaximumTimeout = TimeSpan.FromMinutes(2);

        /// <summary>
        /// A kubeconfig file. When null: the first file in KUBECONFIG, then the pod's service account where
        /// KUBERNETES_SERVICE_HOST is set, then <c>~/.kube/config</c>.
        /// </summary>
        public string? KubeconfigPath { get; set; }

        /// <summary>The kubeconfig context to use; null for its current-context.</summary>
        public string? Context { get; set; }

        /// <summary>This node's name, whose pods are listed; null for NODE_NAME, then the host name.</summary>
        public string? NodeName { get; set; }

        /// <summary>Where a pod's service account is mounted: its token, ca.crt and namespace files.</summary>
        public string ServiceAccountRoot { get; set; } = "/var/run/secrets/kubernetes.io/serviceaccount";

        public KubernetesUsageSource Usage { get; set; } = KubernetesUsageSource.Auto;

        /// <summary>Asks the Metrics API for one namespace's pods only, for accounts that may read no other.</summary>
        public string? MetricsNamespace { get; set; }

        /// <summary>How long one request may take.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// How often the pod list (and the Metrics API) is asked again. The Metrics API itself renews its
        /// figures about every 15 s, so asking more often only repeats them.
        /// </summary>
        public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Reads environment variables; tests replace it.</summary>
        public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;

        internal void Validate()
        {
            if (Timeout <= TimeSpan.Zero || Timeout > MaximumTimeout)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(Timeout), Timeout, "The Kubernetes timeout must be more than zero and at most 2 minutes.");
            }

            if (RefreshInterval < TimeSpan.FromSeconds(1))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(RefreshInterval), RefreshInterval, "The Kubernetes refresh interval must be 1 s or more.");
            }

            if (Environment == null || string.IsNullOrWhiteSpace(ServiceAccountRoot))
            {
                throw new ArgumentException("The environment reader and the service account root must be set.");
            }
        }
    }

    /// <summary>A Kubernetes set-up or API failure. The message never holds a token.</summary>
    public sealed class KubernetesException : Exception
    {
        public KubernetesException(string message, Uri? server = null, int? statusCode = null, Exception? inner = null)
            : base(message, inner)
        {
            Server = server;
            StatusCode = statusCode;
        }

        /// <summary>The API server concerned (scheme, host, port), if one was reached for.</summary>
        public Uri? Server { get; }

        /// <summary>The HTTP status of the answer, if one came.</summary>
        public int? StatusCode { get; }
    }
}
