using System;
using System.Linq;
using System.Threading;
using Tracarbon.Carbon;
using Tracarbon.Measurement;
using Tracarbon.Tracking;
using Xunit;

namespace Tracarbon.Tests.Carbon.Live
{
    public sealed class SessionRefreshTests
    {
        [Fact]
        public void ARefreshMidSessionChargesEachIntervalTheIntensityInForceThen()
        {
            // The API answers 100 g/kWh, then 300 g/kWh; the provider refreshes every 30 minutes.
            int calls = 0;
            using var server = new LoopbackHttpServer(_ =>
                new Reply(200, LiveFixtures.V3(Interlocked.Increment(ref calls) == 1 ? 100 : 300)));
            var clock = new ManualClock();
            using var provider = new LiveIntensityProvider(
                LiveFixtures.Client(server.Url, clock), "FR",
                new LiveIntensityOptions { RefreshInterval = TimeSpan.FromMinutes(30) });

            // 1000 W in 600 s ticks; the refresh runs between the reading and the intensity lookup of a
            // tick, where the background refresher's answer would land.
            var probe = new ScriptedProbe((dt, r) =>
            {
                provider.RefreshIfDue();
                r.SetPower(Component.Cpu, 1000, "constant");
            });
            SessionOptions options = Sessions.Options(clock, 600, probe);
            options.Intensity = provider;
            using var session = new TrackingSession(options);
            var intensities = new System.Collections.Generic.List<double>();
            session.Sampled += (_, s) => intensities.Add(s.Intensity.GramsPerKilowattHour);

            session.Start(background: false);
            session.RunUntil(3600);
            ComponentReport cpu = session.Stop().Single(r => r.Component == Component.Cpu);

            // Ticks at 600, 1200, 1800 use 100 g/kWh; the refresh due at 2400 brings 300 for 2400, 3000,
            // 3600. Each tick is 1000 W x 600 s = 1/6 kWh: 3 x 1/6 x 100 + 3 x 1/6 x 300 = 200 g, and the
            // energy-weighted mean is 200 g / 1 kWh = 200 g/kWh.
            Assert.Equal(new double[] { 100, 100, 100, 300, 300, 300 }, intensities);
            Assert.Equal(1.0, cpu.EnergyKilowattHours, 1e-12);
            Assert.Equal(200.0, cpu.EmissionsGrams, 1e-9);
            Assert.Equal(200.0, cpu.IntensityGramsPerKilowattHour, 1e-9);
            Assert.Equal(2, calls);
            Assert.Contains("Electricity Maps", cpu.IntensitySource);
        }
    }
}
