using BenchmarkDotNet.Attributes;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.Benchmarks
{
    /// <summary>
    /// Issue item 5: adding one sample of 4 components to the report's running totals, as a tick does,
    /// against the least any total can do: add energy and emissions into two plain doubles each.
    /// </summary>
    [Config(typeof(ShortConfig))]
    public class AggregationBenchmarks
    {
        private readonly ComponentAggregate[] _aggregates = new ComponentAggregate[4];
        private readonly double[] _energy = new double[4];
        private readonly double[] _emissions = new double[4];
        private readonly SampleHistory _history = new SampleHistory(3600);
        private Sample _sample = null!;

        [GlobalSetup]
        public void Setup()
        {
            _sample = PrometheusRenderBenchmarks.SampleOf4Components();
            for (int i = 0; i < _aggregates.Length; i++)
            {
                _aggregates[i] = new ComponentAggregate();
            }

            // A full ring, as in a session past its first hour: adding reuses a slot.
            for (int i = 0; i < 3700; i++)
            {
                _history.Add(_sample);
            }
        }

        [Benchmark(Baseline = true, Description = "plain sums: energy and emissions, 4 components")]
        public void PlainSums()
        {
            for (int i = 0; i < 4; i++)
            {
                ComponentSample c = _sample[(Component)i];
                _energy[i] += c.EnergyJoules;
                _emissions[i] += c.EmissionsGrams;
            }
        }

        /// <summary>Compensated sums of energy, emissions and time, min/max power and intensity, sources.</summary>
        [Benchmark(Description = "aggregate one sample into the report, 4 components")]
        public void Aggregate()
        {
            for (int i = 0; i < 4; i++)
            {
                _aggregates[i].Add(_sample[(Component)i], 1.0, 56.0);
            }
        }

        [Benchmark(Description = "copy one sample into the full history ring")]
        public void History() => _history.Add(_sample);
    }
}
