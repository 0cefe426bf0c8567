using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Tracarbon.Platform.Http
{
    /// <summary>
    /// The HTTP clients the engine shares, one per handler for the whole process so sockets are pooled, and
    /// a send that always ends by its deadline. Redirects are never followed: a redirect would carry the
    /// Electricity Maps key header to whatever host the answer names.
    /// </summary>
    internal static class HttpTransport
    {
        // The bodies read here are a few hundred bytes; anything far larger is no answer we understand.
        internal const int MaxBodyBytes = 64 * 1024;

        // Metadata services live on link-local or internal names that a corporate proxy cannot reach, so
        // they are asked directly; the internet services go through the system proxy like a browser would.
        private static readonly Lazy<HttpClient> DirectClient =
            new Lazy<HttpClient>(() => Create(useProxy: false), LazyThreadSafetyMode.ExecutionAndPublication);

        private static readonly Lazy<HttpClient> ProxiedClient =
            new Lazy<HttpClient>(() => Create(useProxy: true), LazyThreadSafetyMode.ExecutionAndPublication);

        public static HttpClient Direct => DirectClient.Value;

        public static HttpClient Proxied => ProxiedClient.Value;

        /// <summary>
        /// Sends <paramref name="request"/> and reads at most <see cref="MaxBodyBytes"/> of its body. The reply
        /// comes back by <paramref name="timeout"/> even where a handler ignores cancellation (name resolution
        /// on .NET Framework does): the request is then abandoned. Only <paramref name="cancel"/> throws.
        /// </summary>
        public static async Task<HttpReply> SendAsync(
            HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            Task<HttpReply> work = SendCoreAsync(client, request, linked.Token);
            Task deadline = Task.Delay(timeout, linked.Token);
            Task first = await Task.WhenAny(work, deadline).ConfigureAwait(false);
            if (first != work)
            {
                linked.Cancel();
                _ = work.ContinueWith(
                    t =>
                    {
                        // Observed so an abandoned request never raises an unobserved task exception.
                        _ = t.Exception;
                        linked.Dispose();
                        request.Dispose();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                cancel.ThrowIfCancellationRequested();
                return HttpReply.Failed(HttpOutcome.TimedOut, NoAnswerWithin(timeout));
            }

            // Cancelling now only stops the deadline's timer: the request is already over.
            linked.Cancel();
            linked.Dispose();
            request.Dispose();
            return await work.ConfigureAwait(false);
        }

        /// <summary>Seconds with a decimal point whatever the user's culture, as in every engine message.</summary>
        internal static string NoAnswerWithin(TimeSpan timeout) => string.Format(
            CultureInfo.InvariantCulture, "no answer within {0:0.###} s", timeout.TotalSeconds);

        private static async Task<HttpReply> SendCoreAsync(
            HttpClient client, HttpRequestMessage request, CancellationToken token)
        {
            try
            {
                using HttpResponseMessage response = await client
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token)
                    .ConfigureAwait(false);

                // ReadAsStreamAsync takes no token on netstandard2.0; disposing the response ends a stalled read.
                using CancellationTokenRegistration stop = token.Register(response.Dispose);
                string? body = await ReadBodyAsync(response.Content, token).ConfigureAwait(false);
                if (body == null)
                {
                    return HttpReply.Failed(
                        HttpOutcome.NetworkError, $"the answer is larger than {MaxBodyBytes / 1024} KiB");
                }

                RetryConditionHeaderValue? retry = response.Headers.RetryAfter;
                RetryAfter? retryAfter = retry == null ? null : new RetryAfter(retry.Delta, retry.Date);
                return HttpReply.Answered((int)response.StatusCode, body, CopyHeaders(response), retryAfter);
            }
            catch (Exception ex) when (token.IsCancellationRequested
                && (ex is OperationCanceledException || ex is ObjectDisposedException || ex is IOException))
            {
                throw new OperationCanceledException(token);
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is WebException)
            {
                return HttpReply.Failed(HttpOutcome.NetworkError, Describe(ex));
            }
        }

        private static async Task<string?> ReadBodyAsync(HttpContent content, CancellationToken token)
        {
            using Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            // JSON is UTF-8 (RFC 8259); a byte order mark survives as U+FEFF, which the JSON reader skips.
            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        private static IReadOnlyDictionary<string, string> CopyHeaders(HttpResponseMessage response)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            IEnumerable<KeyValuePair<string, IEnumerable<string>>> all = response.Headers;
            if (response.Content != null)
            {
                all = all.Concat(response.Content.Headers);
            }

            foreach (KeyValuePair<string, IEnumerable<string>> header in all)
            {
                headers[header.Key] = string.Join(",", header.Value);
            }

            return headers;
        }

        // Socket error names are stable words ("ConnectionRefused"); other messages vary by runtime.
        private static string Describe(Exception ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    return "network error: " + socket.SocketErrorCode;
                }
            }

            return "network error: " + ex.GetBaseException().Message;
        }

        private static HttpClient Create(bool useProxy)
        {
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseProxy = useProxy,
                UseCookies = false,
            };
            var client = new HttpClient(handler, disposeHandler: true)
            {
                // Every call bounds itself through SendAsync; the client-wide timeout would only add a second clock.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            string version = typeof(HttpTransport).Assembly.GetName().Version?.ToString() ?? "0";
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Tracarbon-PowerShell", version));
            return client;
        }
    }
}
