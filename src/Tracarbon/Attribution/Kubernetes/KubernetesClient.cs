using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Tracarbon.Platform.Json;

namespace Tracarbon.Attribution.Kubernetes
{
    /// <summary>
    /// GETs JSON from the API server with the connection's bearer token. Every failure is a
    /// <see cref="KubernetesException"/> whose message names the server and path and never the token.
    /// </summary>
    internal sealed class KubernetesClient : IDisposable
    {
        // A node's pod list is a few megabytes at most; the Metrics API's cluster-wide list can be larger.
        private const int MaxBodyBytes = 64 * 1024 * 1024;

        private readonly KubernetesConnection _connection;
        private readonly TimeSpan _timeout;
        private readonly HttpClient _client;
        private readonly List<X509Certificate2> _authorities;

        public KubernetesClient(KubernetesConnection connection, TimeSpan timeout)
        {
            _connection = connection;
            _timeout = timeout;
            _authorities = connection.AuthorityPem == null
                ? new List<X509Certificate2>()
                : Pem(connection.AuthorityPem);
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,

                // The cluster's own service address and a loopback server are reached directly, never through
                // a proxy; from outside, a kubeconfig's server goes through the system proxy as kubectl's does.
                UseProxy = !connection.InCluster && !connection.Server.IsLoopback,
            };
            if (connection.Server.Scheme == Uri.UriSchemeHttps && (connection.SkipTlsVerify || _authorities.Count > 0))
            {
                try
                {
                    handler.ServerCertificateCustomValidationCallback = (_, certificate, __, errors) =>
                        connection.SkipTlsVerify || Trusted(certificate, errors, _authorities);
                }
                catch (PlatformNotSupportedException e)
                {
                    // .NET Framework before 4.7.1 cannot check a certificate against the cluster's own authority.
                    handler.Dispose();
                    throw new KubernetesException(
                        "This .NET cannot check the API server's certificate against the cluster's authority; "
                        + "use PowerShell 7 or .NET Framework 4.7.1 or later.", connection.Server, null, e);
                }
            }

            _client = new HttpClient(handler, disposeHandler: true)
            {
                // Each request is bounded by the options' timeout in Get; a second clock here would only race it.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
        }

        public Uri Server => _connection.Server;

        public string Description => _connection.Description;

        /// <exception cref="KubernetesException">No answer, an answer other than 2xx, or one not in JSON.</exception>
        public JsonValue Get(string pathAndQuery, CancellationToken cancel = default)
        {
            string? token = _connection.Token();
            string where = $"'{Server.GetLeftPart(UriPartial.Authority)}{PathOnly(pathAndQuery)}'";
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            Task<(int Status, string Body)> work = SendAsync(pathAndQuery, token, stop.Token);

            // The deadline is kept here too: name resolution on .NET Framework does not heed cancellation.
            Task first = Task.WhenAny(work, Task.Delay(_timeout, cancel)).GetAwaiter().GetResult();
            if (first != work)
            {
                stop.Cancel();
                _ = work.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                cancel.ThrowIfCancellationRequested();
                string seconds = _timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                throw Failure($"The API server gave no answer for {where} within {seconds} s.", null, null, token);
            }

            (int status, string body) = Outcome(work, where, token);
            if (status < 200 || status > 299)
            {
                throw Failure(StatusMessage(status, where, body), status, null, token);
            }

            try
            {
                return JsonValue.Parse(body);
            }
            catch (JsonParseException e)
            {
                throw Failure($"The answer for {where} is not JSON: {e.Message}", status, e, token);
            }
        }

        public void Dispose()
        {
            _client.Dispose();
            foreach (X509Certificate2 authority in _authorities)
            {
                authority.Dispose();
            }
        }

        private (int, string) Outcome(Task<(int, string)> work, string where, string? token)
        {
            try
            {
                return work.GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is HttpRequestException || e is IOException || e is WebException
                || e is OperationCanceledException)
            {
                string reason = e.GetBaseException() is SocketException socket
                    ? socket.SocketErrorCode.ToString()
                    : e.GetBaseException().Message;
                throw Failure($"The API server could not be reached for {where}: {reason}", null, e, token);
            }
        }

        private async Task<(int, string)> SendAsync(string pathAndQuery, string? token, CancellationToken cancel)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Server.AbsoluteUri.TrimEnd('/') + pathAndQuery);
            if (token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using HttpResponseMessage response = await _client
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
            using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancel).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw new IOException($"the answer is larger than {MaxBodyBytes / (1024 * 1024)} MiB");
                }

                buffer.Write(chunk, 0, read);
            }

            return ((int)response.StatusCode, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }

        private static string StatusMessage(int status, string where, string body)
        {
            // A Status object's message says what was refused ("pods is forbidden: User ... cannot list ...").
            string detail = string.Empty;
            try
            {
                if (JsonValue.Parse(body).TryGetString("message", out string? message))
                {
                    detail = ": " + message;
                }
            }
            catch (JsonParseException)
            {
                // Not a Status object; the status code alone says enough.
            }

            return status switch
            {
                401 => $"The API server refused the credentials for {where} (HTTP 401){detail}.",
                403 => $"The account may not read {where} (HTTP 403){detail}.",
                404 => $"The API server does not serve {where} (HTTP 404){detail}; for the Metrics API, is "
                    + "metrics-server installed?",
                _ => $"The API server answered HTTP {status} for {where}{detail}.",
            };
        }

        private KubernetesException Failure(string message, int? status, Exception? inner, string? token) =>
            new KubernetesException(Redact(message, token), Server, status, inner);

        /// <summary>Whatever a server or runtime echoed back, the token never leaves in a message.</summary>
        internal static string Redact(string message, string? token) =>
            string.IsNullOrEmpty(token) ? message : message.Replace(token, "[token]");

        private static string PathOnly(string pathAndQuery)
        {
            int query = pathAndQuery.IndexOf('?');
            return query < 0 ? pathAndQuery : pathAndQuery.Substring(0, query);
        }

        /// <summary>A chain ending at one of the given authorities, for a certificate that names the host.</summary>
        internal static bool Trusted(
            X509Certificate2? certificate, SslPolicyErrors errors, List<X509Certificate2> authorities)
        {
            if (certificate == null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            foreach (X509Certificate2 authority in authorities)
            {
                chain.ChainPolicy.ExtraStore.Add(authority);
            }

            if (!chain.Build(certificate))
            {
                return false;
            }

            byte[] root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate.RawData;
            return authorities.Exists(a => Equal(a.RawData, root));
        }

        private static bool Equal(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The certificates of a PEM bundle; netstandard2.0 has no PEM reader of its own.</summary>
        internal static List<X509Certificate2> Pem(byte[] pem)
        {
            const string Begin = "-----BEGIN CERTIFICATE-----";
            const string End = "-----END CERTIFICATE-----";
            string text = Encoding.ASCII.GetString(pem);
            var certificates = new List<X509Certificate2>();
            int at = 0;
            while ((at = text.IndexOf(Begin, at, StringComparison.Ordinal)) >= 0)
            {
                int end = text.IndexOf(End, at, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                string base64 = text.Substring(at + Begin.Length, end - at - Begin.Length);
                // FromBase64String skips the line breaks between the base64 lines.
                certificates.Add(new X509Certificate2(Convert.FromBase64String(base64)));
                at = end + End.Length;
            }

            return certificates;
        }
    }
}
