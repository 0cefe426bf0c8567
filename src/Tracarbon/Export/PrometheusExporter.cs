using System;
using System.Net;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// Serves <c>GET /metrics</c> in the Prometheus text format 0.0.4: energy and emission counters
    /// since the exporter opened, the latest power and intensity as gauges, and tracarbon's own gauge
    /// names for existing dashboards. A measured 0 is a sample; a component without a reading has none.
    /// </summary>
    /// <remarks>
    /// The server is our own, over <see cref="System.Net.Sockets.TcpListener"/>, rather than prometheus-net.
    /// On netstandard2.0 that library brings Microsoft.Extensions.Http 3.1, Logging, Options and DI, and
    /// ObjectPool 8.0, beside the ObjectPool 10.0 that PowerShell 7.6 loads itself; its stand-alone
    /// server is HttpListener, which on Windows needs a URL ACL before a user may listen, and exposes no
    /// setting for request size or connection count. What we need, a few counters and gauges over one
    /// path, is a few hundred lines here, loads nothing beside the module, and runs on PowerShell 5.1 too.
    /// </remarks>
    public sealed class PrometheusExporter : Exporter
    {
        public const int DefaultPort = 8081;

        public const string AddressVariable = "PROMETHEUS_ADDRESS";

        public const string PortVariable = "PROMETHEUS_PORT";

        private MetricsHttpServer? _server;
        private PrometheusMetrics? _metrics;

        /// <param name="address">Where to listen; this machine only (127.0.0.1) when null.</param>
        /// <param name="port">The TCP port; 0 lets the system pick a free one (see LocalEndPoint).</param>
        /// <param name="limits">Connection and request limits; the defaults when null.</param>
        public PrometheusExporter(
            IPAddress? address = null, int port = DefaultPort, PrometheusServerLimits? limits = null)
        {
            if (port < 0 || port > ExporterSettings.MaximumPort)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "A port is a number from 0 to 65535.");
            }

            Address = address ?? IPAddress.Loopback;
            Port = port;
            Limits = limits ?? PrometheusServerLimits.Default;
        }

        /// <summary>
        /// Reads <c>PROMETHEUS_ADDRESS</c> (default 127.0.0.1) and <c>PROMETHEUS_PORT</c> (default 8081)
        /// through <paramref name="getVariable"/>; a bad value throws <see cref="InvalidSettingException"/>.
        /// </summary>
        public static PrometheusExporter FromEnvironment(
            Func<string, string?> getVariable, PrometheusServerLimits? limits = null)
        {
            if (getVariable == null)
            {
                throw new ArgumentNullException(nameof(getVariable));
            }

            IPAddress address = ExporterSettings.ListenAddress(getVariable, AddressVariable, IPAddress.Loopback);
            int port = ExporterSettings.Port(getVariable, PortVariable, DefaultPort);
            return new PrometheusExporter(address, port, limits);
        }

        public override string Name => "Prometheus";

        public override string Description =>
            "Prometheus (http://" + (LocalEndPoint ?? new IPEndPoint(Address, Port)) + "/metrics)";

        public IPAddress Address { get; }

        public int Port { get; }

        public PrometheusServerLimits Limits { get; }

        /// <summary>Where scrapes go, once open: the port is the one bound, even when 0 was asked for.</summary>
        public IPEndPoint? LocalEndPoint => _server?.LocalEndPoint;

        /// <summary>Workloads with series of their own at most; see <see cref="WorkloadCounters"/>.</summary>
        internal int MaxWorkloadSeries { get; set; } = WorkloadCounters.DefaultMaxWorkloads;

        internal MetricsHttpServer? Server => _server;

        /// <summary>How long one rendering serves scrapes between samples (see PrometheusMetrics).</summary>
        internal TimeSpan RenderMaxAge { get; set; } = PrometheusMetrics.DefaultRenderMaxAge;

        internal PrometheusMetrics? Metrics => _metrics;

        /// <summary>Export only updates the state that scrapes read: run on the sampling thread.</summary>
        internal override bool ExportsInline => true;

        /// <summary>Starts listening; a port already taken throws <see cref="PortInUseException"/> here.</summary>
        public override void Open(ExportContext context)
        {
            if (_server != null)
            {
                throw new InvalidOperationException("The Prometheus exporter is already open.");
            }

            if (context == null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            var metrics = new PrometheusMetrics(context, RenderMaxAge, MaxWorkloadSeries);
            var server = new MetricsHttpServer(new IPEndPoint(Address, Port), Limits, "/metrics", metrics.Exposition);
            server.Start();
            _metrics = metrics;
            _server = server;
        }

        /// <summary>Updates the state that scrapes read; allocates nothing once the labels are known.</summary>
        public override void Export(Sample sample)
        {
            PrometheusMetrics metrics = _metrics
                ?? throw new InvalidOperationException("The Prometheus exporter was not opened.");
            metrics.Update(sample);
        }

        public override void Dispose()
        {
            _server?.Dispose();
        }
    }
}
