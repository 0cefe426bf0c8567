using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Export
{
    /// <summary>
    /// Connections that carry more than one request, and the rendering that scrapes share, all over real
    /// sockets on 127.0.0.1. No assertion depends on how fast anything runs.
    /// </summary>
    public sealed class PrometheusKeepAliveTests : IDisposable
    {
        private const string Energy = "tracarbon_energy_joules_total";

        private readonly List<IDisposable> _owned = new List<IDisposable>();

        public void Dispose()
        {
            foreach (IDisposable d in Enumerable.Reverse(_owned))
            {
                d.Dispose();
            }
        }

        private PrometheusExporter Open(PrometheusServerLimits? limits = null)
        {
            var exporter = new PrometheusExporter(IPAddress.Loopback, 0, limits);
            _owned.Add(exporter);
            exporter.Open(ExportTestSupport.Context());
            exporter.Export(HostSample(12.5));
            return exporter;
        }

        private KeepAliveClient Client(PrometheusExporter exporter)
        {
            var client = new KeepAliveClient(exporter.LocalEndPoint!);
            _owned.Add(client);
            return client;
        }

        /// <summary>A connection that has had one answer and was told it stays open.</summary>
        private KeepAliveClient KeptConnection(PrometheusExporter exporter)
        {
            KeepAliveClient client = Client(exporter);
            client.Send(KeepAliveClient.Get());
            Assert.Equal("keep-alive", client.Read().Headers["Connection"]);
            return client;
        }

        private static Sample HostSample(double joules) =>
            ExportTestSupport.Sample(1, null, (Component.Host, joules, joules, "rapl", "Rapl"));

        private static double HostEnergy(FramedResponse response) =>
            Exposition.Parse(response.Text).One(Energy, "host").Value;

        [Fact]
        public void SeveralRequestsOnOneConnectionGetExactlyAFreshRenderingEvenAfterASample()
        {
            PrometheusExporter exporter = Open();
            KeepAliveClient client = Client(exporter);

            client.Send(KeepAliveClient.Get());
            FramedResponse first = client.Read();
            client.Send(KeepAliveClient.Get());
            FramedResponse second = client.Read();

            byte[] fresh = exporter.Metrics!.RenderUtf8();
            Assert.Equal(200, first.Status);
            Assert.Equal("keep-alive", first.Headers["Connection"]);
            Assert.Equal(fresh, first.Body);
            Assert.Equal(fresh, second.Body);
            Assert.Equal(12.5, HostEnergy(second));
            Assert.Equal(1, exporter.Server!.ActiveConnections);

            // A sample between two scrapes: the next scrape on the same connection shows it.
            exporter.Export(HostSample(7));
            client.Send(KeepAliveClient.Get());
            FramedResponse third = client.Read();

            Assert.Equal(200, third.Status);
            Assert.Equal(exporter.Metrics.RenderUtf8(), third.Body);
            Assert.Equal(19.5, HostEnergy(third));
            Assert.Equal(7.0, Exposition.Parse(third.Text).One("tracarbon_power_watts", "host").Value);
        }

        [Theory]
        [InlineData("close")]
        [InlineData("Close")]
        [InlineData("TE,  CLOSE ")]
        public void ConnectionCloseFromTheClientIsAnsweredThenTheConnectionCloses(string option)
        {
            PrometheusExporter exporter = Open();
            KeepAliveClient client = KeptConnection(exporter);

            client.Send(KeepAliveClient.Get("Connection: " + option + "\r\n"));
            FramedResponse last = client.Read();

            Assert.Equal(200, last.Status);
            Assert.Equal("close", last.Headers["Connection"]);
            Assert.Equal(exporter.Metrics!.RenderUtf8(), last.Body);
            Assert.True(client.ClosedByServer());
            Assert.True(ExportTestSupport.WaitFor(() => exporter.Server!.ActiveConnections == 0));
        }

        [Fact]
        public void Http10ClosesAfterOneAnswerUnlessItAsksForKeepAlive()
        {
            PrometheusExporter exporter = Open();
            KeepAliveClient plain = Client(exporter);
            KeepAliveClient asking = Client(exporter);

            plain.Send("GET /metrics HTTP/1.0\r\n\r\n");
            FramedResponse once = plain.Read();
            asking.Send("GET /metrics HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
            FramedResponse kept = asking.Read();
            asking.Send("GET /metrics HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            FramedResponse again = asking.Read();
            asking.Send("GET /metrics HTTP/1.0\r\n\r\n");
            FramedResponse last = asking.Read();

            Assert.Equal((200, "close"), (once.Status, once.Headers["Connection"]));
            Assert.True(plain.ClosedByServer());
            Assert.Equal((200, "keep-alive"), (kept.Status, kept.Headers["Connection"]));
            Assert.Equal((200, "keep-alive"), (again.Status, again.Headers["Connection"]));
            Assert.Equal((200, "close"), (last.Status, last.Headers["Connection"]));
            Assert.Equal(exporter.Metrics!.RenderUtf8(), last.Body);
            Assert.True(asking.ClosedByServer());
        }

        [Fact]
        public void AConnectionIdlePastTheIdleTimeoutIsClosedWithoutAnAnswer()
        {
            // The read timeout is longer than the client's 10 s wait, so only the idle timeout can close it.
            var limits = new PrometheusServerLimits(
                readTimeout: TimeSpan.FromSeconds(30), idleTimeout: TimeSpan.FromMilliseconds(200));
            PrometheusExporter exporter = Open(limits);
            KeepAliveClient client = KeptConnection(exporter);

            Assert.True(client.ClosedByServer());
            Assert.True(ExportTestSupport.WaitFor(() => exporter.Server!.ActiveConnections == 0));
            Assert.Equal(200, RawHttp.Get(exporter.LocalEndPoint!, "/metrics").Status);
        }

        [Fact]
        public void ALaterHeadOnAKeptConnectionHasTheSameReadDeadlineAsTheFirst()
        {
            // Idle long enough that only the read deadline can end the half-sent second head.
            var limits = new PrometheusServerLimits(
                readTimeout: TimeSpan.FromMilliseconds(300), idleTimeout: TimeSpan.FromMinutes(1));
            PrometheusExporter exporter = Open(limits);
            KeepAliveClient client = KeptConnection(exporter);

            client.Send("GET /metrics HTTP/1.1\r\nHost: x\r\n");
            FramedResponse cut = client.Read();

            Assert.Equal((408, "close"), (cut.Status, cut.Headers["Connection"]));
            Assert.True(client.ClosedByServer());
        }

        /// <summary>A server of 2 slots with long time limits, and two clients connected to it.</summary>
        private PrometheusExporter OpenTwoSlots(out KeepAliveClient one, out KeepAliveClient two)
        {
            PrometheusExporter exporter = Open(new PrometheusServerLimits(
                maxConnections: 2, readTimeout: TimeSpan.FromSeconds(30), idleTimeout: TimeSpan.FromSeconds(30)));
            one = Client(exporter);
            two = Client(exporter);
            return exporter;
        }

        [Fact]
        public void ANewConnectionTakesTheSlotOfTheConnectionIdleLongest()
        {
            PrometheusExporter exporter = OpenTwoSlots(out KeepAliveClient one, out KeepAliveClient two);
            one.Send(KeepAliveClient.Get());
            Assert.Equal("keep-alive", one.Read().Headers["Connection"]);
            Assert.True(ExportTestSupport.WaitFor(() => exporter.Server!.IdleConnections == 1));
            two.Send(KeepAliveClient.Get());
            Assert.Equal("keep-alive", two.Read().Headers["Connection"]);
            Assert.True(ExportTestSupport.WaitFor(() => exporter.Server!.IdleConnections == 2));

            // Both slots are held by connections waiting between requests: a third is served, and the one
            // idle longest (one) is closed for it, not the other and not the newcomer.
            Assert.Equal(200, RawHttp.Get(exporter.LocalEndPoint!, "/metrics").Status);
            Assert.True(one.ClosedByServer());
            two.Send(KeepAliveClient.Get());
            Assert.Equal(200, two.Read().Status);
            Assert.Equal((0L, 1L), (exporter.Server!.RejectedConnections, exporter.Server.EvictedConnections));
        }

        [Fact]
        public void ConnectionsThatNeverAskedAreNotEvictedSoOneMoreIsAnswered503()
        {
            PrometheusExporter exporter = OpenTwoSlots(out KeepAliveClient one, out KeepAliveClient two);
            one.Send(KeepAliveClient.Get());
            Assert.Equal(200, one.Read().Status);

            // two is connected but has not sent its first request: it is not idle between requests, and a
            // request half sent on one must not be cut either.
            one.Send("GET /metrics HTTP/1.1\r\n");
            Assert.True(ExportTestSupport.WaitFor(
                () => exporter.Server!.ActiveConnections == 2 && exporter.Server.IdleConnections == 0));
            using (var third = RawHttp.Connect(exporter.LocalEndPoint!))
            {
                Assert.Equal(503, RawHttp.ReadResponse(third).Status);
            }

            one.Send("Host: x\r\n\r\n");
            Assert.Equal(200, one.Read().Status);
            two.Send(KeepAliveClient.Get());
            Assert.Equal(200, two.Read().Status);
            Assert.Equal((1L, 0L), (exporter.Server!.RejectedConnections, exporter.Server.EvictedConnections));
        }

        [Fact]
        public void PipelinedRequestsAreAnsweredInOrder()
        {
            PrometheusExporter exporter = Open();
            KeepAliveClient client = Client(exporter);

            client.Send(KeepAliveClient.Get() +
                "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n" +
                "GET /metrics?name[]=x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            FramedResponse get = client.Read();
            FramedResponse head = client.Read(headRequest: true);
            FramedResponse last = client.Read();

            byte[] fresh = exporter.Metrics!.RenderUtf8();
            Assert.Equal((200, "keep-alive"), (get.Status, get.Headers["Connection"]));
            Assert.Equal(fresh, get.Body);
            Assert.Equal((200, "keep-alive"), (head.Status, head.Headers["Connection"]));
            Assert.Equal(fresh.Length.ToString(), head.Headers["Content-Length"]);
            Assert.Equal((200, "close"), (last.Status, last.Headers["Connection"]));
            Assert.Equal(fresh, last.Body);
            Assert.True(client.ClosedByServer());
        }

        [Fact]
        public void AnErrorClosesTheConnectionAndRequestsPipelinedAfterItAreNotAnswered()
        {
            PrometheusExporter exporter = Open();
            KeepAliveClient client = Client(exporter);

            client.Send("GET /other HTTP/1.1\r\nHost: x\r\n\r\n" + KeepAliveClient.Get());
            FramedResponse notFound = client.Read();

            Assert.Equal((404, "close"), (notFound.Status, notFound.Headers["Connection"]));
            Assert.True(client.ClosedByServer());
        }

        [Fact]
        public void ARequestThatAnnouncesABodyIsAnsweredAndTheBodyIsNeverReadAsARequest()
        {
            PrometheusExporter exporter = Open();
            KeepAliveClient client = Client(exporter);

            // Were "GET /x" taken for the next request, a 404 would follow the 200.
            client.Send("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nGET /x");
            FramedResponse answer = client.Read();

            Assert.Equal((200, "close"), (answer.Status, answer.Headers["Connection"]));
            Assert.True(client.ClosedByServer());
        }

        [Fact]
        public void WorkerThreadsAreReusedAndNeverOutnumberTheConnectionLimit()
        {
            var limits = new PrometheusServerLimits(maxConnections: 2);
            PrometheusExporter exporter = Open(limits);

            var statuses = new List<int>();
            for (int i = 0; i < 40; i++)
            {
                statuses.Add(RawHttp.Get(exporter.LocalEndPoint!, "/metrics").Status);
            }

            // Reused, not one thread per connection (40 here), and never more than the limit (2): a worker
            // just started counts as idle, so a connection another worker took first cannot start a third.
            Assert.All(statuses, s => Assert.Equal(200, s));
            Assert.InRange(exporter.Server!.WorkerThreads, 1, 2);
        }
    }
}
