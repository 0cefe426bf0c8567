using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Export
{
    /// <summary>DogStatsD datagrams caught by a UDP listener on 127.0.0.1 standing in for the agent.</summary>
    public sealed class DatadogExporterTests : IDisposable
    {
        private readonly UdpClient _agent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        public DatadogExporterTests()
        {
            _agent.Client.ReceiveTimeout = 5000;
        }

        private int AgentPort => ((IPEndPoint)_agent.Client.LocalEndPoint!).Port;

        public void Dispose() => _agent.Dispose();

        private List<string> Receive(int count)
        {
            var datagrams = new List<string>();
            var from = new IPEndPoint(IPAddress.Any, 0);
            for (int i = 0; i < count; i++)
            {
                datagrams.Add(Encoding.UTF8.GetString(_agent.Receive(ref from)));
            }

            return datagrams;
        }

        [Fact]
        public void ATickIsOneDatagramOfGaugesWithTracarbonsNamesAndTags()
        {
            var clock = new ManualClock();
            var probe = new ScriptedProbe(
                (dt, r) =>
                {
                    r.SetPower(Component.Cpu, 7.5, "RAPL, package|0 #1");
                    r.SetPower(Component.Memory, 0.0, "memory");
                },
                Component.Cpu,
                Component.Memory);
            var options = Sessions.Options(clock, 1, probe);
            options.Platform = "Linux";
            options.Intensity = new FixedIntensityProvider(new IntensityValue(100, "FR", "table"));
            var exporter = new DatadogExporter("127.0.0.1", AgentPort);
            options.Exporters.Add(exporter);
            using var session = new TrackingSession(options);

            session.Start(background: false);
            session.RunUntil(1);
            string datagram = Receive(1).Single();

            // 7.5 J at 100 g/kWh = 7.5 / 3.6e6 * 100 g; memory's measured 0 is sent; there is no GPU line.
            const string Grams = "0.00020833333333333335";
            Assert.Equal(7.5 / 3.6e6 * 100, double.Parse(Grams, System.Globalization.CultureInfo.InvariantCulture));
            const string Tags = "|g|#platform:linux,location:fr,source:";
            Assert.Equal(
                "tracarbon.energy_consumption_host:7.5" + Tags + "sum of cpu + memory,units:watts\n" +
                "tracarbon.carbon_emission_host:" + Grams + Tags + "sum of cpu + memory,units:co2g\n" +
                "tracarbon.energy_consumption_cpu:7.5" + Tags + "rapl_ package_0 _1,units:watts\n" +
                "tracarbon.carbon_emission_cpu:" + Grams + Tags + "rapl_ package_0 _1,units:co2g\n" +
                "tracarbon.energy_consumption_memory:0" + Tags + "memory,units:watts\n" +
                "tracarbon.carbon_emission_memory:0" + Tags + "memory,units:co2g",
                datagram);
            Assert.Equal(1, exporter.DatagramsSent);
        }

        [Fact]
        public void ATickTooBigForOneDatagramIsSplitBetweenLinesNeverInsideOne()
        {
            using var exporter = new DatadogExporter("127.0.0.1", AgentPort);
            exporter.Open(ExportTestSupport.Context());
            string longSource = new string('s', 300);
            Sample sample = ExportTestSupport.Sample(
                1,
                null,
                (Component.Host, 40, 40, longSource + "h", null),
                (Component.Cpu, 20, 20, longSource + "c", null),
                (Component.Memory, 5, 5, longSource + "m", null),
                (Component.Gpu, 15, 15, longSource + "g", null));

            exporter.Export(sample);
            int sent = (int)exporter.DatagramsSent;
            List<string> datagrams = Receive(sent);

            Assert.True(sent > 1, "eight lines of about 260 bytes need more than one datagram");
            Assert.All(datagrams, d => Assert.True(Encoding.UTF8.GetByteCount(d) <= DatadogExporter.MaxDatagramBytes));
            string[] lines = datagrams.SelectMany(d => d.Split('\n')).ToArray();
            Assert.Equal(8, lines.Length);
            const string Line = @"^tracarbon\.\w+:[0-9.E-]+\|g\|#platform:linux,location:xx,source:s";
            Assert.All(lines, l => Assert.Matches(Line, l));

            // Tags are cut at 200 characters, so the component letter after 300 s's is gone.
            Assert.All(lines, l => Assert.Contains("source:" + new string('s', 200) + ",units:", l));
        }

        [Theory]
        [InlineData("0")]
        [InlineData("65536")]
        [InlineData("8125x")]
        [InlineData("-1")]
        public void ABadDogStatsDPortIsAClearError(string port)
        {
            var ex = Assert.Throws<InvalidSettingException>(
                () => DatadogExporter.FromEnvironment(n => n == "DD_DOGSTATSD_PORT" ? port : null));

            Assert.Equal("DD_DOGSTATSD_PORT", ex.Setting);
            Assert.Equal(port, ex.Value);
            Assert.Contains("DD_DOGSTATSD_PORT", ex.Message);
            Assert.Contains("65535", ex.Message);
        }

        [Fact]
        public void TheEnvironmentNamesTheAgentOrTheDefaultsApply()
        {
            DatadogExporter defaults = DatadogExporter.FromEnvironment(_ => null);
            DatadogExporter set = DatadogExporter.FromEnvironment(
                n => n == "DD_AGENT_HOST" ? "datadog-agent.monitoring" : n == "DD_DOGSTATSD_PORT" ? " 18125 " : null);

            Assert.Equal(("127.0.0.1", 8125), (defaults.Host, defaults.Port));
            Assert.Equal(("datadog-agent.monitoring", 18125), (set.Host, set.Port));
            var ex = Assert.Throws<InvalidSettingException>(
                () => DatadogExporter.FromEnvironment(n => n == "DD_AGENT_HOST" ? "two words" : null));
            Assert.Equal("DD_AGENT_HOST", ex.Setting);
        }

        [Fact]
        public void TagValuesLoseOnlyTheCharactersDogStatsDSplitsOn()
        {
            Assert.Equal("a_b_c_d_e_f:g/h.i-j", DatadogExporter.TagValue("A|b,c#d\ne\rF:g/h.i-J"));
        }
    }
}
