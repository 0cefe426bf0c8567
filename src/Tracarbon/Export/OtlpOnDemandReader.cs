using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Tracarbon.Export
{
    /// <summary>
    /// A metric reader that collects only when the OTLP exporter asks. The base reader collects and sends
    /// once more when it shuts down; the exporter has sent the last state by then, so that request would
    /// only repeat it, or, with the collector gone, wait out one more timeout.
    /// </summary>
    internal sealed class OtlpOnDemandReader : BaseExportingMetricReader
    {
        public OtlpOnDemandReader(BaseExporter<Metric> exporter)
            : base(exporter)
        {
        }

        protected override bool OnShutdown(int timeoutMilliseconds) => exporter.Shutdown(timeoutMilliseconds);
    }
}
