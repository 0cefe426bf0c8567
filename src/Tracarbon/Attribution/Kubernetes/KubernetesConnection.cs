using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Tracarbon.Platform.Json;

namespace Tracarbon.Attribution.Kubernetes
{
    /// <summary>
    /// The API server and the bearer token to present to it, from a kubeconfig or a pod's service account.
    /// A token in a file is read again for each request, because service account tokens are rotated.
    /// </summary>
    internal sealed class KubernetesConnection
    {
        private readonly string? _token;
        private readonly string? _tokenFile;

        private static readonly string[] UnsupportedSignIns =
            { "client-certificate-data", "client-certificate", "exec", "auth-provider" };

        private KubernetesConnection(
            Uri server, string description, string? token, string? tokenFile, byte[]? authority, bool skipTlsVerify,
            bool inCluster = false)
        {
            InCluster = inCluster;
            Server = server;
            Description = description;
            _token = token;
            _tokenFile = tokenFile;
            AuthorityPem = authority;
            SkipTlsVerify = skipTlsVerify;
        }

        /// <summary>The base URL of the API server, without a trailing slash.</summary>
        public Uri Server { get; }

        /// <summary>Where the settings came from, safe to show: no token.</summary>
        public string Description { get; }

        /// <summary>The PEM of the certificate authorities that sign the server's certificate, if given.</summary>
        public byte[]? AuthorityPem { get; }

        public bool SkipTlsVerify { get; }

        /// <summary>True for a pod's service account, whose server is the cluster's own service address.</summary>
        public bool InCluster { get; }

        /// <summary>The token to send, or null for an anonymous request.</summary>
        /// <exception cref="KubernetesException">The token file cannot be read.</exception>
        public string? Token()
        {
            if (_tokenFile == null)
            {
                return _token;
            }

            try
            {
                string token = File.ReadAllText(_tokenFile).Trim();
                return token.Length > 0
                    ? token
                    : throw new KubernetesException($"The token file '{_tokenFile}' is empty.", Server);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new KubernetesException(
                    $"The token file '{_tokenFile}' could not be read: {e.Message}", Server, null, e);
            }
        }

        /// <exception cref="KubernetesException">No usable configuration was found.</exception>
        public static KubernetesConnection Resolve(KubernetesOptions options)
        {
            Func<string, string?> env = options.Environment;
            if (!string.IsNullOrWhiteSpace(options.KubeconfigPath))
            {
                return FromKubeconfig(options.KubeconfigPath!, options.Context);
            }

            string? list = env(KubernetesOptions.KubeconfigVariable);
            foreach (string path in (list ?? string.Empty).Split(Path.PathSeparator))
            {
                // kubectl merges every file of the list; the first is where the current context usually lives.
                if (path.Trim().Length > 0 && File.Exists(path.Trim()))
                {
                    return FromKubeconfig(path.Trim(), options.Context);
                }
            }

            if (!string.IsNullOrWhiteSpace(env(KubernetesOptions.ServiceHostVariable)))
            {
                return FromServiceAccount(options);
            }

            string? home = env("HOME") ?? env("USERPROFILE");
            string fallback = Path.Combine(home ?? string.Empty, ".kube", "config");
            if (home != null && File.Exists(fallback))
            {
                return FromKubeconfig(fallback, options.Context);
            }

            throw new KubernetesException(
                "No Kubernetes configuration was found: give a kubeconfig path, set KUBECONFIG, or run in a pod "
                + "whose service account is mounted (KUBERNETES_SERVICE_HOST).");
        }

        private static KubernetesConnection FromServiceAccount(KubernetesOptions options)
        {
            string host = options.Environment(KubernetesOptions.ServiceHostVariable)!.Trim();
            string port = options.Environment(KubernetesOptions.ServicePortVariable)?.Trim() ?? "443";

            // An IPv6 service address needs brackets in a URL.
            string authority = host.IndexOf(':') >= 0 && !host.StartsWith("[", StringComparison.Ordinal)
                ? "[" + host + "]"
                : host;
            Uri server = ParseServer("https://" + authority + ":" + port, "KUBERNETES_SERVICE_HOST and _PORT");
            string tokenFile = Path.Combine(options.ServiceAccountRoot, "token");
            if (!File.Exists(tokenFile))
            {
                throw new KubernetesException(
                    $"KUBERNETES_SERVICE_HOST is set, but no service account token is mounted at '{tokenFile}'.",
                    server);
            }

            byte[]? authorityPem = ReadOptional(Path.Combine(options.ServiceAccountRoot, "ca.crt"));
            return new KubernetesConnection(
                server,
                $"the service account at '{options.ServiceAccountRoot}'",
                null,
                tokenFile,
                authorityPem,
                skipTlsVerify: false,
                inCluster: true);
        }

