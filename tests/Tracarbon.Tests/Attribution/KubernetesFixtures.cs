using System;
using System.IO;
using Tracarbon.Tests.Carbon;

namespace Tracarbon.Tests.Attribution
{
    /// <summary>Recorded API server answers for a node 'node-1', and a kubeconfig for a loopback server.</summary>
    internal static class KubernetesFixtures
    {
        public const string Token = "CANARY-k8s-token-7f3a9c-never-print-me";
        public const string Node = "node-1";

        public static readonly string PodList = @"{
  ""kind"": ""PodList"", ""apiVersion"": ""v1"", ""metadata"": {""resourceVersion"": ""4711""},
  ""items"": [
    {
      ""metadata"": {""name"": ""web-7d4b9c"", ""namespace"": ""shop"", ""uid"": """ + KernelTree.PodUid + @"""},
      ""spec"": {""nodeName"": ""node-1""},
      ""status"": {
        ""phase"": ""Running"",
        ""initContainerStatuses"": [
          {""name"": ""migrate"", ""containerID"": ""containerd://" + KernelTree.IdC + @"""}
        ],
        ""containerStatuses"": [
          {""name"": ""nginx"", ""containerID"": ""containerd://" + KernelTree.IdB + @""", ""ready"": true},
          {""name"": ""starting"", ""ready"": false}
        ]
      }
    },
    {
      ""metadata"": {
        ""name"": ""coredns-5d78c"", ""namespace"": ""kube-system"", ""uid"": ""9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0""
      },
      ""status"": {
        ""containerStatuses"": [{""name"": ""coredns"", ""containerID"": ""cri-o://" + KernelTree.IdA + @"""}]
      }
    }
  ]
}";

        /// <summary>Two of this node's containers and one pod of another node, which must be left out.</summary>
        public const string PodMetrics = @"{
  ""kind"": ""PodMetricsList"", ""apiVersion"": ""metrics.k8s.io/v1beta1"", ""metadata"": {},
  ""items"": [
    {
      ""metadata"": {""name"": ""web-7d4b9c"", ""namespace"": ""shop""},
      ""timestamp"": ""2026-01-01T10:00:00Z"", ""window"": ""15s"",
      ""containers"": [{""name"": ""nginx"", ""usage"": {""cpu"": ""825800n"", ""memory"": ""46472Ki""}}]
    },
    {
      ""metadata"": {""name"": ""coredns-5d78c"", ""namespace"": ""kube-system""},
      ""timestamp"": ""2026-01-01T10:00:00Z"", ""window"": ""15s"",
      ""containers"": [{""name"": ""coredns"", ""usage"": {""cpu"": ""250m"", ""memory"": ""64Mi""}}]
    },
    {
      ""metadata"": {""name"": ""elsewhere"", ""namespace"": ""shop""},
      ""timestamp"": ""2026-01-01T10:00:00Z"", ""window"": ""15s"",
      ""containers"": [{""name"": ""app"", ""usage"": {""cpu"": ""1"", ""memory"": ""1Gi""}}]
    }
  ]
}";

        /// <summary>A 2-core node with 98828244Ki = 101 200 121 856 bytes.</summary>
        public const string NodeObject = @"{
  ""kind"": ""Node"", ""metadata"": {""name"": ""node-1""},
  ""status"": {
    ""capacity"": {""cpu"": ""2"", ""memory"": ""98828244Ki"", ""pods"": ""110""},
    ""allocatable"": {""cpu"": ""1900m"", ""memory"": ""97000000Ki""}
  }
}";

        /// <summary>Both cores busy, so a share of busy cores equals a share of the node's CPU.</summary>
        public const string NodeMetrics = @"{
  ""kind"": ""NodeMetrics"", ""metadata"": {""name"": ""node-1""},
  ""timestamp"": ""2026-01-01T10:00:00Z"", ""window"": ""20s"",
  ""usage"": {""cpu"": ""2000000000n"", ""memory"": ""3Gi""}
}";

        /// <summary>The kind of kubeconfig kubectl writes: sequences at the key's column, comments, quotes.</summary>
        public static string Kubeconfig(string server, string token = Token) => $@"# written by the test
apiVersion: v1
kind: Config
preferences: {{}}
current-context: test   # the one used
clusters:
- cluster:
    server: {server}
    insecure-skip-tls-verify: true
  name: loopback
- name: other
  cluster:
    server: https://192.0.2.1:6443
contexts:
- context:
    cluster: loopback
    user: ""agent""
    namespace: default
  name: test
- context: {{cluster: other, user: nobody}}
  name: flow-style
users:
- name: agent
  user:
    token: '{token}'
- name: certificate-user
  user:
    client-certificate-data: LS0tLS1CRUdJTg==
    client-key-data: LS0tLS1CRUdJTg==
";

        public static Reply Answer(RecordedRequest request)
        {
            string target = request.Target;
            if (target.StartsWith("/api/v1/pods?", StringComparison.Ordinal))
            {
                return new Reply(200, PodList);
            }

            return target switch
            {
                "/api/v1/nodes/node-1" => new Reply(200, NodeObject),
                "/apis/metrics.k8s.io/v1beta1/nodes/node-1" => new Reply(200, NodeMetrics),
                "/apis/metrics.k8s.io/v1beta1/pods" => new Reply(200, PodMetrics),
                "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods" => new Reply(200, PodMetrics),
                _ => new Reply(404, "{\"kind\":\"Status\",\"message\":\"the server could not find it\"}"),
            };
        }

        public static string WriteKubeconfig(KernelTree tree, string server, string token = Token)
        {
            string path = Path.Combine(tree.Root, "kubeconfig");
            File.WriteAllText(path, Kubeconfig(server, token));
            return path;
        }
    }
}
