using System;
using System.Net;
using System.Net.Sockets;
using Tracarbon.Carbon;
using Tracarbon.Export;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.Tests.Export
{
    internal static class ExportTestSupport
    {
        public static ExportContext Context(
            string session = "test", MetricNames? names = null, Func<double>? selfCpu = null) =>
            new ExportContext(session, "Linux", names ?? new MetricNames(), selfCpu);

        /// <summary>
        /// A sample built by hand, for what a session cannot produce on demand, such as a null power.
        /// Emissions follow from the energy at <paramref name="intensity"/> g/kWh.
        /// </summary>
        public static Sample Sample(
            double intervalSeconds,
            IntensityValue? intensity,
            params (Component Component, double Joules, double? Watts, string? Source, string? Probe)[] parts)
        {
            var sample = new Sample
            {
                SessionName = "hand-made",
                Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero),
                IntervalSeconds = intervalSeconds,
                Intensity = intensity ?? Sessions.Intensity(),
            };
            foreach (var part in parts)
            {
                ref ComponentSample slot = ref sample.Slot(part.Component);
                slot.Present = true;
                slot.EnergyJoules = part.Joules;
                slot.PowerWatts = part.Watts;
                slot.EmissionsGrams = Units.Grams(part.Joules, sample.Intensity.GramsPerKilowattHour);
                slot.Source = part.Source;
                slot.Probe = part.Probe;
            }

            return sample;
        }

        /// <summary>A port that was free a moment ago on 127.0.0.1.</summary>
        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>Polls <paramref name="condition"/> every 10 ms for at most <paramref name="seconds"/>.</summary>
        public static bool WaitFor(Func<bool> condition, double seconds = 10)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!condition())
            {
                if (watch.Elapsed.TotalSeconds > seconds)
                {
                    return false;
                }

                System.Threading.Thread.Sleep(10);
            }

            return true;
        }
    }
}
