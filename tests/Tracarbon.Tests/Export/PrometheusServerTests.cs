using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Xunit;

namespace Tracarbon.Tests.Export
{
    /// <summary>The metrics endpoint under good, bad and hostile clients, all on 127.0.0.1.</summary>
    public sealed class PrometheusServerTests : IDisposable
    {
        private readonly List<IDisposable> _owned = new List<IDisposable>();

        public void Dispose()
        {
            foreach (IDisposable d in _owned)
            {
                d.Dispose();
            }
        }

        private PrometheusExporter Open(PrometheusServerLimits? limits = null)
        {
            var exporter = new PrometheusExporter(IPAddress.Loopback, 0, limits);
            _owned.Add(exporter);
            exporter.Open(ExportTestSupport.Context());
            exporter.Export(ExportTestSupport.Sample(1, null, (Component.Host, 12.5, 12.5, "rapl", "Rapl")));
            return exporter;
        }

        private static RawResponse Send(PrometheusExporter exporter, string request) =>
            RawHttp.Send(exporter.LocalEndPoint!, Encoding.ASCII.GetBytes(request));

        [Fact]
        public void OnlyGetAndHeadOfMetricsAreServed()
        {
            PrometheusExporter exporter = Open();
            IPEndPoint at = exporter.LocalEndPoint!;

            Assert.Equal(IPAddress.Loopback, at.Address);
            Assert.Equal(200, RawHttp.Get(at, "/metrics").Status);
            Assert.Equal(200, RawHttp.Get(at, "/metrics?name[]=x").Status);
            Assert.Equal(404, RawHttp.Get(at, "/").Status);
            Assert.Equal(404, RawHttp.Get(at, "/metrics/extra").Status);
            Assert.Equal(404, RawHttp.Get(at, "/METRICS").Status);
            RawResponse post = Send(exporter, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            Assert.Equal(405, post.Status);
            Assert.Equal("GET, HEAD", post.Headers["Allow"]);
            Assert.Equal(405, RawHttp.Get(at, "/metrics", "DELETE").Status);
            Assert.Equal(404, RawHttp.Get(at, "/other", "POST").Status);

            RawResponse head = RawHttp.Get(at, "/metrics", "HEAD");
            Assert.Equal(200, head.Status);
            Assert.Equal(string.Empty, head.Body);
            Assert.True(int.Parse(head.Headers["Content-Length"]) > 0);
            Assert.Equal(200, Send(exporter, "GET /metrics HTTP/1.0\r\n\r\n").Status);
        }

        [Fact]
        public void AHeadOverTheLimitIsRefusedWith431()
        {
            PrometheusExporter exporter = Open();
            string padding = new string('a', PrometheusServerLimits.DefaultMaxRequestHeadBytes);

            RawResponse response = Send(
                exporter, "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Pad: " + padding + "\r\n\r\n");

            Assert.Equal(431, response.Status);
            Assert.Equal(200, RawHttp.Get(exporter.LocalEndPoint!, "/metrics").Status);
        }

        [Fact]
        public void AHeadSentTooSlowlyIsCutOffAtOneDeadlineForTheWholeHead()
        {
            var limits = new PrometheusServerLimits(readTimeout: TimeSpan.FromMilliseconds(300));
            PrometheusExporter exporter = Open(limits);
            using Socket socket = RawHttp.Connect(exporter.LocalEndPoint!);
            var watch = Stopwatch.StartNew();

            // One byte every 50 ms never trips a per-read timeout; the head's deadline still ends it.
            byte[] slow = Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < slow.Length && !socket.Poll(0, SelectMode.SelectRead); i++)
            {
                socket.Send(slow, i, 1, SocketFlags.None);
                Thread.Sleep(50);
            }

            RawResponse response = RawHttp.ReadResponse(socket);
            Assert.Equal(408, response.Status);
            Assert.InRange(watch.Elapsed.TotalSeconds, 0.25, 5);
        }

