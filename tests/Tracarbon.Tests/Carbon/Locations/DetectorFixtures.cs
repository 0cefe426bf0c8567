using System;
using System.Collections.Generic;
using Tracarbon.Carbon.Locations;

namespace Tracarbon.Tests.Carbon.Locations
{
    /// <summary>
    /// Options aimed only at 127.0.0.1: every source at a port where nothing listens unless a test points it
    /// at a loopback server, and an environment the test spells out instead of the real one.
    /// </summary>
    internal static class DetectorFixtures
    {
        public static LocationDetectorOptions Offline(IDictionary<string, string>? environment = null)
        {
            string closed = LoopbackHttpServer.ClosedPortUrl();
            var variables = environment ?? new Dictionary<string, string>();
            return new LocationDetectorOptions
            {
                AwsMetadataUrl = closed,
                GcpMetadataUrl = closed,
                AzureMetadataUrl = closed,
                IpInfoUrl = closed,

                // Generous on a loaded machine: a refused port fails at once, and tests of a silent
                // server set their own timeout.
                MetadataTimeout = TimeSpan.FromSeconds(5),
                GeolocationTimeout = TimeSpan.FromSeconds(5),
                Environment = name => variables.TryGetValue(name, out string? value) ? value : null,
            };
        }

        public static Func<string, string?> Environment(params (string Name, string Value)[] variables)
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
