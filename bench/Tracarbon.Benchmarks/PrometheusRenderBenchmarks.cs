using System.Text;
using BenchmarkDotNet.Attributes;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.Benchmarks
{
    /// <summary>
    /// Issue item 4: what one scrape of /metrics costs the exporter, for a session with all 4 components
    /// (host, cpu, memory, gpu) read. The exporter keeps one series per component, not per GPU: 8 GPUs
    /// are one "gpu" component whose energy is their sum, so there is no per-GPU figure to render.
    /// The baseline hands out the same bytes already rendered: the floor for any scrape.
    /// </summary>
    [Config(typeof(ShortConfig))]
    public class PrometheusRenderBenchmarks
    {
        private PrometheusMetrics _metrics = null!;
        private string _rendered = null!;

        [GlobalSetup]
        public void Setup()
        {
            var context = new ExportContext("bench", "Linux", new MetricNames(), () => 12.345);
            _metrics = new PrometheusMetrics(context);
            Sample sample = SampleOf4Components();
            for (int i = 0; i < 10; i++)
            {
                _metrics.Update(sample);
            }

            _rendered = _metrics.Render();
            System.Console.WriteLine($"// /metrics body: {Encoding.UTF8.GetByteCount(_rendered)} bytes, " +
                $"{_rendered.Split('\n').Length - 1} lines");
        }

        [Benchmark(Baseline = true, Description = "/metrics body already rendered: UTF-8 bytes of a cached string")]
        public byte[] CachedBody() => Encoding.UTF8.GetBytes(_rendered);

        /// <summary>What a scrape costs when a sample came in since the last: a new rendering, in UTF-8.</summary>
        [Benchmark(Description = "render /metrics, 4 components")]
        public byte[] Render() => _metrics.RenderUtf8();

        /// <summary>What every other scrape costs: the rendering kept since the last sample.</summary>
        [Benchmark(Description = "scrape /metrics between samples (kept rendering)")]
        public byte[] Kept() => _metrics.Exposition();

        internal static Sample SampleOf4Components()
        {
            var sample = new Sample
            {
                SessionName = "bench",
                Timestamp = new System.DateTimeOffset(2026, 1, 1, 0, 0, 1, System.TimeSpan.Zero),
                IntervalSeconds = 1,
                Intensity = BenchSessions.France,
            };
            Fill(sample, Component.Host, 180.5, "sum of Cpu + Memory + Gpu");
            Fill(sample, Component.Cpu, 95.25, "RAPL: package-0 (intel-rapl:0) + package-1 (intel-rapl:1)");
            Fill(sample, Component.Memory, 12.75, "RAPL: dram (intel-rapl:0:1) + dram (intel-rapl:1:1)");
            Fill(sample, Component.Gpu, 72.5, "nvidia-smi: 8 GPUs (power.draw)");
            return sample;
        }

        private static void Fill(Sample sample, Component component, double joules, string source)
        {
            ref ComponentSample slot = ref sample.Slot(component);
            slot.Present = true;
            slot.EnergyJoules = joules;
            slot.PowerWatts = joules;
            slot.EmissionsGrams = joules / 3.6e6 * 56.0;
            slot.Source = source;
            slot.Probe = "bench";
        }
    }
}