        [Fact]
        public void TwoHundredMalformedRequestsLeaveTheServerServing()
        {
            PrometheusExporter exporter = Open();
            IPEndPoint at = exporter.LocalEndPoint!;
            var random = new Random(20260101);
            string[] malformed =
            {
                "GET /metrics HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /metrics\r\n\r\n",
                "GET  /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /metrics HTTP/1.1\r\n\r\n",
                "GET /metrics HTTP/1.1\r\nHost x\r\n\r\n",
                "GET /metrics HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
                "GET /metrics HTTP/1.1\rHost: x\r\n\r\n",
                "GET /m\u00e9trics HTTP/1.1\r\nHost: x\r\n\r\n",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                "\0\0\0\0\r\n\r\n",
                "GET /metrics HTTP/1.1\r\nHost: x\r\nBad\u0001: y\r\n\r\n",
            };

            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 200 && watch.Elapsed < TimeSpan.FromSeconds(60); i++)
            {
                byte[] request;
                if (i % 3 == 0)
                {
                    request = new byte[random.Next(1, 600)];
                    random.NextBytes(request);
                    request = Concat(request, Encoding.ASCII.GetBytes("\r\n\r\n"));
                }
                else
                {
                    request = Encoding.Latin1.GetBytes(malformed[i % malformed.Length]);
                }

                if (i % 17 == 0)
                {
                    // Half a head, then gone: the server must notice and free the slot.
                    using Socket quitter = RawHttp.Connect(at);
                    quitter.Send(request, 0, request.Length / 2, SocketFlags.None);
                    continue;
                }

                RawResponse response = RawHttp.Send(at, request);
                Assert.True(response.Status == 400 || response.Status == 505, $"request {i} got {response.Status}");
            }

            Assert.True(ExportTestSupport.WaitFor(() => exporter.Server!.ActiveConnections == 0));
            RawResponse good = RawHttp.Get(at, "/metrics");
            Assert.Equal(200, good.Status);
            Assert.Equal(12.5, Exposition.Parse(good.Body).One("tracarbon_energy_joules_total", "host").Value);
        }

        [Fact]
        public void ConnectionsPastTheLimitAreAnswered503AndFreedSlotsServeAgain()
        {
            var limits = new PrometheusServerLimits(maxConnections: 2, readTimeout: TimeSpan.FromSeconds(20));
            PrometheusExporter exporter = Open(limits);
            IPEndPoint at = exporter.LocalEndPoint!;
            Socket idle1 = RawHttp.Connect(at);
            using Socket idle2 = RawHttp.Connect(at);
            Assert.True(ExportTestSupport.WaitFor(() => exporter.Server!.ActiveConnections == 2));

            // Read without sending: the 503 comes without a request, once the 0.2 s grace for a slot has passed.
            using Socket third = RawHttp.Connect(at);
            using Socket fourth = RawHttp.Connect(at);
            RawResponse thirdResponse = RawHttp.ReadResponse(third);
            RawResponse fourthResponse = RawHttp.ReadResponse(fourth);

            Assert.Equal(503, thirdResponse.Status);
            Assert.Equal(503, fourthResponse.Status);
            Assert.Equal(2, exporter.Server!.ActiveConnections);
            Assert.Equal(2, exporter.Server.RejectedConnections);

            idle1.Dispose();
            Assert.True(ExportTestSupport.WaitFor(() => exporter.Server.ActiveConnections == 1));
            Assert.Equal(200, RawHttp.Get(at, "/metrics").Status);
        }

        [Fact]
        public void APortInUseFailsAtOpenNamingTheAddressAndPort()
        {
            var holder = new TcpListener(IPAddress.Loopback, 0);
            holder.Start();
            try
            {
                int port = ((IPEndPoint)holder.LocalEndpoint).Port;
                using var exporter = new PrometheusExporter(IPAddress.Loopback, port);

                var ex = Assert.Throws<PortInUseException>(() => exporter.Open(ExportTestSupport.Context()));

                Assert.Equal(port, ex.Port);
                Assert.Equal(IPAddress.Loopback, ex.Address);
                Assert.Contains($"127.0.0.1:{port}", ex.Message);
                Assert.Contains("already in use", ex.Message);
            }
            finally
            {
                holder.Stop();
            }
        }

        [Fact]
        public void DisposingStopsListening()
        {
            var exporter = new PrometheusExporter(IPAddress.Loopback, 0);
            exporter.Open(ExportTestSupport.Context());
            IPEndPoint at = exporter.LocalEndPoint!;
            Assert.Equal(200, RawHttp.Get(at, "/metrics").Status);

            exporter.Dispose();

            var ex = Assert.Throws<SocketException>(() => RawHttp.Connect(at).Dispose());
            Assert.Equal(SocketError.ConnectionRefused, ex.SocketErrorCode);
        }

        private static byte[] Concat(byte[] a, byte[] b)
        {
            var all = new byte[a.Length + b.Length];
            a.CopyTo(all, 0);
            b.CopyTo(all, a.Length);
            return all;
        }
    }
}
