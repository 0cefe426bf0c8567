using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Tracarbon.Tests.Export
{
    internal sealed record ExposedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public string this[string label] => Labels[label];
    }

    /// <summary>A reader of the Prometheus text format, written from the format's description for the tests.</summary>
    internal sealed class Exposition
    {
        private Exposition(
            List<ExposedSample> samples, Dictionary<string, string> types, Dictionary<string, string> help)
        {
            Samples = samples;
            Types = types;
            Help = help;
        }

        public List<ExposedSample> Samples { get; }

        public Dictionary<string, string> Types { get; }

        public Dictionary<string, string> Help { get; }

        public IEnumerable<ExposedSample> Named(string name) => Samples.Where(s => s.Name == name);

        public ExposedSample One(string name, string component) =>
            Samples.Single(s => s.Name == name && s.Labels.TryGetValue("component", out string? c) && c == component);

        public static Exposition Parse(string text)
        {
            var samples = new List<ExposedSample>();
            var types = new Dictionary<string, string>();
            var help = new Dictionary<string, string>();
            foreach (string line in text.Split('\n'))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith("# TYPE ", StringComparison.Ordinal) ||
                    line.StartsWith("# HELP ", StringComparison.Ordinal))
                {
                    string[] parts = line.Substring(7).Split(' ', 2);
                    (line[2] == 'T' ? types : help).Add(parts[0], parts[1]);
                    continue;
                }

                samples.Add(ParseSample(line));
            }

            return new Exposition(samples, types, help);
        }

        private static ExposedSample ParseSample(string line)
        {
            int pos = 0;
            while (pos < line.Length && line[pos] != '{' && line[pos] != ' ')
            {
                pos++;
            }

            string name = line.Substring(0, pos);
            var labels = new Dictionary<string, string>();
            if (line[pos] == '{')
            {
                pos++;
                while (line[pos] != '}')
                {
                    int eq = line.IndexOf('=', pos);
                    string label = line.Substring(pos, eq - pos);
                    pos = eq + 2;
                    var value = new StringBuilder();
                    while (line[pos] != '"')
                    {
                        if (line[pos] == '\\')
                        {
                            pos++;
                            value.Append(line[pos] == 'n' ? '\n' : line[pos]);
                        }
                        else
                        {
                            value.Append(line[pos]);
                        }

                        pos++;
                    }

                    labels.Add(label, value.ToString());
                    pos++;
                    if (line[pos] == ',')
                    {
                        pos++;
                    }
                }

                pos++;
            }

            string number = line.Substring(pos).Trim();
            double parsed = number switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            return new ExposedSample(name, labels, parsed);
        }
    }
}
