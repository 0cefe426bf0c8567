using System;
using System.Collections.Generic;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon
{
    /// <summary>One component's reading over one interval of a session, as an object users can keep.</summary>
    public sealed class CarbonSample
    {
        private CarbonSample(Sample sample, Component component, in ComponentSample reading)
        {
            SessionName = sample.SessionName;
            Timestamp = sample.Timestamp;
            IntervalSeconds = sample.IntervalSeconds;
            Component = component;
            PowerWatts = reading.PowerWatts;
            EnergyJoules = reading.EnergyJoules;
            EmissionsGrams = reading.EmissionsGrams;
            IntensityGramsPerKilowattHour = sample.Intensity.GramsPerKilowattHour;
            Location = sample.Intensity.Location;
            Source = reading.Source ?? string.Empty;
            Probe = reading.Probe ?? string.Empty;
        }

        public string SessionName { get; }

        /// <summary>When the interval ended, UTC.</summary>
        public DateTimeOffset Timestamp { get; }

        public double IntervalSeconds { get; }

        public Component Component { get; }

        public double? PowerWatts { get; }

        public double EnergyJoules { get; }

        public double EmissionsGrams { get; }

        public double IntensityGramsPerKilowattHour { get; }

        public string Location { get; }

        public string Source { get; }

        public string Probe { get; }

        /// <summary>One object per component read in the sample; components not read are left out.</summary>
        public static CarbonSample[] From(Sample sample)
        {
            var list = new List<CarbonSample>(Components.Count);
            foreach (Component component in Components.All)
            {
                ComponentSample reading = sample[component];
                if (reading.Present)
                {
                    list.Add(new CarbonSample(sample, component, reading));
                }
            }

            return list.ToArray();
        }
    }
}
