using System;
using System.Collections.Generic;
using System.IO;
using Tracarbon.Attribution.Kubernetes;
using Tracarbon.Platform.Json;
using Xunit;

namespace Tracarbon.Tests.Attribution
{
    public sealed class KubernetesSetupTests
    {
        [Theory]
        [InlineData("825800n", 825800 / 1e9)]
        [InlineData("46472Ki", 46472 * 1024.0)]
        [InlineData("98828244Ki", 101200121856.0)]
        [InlineData("64Mi", 67108864.0)]
        [InlineData("1.5Gi", 1610612736.0)]
        [InlineData("2Ti", 2199023255552.0)]
        [InlineData("1Pi", 1125899906842624.0)]
        [InlineData("1Ei", 1152921504606846976.0)]
        [InlineData("250m", 0.25)]
        [InlineData("1500u", 0.0015)]
        [InlineData("2", 2.0)]
        [InlineData("0", 0.0)]
        [InlineData("0.5", 0.5)]
        [InlineData("+3", 3.0)]
        [InlineData("1k", 1000.0)]
        [InlineData("129M", 129e6)]
        [InlineData("2G", 2e9)]
        [InlineData("3T", 3e12)]
        [InlineData("1P", 1e15)]
        [InlineData("1E", 1e18)]
        [InlineData("1e3", 1000.0)]
        [InlineData("12E-1", 1.2)]
        [InlineData("123456789012345678901", 123456789012345678901.0)]
        public void ParsesQuantitiesExactly(string text, double expected)
        {
            Assert.True(KubernetesQuantity.TryParse(text, out double value));
            Assert.Equal(expected, value);
            Assert.Equal(expected, KubernetesQuantity.Parse(text));
        }

        [Fact]
        public void TheExactCaseGivesTheStatedShares()
        {
            double cpu = KubernetesQuantity.Parse("825800n") / 2;
            double memory = KubernetesQuantity.Parse("46472Ki") / 101200121856;

            Assert.Equal(0.0004129, cpu, 15);
            Assert.Equal(825800 / 1e9 / 2, cpu);
            Assert.Equal(0.00047023, memory, 8);
            Assert.Equal(46472 * 1024.0 / 101200121856, memory);
        }

        [Theory]
        [InlineData("")]
        [InlineData("Ki")]
        [InlineData("12Kb")]
        [InlineData("1.2.3")]
        [InlineData("12 m")]
        [InlineData("١٢")]
        [InlineData("5x")]
        [InlineData("1e")]
        public void RefusesWhatIsNoQuantity(string text)
        {
            Assert.False(KubernetesQuantity.TryParse(text, out _));
            Assert.Throws<FormatException>(() => KubernetesQuantity.Parse(text));
        }

        [Fact]
        public void ReadsTheYamlKubectlWrites()
        {
            JsonValue config = KubeconfigYaml.Parse(KubernetesFixtures.Kubeconfig("http://127.0.0.1:1", "t0k"));

            Assert.Equal("test", config["current-context"].GetString());
            Assert.Empty(config["preferences"].Properties);
            Assert.Equal(2, config["clusters"].Items.Count);
            Assert.Equal("http://127.0.0.1:1", config["clusters"][0]["cluster"]["server"].GetString());
            Assert.True(config["clusters"][0]["cluster"]["insecure-skip-tls-verify"].GetBoolean());
            Assert.Equal("loopback", config["clusters"][0]["name"].GetString());
            Assert.Equal("https://192.0.2.1:6443", config["clusters"][1]["cluster"]["server"].GetString());
            Assert.Equal("agent", config["contexts"][0]["context"]["user"].GetString());
            Assert.Equal("t0k", config["users"][0]["user"]["token"].GetString());
        }

        [Fact]
        public void ReadsQuotesBlockScalarsAndJsonAndNamesTheLineOfAFault()
        {
            JsonValue yaml = KubeconfigYaml.Parse(
                "a: \"x\\ty # not a comment\"\nb: 'it''s'\nc: |\n  one\n  two\nd:\n  - 1\n  -\n    e: f\ng: ~\n");
            Assert.Equal("x\ty # not a comment", yaml["a"].GetString());
            Assert.Equal("it's", yaml["b"].GetString());
            Assert.Equal("one\ntwo", yaml["c"].GetString());
            Assert.Equal("1", yaml["d"][0].GetString());
            Assert.Equal("f", yaml["d"][1]["e"].GetString());
            Assert.True(yaml["g"].IsNull);

            Assert.Equal("s", KubeconfigYaml.Parse("{\"clusters\": [], \"k\": \"s\"}")["k"].GetString());
            Assert.Contains("line 2", Fault("a: 1\n\tb: 2\n"));
            Assert.Contains("line 3", Fault("a:\n  b: 1\n c: 2\n"));
        }

