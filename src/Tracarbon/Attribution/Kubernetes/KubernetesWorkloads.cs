using System;
using System.Threading;
using System.Threading.Tasks;
using Tracarbon.Platform;
using Tracarbon.Platform.Json;

namespace Tracarbon.Attribution.Kubernetes
{
    /// <summary>
    /// Keeps this node's pod list (and, in Metrics API mode, the pods' usage) fresh. The first answers are
    /// awaited at start, so set-up faults fail there; later refreshes run on the thread pool, never on the
    /// sampling thread, and a failed one leaves the last good answer in use and says so once.
    /// </summary>
    internal sealed class KubernetesWorkloads : IPodLabels, IDisposable
    {
        // A container nobody knows asks for a new list, but not more often than this, in seconds.
        private const double RequestedRefreshGap = 5;

        private readonly KubernetesClient _client;
        private readonly KubernetesOptions _options;
        private readonly ITickClock _clock;
        private readonly WarningLog _warnings;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private PodList _pods = PodList.Empty;
        private PodMetrics? _metrics;
        private double _lastRefresh;
        private int _inFlight;
        private int _requested;

        private KubernetesWorkloads(
            KubernetesClient client,
            KubernetesOptions options,
            ITickClock clock,
            WarningLog warnings,
            string node,
            bool metrics)
        {
            _client = client;
            _options = options;
            _clock = clock;
            _warnings = warnings;
            NodeName = node;
            UsesMetricsApi = metrics;
            MetricsSource = metrics ? new MetricsWorkloadSource(() => Volatile.Read(ref _metrics), this) : null;
        }

        public string NodeName { get; }

        public bool UsesMetricsApi { get; }

        public IWorkloadSource? MetricsSource { get; }

        public Uri Server => _client.Server;

        public PodList Current => Volatile.Read(ref _pods);

        internal PodMetrics? Metrics => Volatile.Read(ref _metrics);

        /// <exception cref="KubernetesException">No configuration, or the first answers did not come.</exception>
        public static KubernetesWorkloads Connect(
            KubernetesOptions options, ITickClock clock, CgroupLayout? layout, WarningLog warnings)
        {
            KubernetesConnection connection = KubernetesConnection.Resolve(options);
            string node = options.NodeName
                ?? options.Environment(KubernetesOptions.NodeNameVariable)?.Trim()
                ?? Environment.MachineName.ToLowerInvariant();
            bool metrics = options.Usage == KubernetesUsageSource.MetricsApi
                || (options.Usage == KubernetesUsageSource.Auto && !PodGroupsVisible(layout));
            var client = new KubernetesClient(connection, options.Timeout);
            var workloads = new KubernetesWorkloads(client, options, clock, warnings, node, metrics);
            try
            {
                workloads.Refresh(CancellationToken.None);
            }
            catch
            {
                client.Dispose();
                throw;
            }

            return workloads;
        }

        public void RequestRefresh() => Interlocked.Exchange(ref _requested, 1);

        /// <summary>Starts a refresh on the thread pool when one is due and none is running; never waits.</summary>
        public void RefreshIfDue()
        {
            double now = _clock.Now;
            double since = now - Volatile.Read(ref _lastRefresh);
            bool due = since >= _options.RefreshInterval.TotalSeconds
                || (Volatile.Read(ref _requested) == 1 && since >= RequestedRefreshGap);
            if (!due || _stop.IsCancellationRequested || Interlocked.CompareExchange(ref _inFlight, 1, 0) != 0)
            {
                return;
            }

            Interlocked.Exchange(ref _requested, 0);
            Task.Run(() =>
            {
                try
                {
                    Refresh(_stop.Token);
                }
                catch (KubernetesException e)
                {
                    _warnings.Add(e.Message + " The last answer stays in use.");
                }
                catch (Exception e) when (e is OperationCanceledException || e is ObjectDisposedException)
                {
                    // Disposed while asking: the attribution is over.
                }
                finally
                {
                    Volatile.Write(ref _lastRefresh, _clock.Now);
                    Interlocked.Exchange(ref _inFlight, 0);
                }
            });
        }

        /// <summary>Asks the API server now and replaces the answers kept.</summary>
        /// <exception cref="KubernetesException">A request failed or its answer could not be read.</exception>
        public void Refresh(CancellationToken cancel)
        {
            string node = Uri.EscapeDataString(NodeName);
            PodList pods = Read("/api/v1/pods?fieldSelector=spec.nodeName=" + node, PodList.Parse, cancel);
            if (pods.Count == 0)
            {
                _warnings.Add($"The API server lists no pod on the node '{NodeName}'; is that this node's name?");
            }

            PodMetrics? metrics = null;
            if (UsesMetricsApi)
            {
                (double cores, double memory) = Read("/api/v1/nodes/" + node, PodMetrics.ParseCapacity, cancel);
                double? busy = null;
                try
                {
                    busy = Read("/apis/metrics.k8s.io/v1beta1/nodes/" + node, PodMetrics.ParseNodeUsageCores, cancel);
                }
                catch (KubernetesException e)
                {
                    _warnings.Add(e.Message + " Pods' CPU shares are taken of the node's capacity instead.");
                }

                string? ns = _options.MetricsNamespace;
                string path = ns == null
                    ? "/apis/metrics.k8s.io/v1beta1/pods"
                    : "/apis/metrics.k8s.io/v1beta1/namespaces/" + Uri.EscapeDataString(ns) + "/pods";
                metrics = new PodMetrics(Read(path, PodMetrics.ParsePods, cancel), cores, memory, busy);
            }

            Volatile.Write(ref _pods, pods);
            if (metrics != null)
            {
                Volatile.Write(ref _metrics, metrics);
            }

            Volatile.Write(ref _lastRefresh, _clock.Now);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _client.Dispose();
        }

        private T Read<T>(string pathAndQuery, Func<JsonValue, T> parse, CancellationToken cancel)
        {
            JsonValue body = _client.Get(pathAndQuery, cancel);
            try
            {
                return parse(body);
            }
            catch (FormatException e)
            {
                int query = pathAndQuery.IndexOf('?');
                string path = query < 0 ? pathAndQuery : pathAndQuery.Substring(0, query);
                throw new KubernetesException(
                    $"The answer for '{path}' could not be read: {e.Message}", Server, null, e);
            }
        }

        /// <summary>Whether the cgroup tree shows kubepods groups, so containers can be read where they run.</summary>
        private static bool PodGroupsVisible(CgroupLayout? layout) =>
            layout != null && ContainerDiscovery.Discover(layout).Exists(g => g.PodUid != null);
    }
}
