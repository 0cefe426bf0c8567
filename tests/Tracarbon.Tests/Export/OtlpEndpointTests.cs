using System;
using System.Collections.Generic;
using Tracarbon.Export;
using Xunit;

namespace Tracarbon.Tests.Export
{
    /// <summary>
    /// The endpoint rules of the OpenTelemetry exporter specification. The URLs here are only parsed,
    /// never connected to.
    /// </summary>
    public sealed class OtlpEndpointTests
    {
        private const string Base = "OTEL_EXPORTER_OTLP_ENDPOINT";
        private const string Metrics = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";

        private static Func<string, string?> Variables(params (string Name, string Value)[] set)
        {
            var values = new Dictionary<string, string>();
            foreach (var (name, value) in set)
            {
                values[name] = value;
            }

            return name => values.TryGetValue(name, out string? v) ? v : null;
        }

        [Fact]
        public void WithoutVariablesTheCollectorIsOnThisMachine()
        {
            Assert.Equal("http://127.0.0.1:4318/v1/metrics", OtlpEndpoint.FromEnvironment(Variables()).ToString());
            Assert.Equal("http://127.0.0.1:4318/v1/metrics", new OtlpExporter().Endpoint.ToString());
            Assert.Equal("OTLP (http://127.0.0.1:4318/v1/metrics)", new OtlpExporter().Description);
        }

        [Theory]
        [InlineData("http://collector:4318", "http://collector:4318/v1/metrics")]
        [InlineData("http://collector:4318/", "http://collector:4318/v1/metrics")]
        [InlineData("https://collector.example/otlp", "https://collector.example/otlp/v1/metrics")]
        [InlineData("https://collector.example/otlp/", "https://collector.example/otlp/v1/metrics")]
        [InlineData(" http://10.0.0.5:4318 ", "http://10.0.0.5:4318/v1/metrics")]
        public void TheBaseVariableGetsTheMetricsPathAppended(string value, string expected)
        {
            Uri endpoint = OtlpEndpoint.FromEnvironment(Variables((Base, value)));

            Assert.Equal(expected, endpoint.ToString());
        }

        [Theory]
        [InlineData("http://collector:4318/custom/path", "http://collector:4318/custom/path")]
        [InlineData("https://collector.example/", "https://collector.example/")]
        public void TheMetricsVariableIsUsedAsGivenAndWinsOverTheBase(string value, string expected)
        {
            Uri alone = OtlpEndpoint.FromEnvironment(Variables((Metrics, value)));
            Uri both = OtlpEndpoint.FromEnvironment(Variables((Metrics, value), (Base, "http://other:4318")));

            Assert.Equal(expected, alone.ToString());
            Assert.Equal(expected, both.ToString());
        }

        [Fact]
        public void ABlankVariableCountsAsUnset()
        {
            Uri endpoint = OtlpEndpoint.FromEnvironment(Variables((Metrics, "  "), (Base, "http://collector:4318")));

            Assert.Equal("http://collector:4318/v1/metrics", endpoint.ToString());
            Assert.Equal(
                "http://127.0.0.1:4318/v1/metrics", OtlpEndpoint.FromEnvironment(Variables((Base, ""))).ToString());
        }

        [Theory]
        [InlineData(Metrics, "ftp://collector/v1/metrics", "scheme 'ftp'")]
        [InlineData(Metrics, "grpc://collector:4317", "scheme 'grpc'")]
        [InlineData(Base, "collector:4318", "scheme 'collector'")]
        [InlineData(Base, "/v1/metrics", "not an absolute URL")]
        [InlineData(Base, "not a url", "not an absolute URL")]
        public void ABadVariableIsAClearError(string variable, string value, string says)
        {
            var ex = Assert.Throws<InvalidSettingException>(
                () => OtlpEndpoint.FromEnvironment(Variables((variable, value))));

            Assert.Equal(variable, ex.Setting);
            Assert.Equal(value, ex.Value);
            Assert.Contains(says, ex.Message);
            Assert.StartsWith(variable + ":", ex.Message);
        }

        [Theory]
        [InlineData("ftp://127.0.0.1/v1/metrics")]
        [InlineData("file:///tmp/metrics")]
        [InlineData("ws://127.0.0.1:4318/v1/metrics")]
        public void TheExporterRefusesASchemeOtherThanHttpOrHttps(string url)
        {
            var ex = Assert.Throws<ArgumentException>(() => new OtlpExporter(new Uri(url)));

            Assert.Contains("http or https", ex.Message);
            Assert.False(OtlpEndpoint.TryParse(url, out _, out string? problem));
            Assert.Contains("http or https", problem);
        }

        [Theory]
        [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")]
        [InlineData("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/json")]
        public void AProtocolOtherThanHttpProtobufIsRefused(string variable, string value)
        {
            var ex = Assert.Throws<InvalidSettingException>(
                () => OtlpEndpoint.FromEnvironment(Variables((variable, value))));

            Assert.Equal(variable, ex.Setting);
            Assert.Contains("http/protobuf", ex.Message);
        }

        [Fact]
        public void TheMetricsProtocolWinsOverTheGeneralOne()
        {
            Func<string, string?> variables = Variables(
                ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), ("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "HTTP/protobuf"));

            Assert.Equal(OtlpEndpoint.Default, OtlpEndpoint.FromEnvironment(variables).ToString());
        }

        [Fact]
        public void ThePushIntervalIsAtLeastASecondAndTheTimeoutPositive()
        {
            TimeSpan half = TimeSpan.FromSeconds(0.5);
            TimeSpan minute = TimeSpan.FromMinutes(1);

            Assert.Throws<ArgumentOutOfRangeException>(() => new OtlpExporter(pushInterval: half));
            Assert.Throws<ArgumentOutOfRangeException>(() => new OtlpExporter(timeout: TimeSpan.Zero));
            Assert.Equal(TimeSpan.FromSeconds(1), new OtlpExporter().PushInterval);
            Assert.Equal(minute, new OtlpExporter(pushInterval: minute).PushInterval);
        }
    }
}