        [Fact]
        public void ResolvesTheServiceAccountOfAPodAndRereadsItsRotatedToken()
        {
            using var tree = new KernelTree();
            string account = Path.Combine(tree.Root, "serviceaccount");
            Directory.CreateDirectory(account);
            File.WriteAllText(Path.Combine(account, "token"), KubernetesFixtures.Token + "\n");
            var options = new KubernetesOptions
            {
                ServiceAccountRoot = account,
                Environment = Variables(("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("KUBERNETES_SERVICE_PORT", "443")),
            };

            KubernetesConnection connection = KubernetesConnection.Resolve(options);

            Assert.Equal(new Uri("https://10.96.0.1:443"), connection.Server);
            Assert.True(connection.InCluster);
            Assert.Equal(KubernetesFixtures.Token, connection.Token());
            Assert.DoesNotContain(KubernetesFixtures.Token, connection.ToString());
            File.WriteAllText(Path.Combine(account, "token"), "rotated");
            Assert.Equal("rotated", connection.Token());

            options.Environment = Variables(("KUBERNETES_SERVICE_HOST", "fd00::1"));
            Assert.Equal("https://[fd00::1]/", KubernetesConnection.Resolve(options).Server.AbsoluteUri);
        }

        [Fact]
        public void ExplainsWhatIsMissingOrUnsupported()
        {
            using var tree = new KernelTree();
            var none = new KubernetesOptions { Environment = Variables(("HOME", tree.Root)) };
            Assert.Contains("KUBECONFIG", Refusal(none));

            var noToken = new KubernetesOptions
            {
                ServiceAccountRoot = Path.Combine(tree.Root, "absent"),
                Environment = Variables(("KUBERNETES_SERVICE_HOST", "10.96.0.1")),
            };
            Assert.Contains("token", Refusal(noToken));

            string path = KubernetesFixtures.WriteKubeconfig(tree, "http://127.0.0.1:1");
            var certificate = new KubernetesOptions { KubeconfigPath = path, Context = "certificate" };
            Assert.Contains("no context named 'certificate'", Refusal(certificate));

            string withCertificateContext = "  name: flow-style\n- name: cert\n  context:\n"
                + "    cluster: loopback\n    user: certificate-user\n";
            File.WriteAllText(path, File.ReadAllText(path).Replace("  name: flow-style\n", withCertificateContext));
            var cert = new KubernetesOptions { KubeconfigPath = path, Context = "cert" };
            string message = Refusal(cert);
            Assert.Contains("client-certificate", message);
            Assert.Contains("bearer token", message);
        }

        [Fact]
        public void TakesTheKubeconfigFromTheEnvironmentWithARelativeTokenFile()
        {
            using var tree = new KernelTree();
            string path = KubernetesFixtures.WriteKubeconfig(tree, "http://127.0.0.1:1");
            string tokenLine = "token: '" + KubernetesFixtures.Token + "'";
            File.WriteAllText(path, File.ReadAllText(path).Replace(tokenLine, "tokenFile: token.txt"));
            File.WriteAllText(Path.Combine(tree.Root, "token.txt"), "from-file\n");
            var options = new KubernetesOptions
            {
                Environment = Variables(("KUBECONFIG", Path.Combine(tree.Root, "absent") + Path.PathSeparator + path)),
            };

            KubernetesConnection connection = KubernetesConnection.Resolve(options);

            Assert.Equal("from-file", connection.Token());
            Assert.Contains("context 'test'", connection.Description);
            Assert.False(connection.InCluster);
        }

        private static string Fault(string yaml) =>
            Assert.Throws<FormatException>(() => KubeconfigYaml.Parse(yaml)).Message;

        private static string Refusal(KubernetesOptions options) =>
            Assert.Throws<KubernetesException>(() => KubernetesConnection.Resolve(options)).Message;

        private static Func<string, string?> Variables(params (string Name, string Value)[] variables)
        {
            var map = new Dictionary<string, string>();
            foreach ((string name, string value) in variables)
            {
                map[name] = value;
            }

            return name => map.TryGetValue(name, out string? value) ? value : null;
        }
    }
}
