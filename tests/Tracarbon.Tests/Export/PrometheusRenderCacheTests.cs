using System;
using System.Linq;
using System.Text;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Export
{
    /// <summary>The rendering of /metrics that scrapes share until the next sample.</summary>
    public sealed class PrometheusRenderCacheTests
    {
        private const string Energy = "tracarbon_energy_joules_total";
        private const string SelfCpu = "tracarbon_self_cpu_seconds_total";

        private static Sample HostSample(double joules) =>
            ExportTestSupport.Sample(1, null, (Component.Host, joules, joules, "rapl", "Rapl"));

        [Fact]
        public void ScrapesBetweenTwoSamplesShareOneRenderingAndASampleEndsIt()
        {
            int reads = 0;
            var metrics = new PrometheusMetrics(
                ExportTestSupport.Context(selfCpu: () => ++reads), renderMaxAge: TimeSpan.FromHours(1));
            metrics.Update(HostSample(12.5));

            byte[] first = metrics.Exposition();
            byte[] second = metrics.Exposition();
            metrics.Update(HostSample(7));
            byte[] third = metrics.Exposition();

            Assert.Same(first, second);
            Exposition before = Exposition.Parse(Encoding.UTF8.GetString(second));
            Exposition after = Exposition.Parse(Encoding.UTF8.GetString(third));
            Assert.Equal(1, before.Named(SelfCpu).Single().Value);
            Assert.Equal(12.5, before.One(Energy, "host").Value);
            Assert.Equal(2, after.Named(SelfCpu).Single().Value);
            Assert.Equal(19.5, after.One(Energy, "host").Value);
            Assert.Equal(2, reads);
        }

        [Fact]
        public void WithNoRenderAgeEveryScrapeRendersAndReadsTheCpuTimeAnew()
        {
            int reads = 0;
            var metrics = new PrometheusMetrics(
                ExportTestSupport.Context(selfCpu: () => ++reads), renderMaxAge: TimeSpan.Zero);
            metrics.Update(HostSample(12.5));

            string first = Encoding.UTF8.GetString(metrics.Exposition());
            string second = Encoding.UTF8.GetString(metrics.Exposition());

            Assert.Equal(1, Exposition.Parse(first).Named(SelfCpu).Single().Value);
            Assert.Equal(2, Exposition.Parse(second).Named(SelfCpu).Single().Value);
            Assert.Equal(first.Replace("} 1\n", "} 2\n"), second);
        }

        [Fact]
        public void TheKeptRenderingIsTheSameUtf8AsTheText()
        {
            var metrics = new PrometheusMetrics(ExportTestSupport.Context(selfCpu: () => 0.5));
            const string source = "caf\u00e9 \u26a1 \U0001F50C";
            metrics.Update(ExportTestSupport.Sample(1, null, (Component.Cpu, 3, 3, source, "x")));

            byte[] kept = metrics.Exposition();

            Assert.Equal(Encoding.UTF8.GetBytes(metrics.Render()), kept);
            Assert.Contains(source, Encoding.UTF8.GetString(kept));
        }
    }
}
