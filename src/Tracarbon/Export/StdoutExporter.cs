using System;
using System.Globalization;
using System.IO;
using System.Text;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>One line per component per tick: power, emissions, their units and the tags.</summary>
    public sealed class StdoutExporter : Exporter
    {
        private readonly TextWriter? _writer;
        private readonly StringBuilder _line = new StringBuilder(256);
        private ExportContext? _context;

        /// <param name="writer">Where lines go; the process's standard output when null.</param>
        public StdoutExporter(TextWriter? writer = null)
        {
            _writer = writer;
        }

        public override string Name => "Stdout";

        public override void Open(ExportContext context)
        {
            _context = context;
        }

        public override void Export(Sample sample)
        {
            ExportContext context = _context ?? throw new InvalidOperationException("The exporter was not opened.");
            TextWriter writer = _writer ?? Console.Out;
            string time = sample.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ",
                CultureInfo.InvariantCulture);
            foreach (Component component in Components.All)
            {
                ComponentSample c = sample[component];
                if (!c.Present)
                {
                    continue;
                }

                _line.Clear();
                _line.Append(time).Append(' ');
                if (c.PowerWatts is double watts)
                {
                    _line.Append(context.MetricNames.Power(component)).Append(' ')
                        .Append(watts.ToString("0.######", CultureInfo.InvariantCulture)).Append(" watts ");
                }

                _line.Append(context.MetricNames.Emission(component)).Append(' ')
                    .Append(c.EmissionsGrams.ToString("0.##########", CultureInfo.InvariantCulture)).Append(" co2g")
                    .Append(" platform:").Append(context.Platform)
                    .Append(" location:").Append(sample.Intensity.Location)
                    .Append(" source:").Append(c.Source ?? "unknown");
                writer.WriteLine(_line.ToString());
            }

            writer.Flush();
        }
    }
}