        private static KubernetesConnection FromKubeconfig(string path, string? contextName)
        {
            JsonValue root;
            try
            {
                root = KubeconfigYaml.Parse(File.ReadAllText(path));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException)
            {
                throw new KubernetesException(
                    $"The kubeconfig '{path}' could not be read: {e.Message}", null, null, e);
            }

            string? wanted = contextName;
            if (wanted == null)
            {
                root.TryGetString("current-context", out wanted);
            }

            JsonValue context = Named(root, "contexts", "context", wanted, path);
            context.TryGetString("cluster", out string? clusterName);
            context.TryGetString("user", out string? userName);
            JsonValue cluster = Named(root, "clusters", "cluster", clusterName, path);
            JsonValue user = userName == null ? JsonValue.FromMembers(new Dictionary<string, JsonValue>())
                : Named(root, "users", "user", userName, path);

            string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? string.Empty;
            if (!cluster.TryGetString("server", out string? serverText))
            {
                throw new KubernetesException($"The cluster '{clusterName}' in '{path}' names no server.");
            }

            Uri server = ParseServer(serverText, $"the cluster '{clusterName}' in '{path}'");
            byte[]? authorityPem = cluster.TryGetString("certificate-authority-data", out string? data)
                ? Base64(data, "certificate-authority-data", path, server)
                : cluster.TryGetString("certificate-authority", out string? caFile)
                    ? ReadOptional(Path.Combine(directory, caFile)) ?? throw new KubernetesException(
                        $"The certificate authority file '{caFile}' named in '{path}' could not be read.", server)
                    : null;
            bool skip = cluster.TryGetBoolean("insecure-skip-tls-verify", out bool flag) ? flag
                : cluster.TryGetString("insecure-skip-tls-verify", out string? flagText) && flagText == "true";

            string description = $"the kubeconfig '{path}', context '{wanted}'";
            if (user.TryGetString("token", out string? token) && token.Length > 0)
            {
                return new KubernetesConnection(server, description, token, null, authorityPem, skip);
            }

            if (user.TryGetString("tokenFile", out string? tokenFile) && tokenFile.Length > 0)
            {
                return new KubernetesConnection(
                    server, description, null, Path.Combine(directory, tokenFile), authorityPem, skip);
            }

            foreach (string unsupported in UnsupportedSignIns)
            {
                if (user.TryGetProperty(unsupported, out _))
                {
                    throw new KubernetesException(
                        $"The user '{userName}' in '{path}' signs in with '{unsupported}', which is not "
                        + "supported here: give it a bearer token (token or tokenFile), such as a service account's.",
                        server);
                }
            }

            return new KubernetesConnection(server, description + " (anonymous)", null, null, authorityPem, skip);
        }

        /// <summary>The entry of a kubeconfig list (contexts, clusters, users) with that name, unwrapped.</summary>
        private static JsonValue Named(JsonValue root, string list, string member, string? name, string path)
        {
            if (name != null && root.TryGetProperty(list, out JsonValue? entries) && entries.Kind == JsonKind.Array)
            {
                foreach (JsonValue entry in entries.Items)
                {
                    if (entry.TryGetString("name", out string? entryName) && entryName == name
                        && entry.TryGetProperty(member, out JsonValue? value) && value.Kind == JsonKind.Object)
                    {
                        return value;
                    }
                }
            }

            throw new KubernetesException(name == null
                ? $"The kubeconfig '{path}' has no current-context; name a context."
                : $"The kubeconfig '{path}' has no {member} named '{name}' in its {list}.");
        }

        private static Uri ParseServer(string text, string where)
        {
            if (!Uri.TryCreate(text.Trim().TrimEnd('/'), UriKind.Absolute, out Uri? server)
                || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
            {
                throw new KubernetesException($"The server '{text}' of {where} is not an http or https URL.");
            }

            return server;
        }

        private static byte[] Base64(string text, string name, string path, Uri server)
        {
            try
            {
                return Convert.FromBase64String(text.Trim());
            }
            catch (FormatException e)
            {
                throw new KubernetesException($"The {name} in '{path}' is not base64.", server, null, e);
            }
        }

        private static byte[]? ReadOptional(string path)
        {
            try
            {
                return File.Exists(path) ? Encoding.ASCII.GetBytes(File.ReadAllText(path)) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        public override string ToString() => Server.GetLeftPart(UriPartial.Authority) + " (" + Description + ")";
    }
}
