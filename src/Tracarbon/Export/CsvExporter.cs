using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Tracarbon.Measurement;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// One CSV row per component per tick under a fixed header. Every row has every column: a value
    /// that does not exist (the power of a zero-length interval, an unnamed source) is an empty field,
    /// never a missing one, so columns cannot shift. Each tick is one locked, flushed append, as in
    /// <see cref="JsonLinesExporter"/>; appending to a file with another header is refused.
    /// </summary>
    public sealed class CsvExporter : Exporter
    {
        private static readonly string[] HeaderNames =
        {
            "timestamp", "session", "component", "power_watts", "energy_joules", "emissions_grams",
            "intensity_g_per_kwh", "location", "source", "probe",
        };

        private static readonly string[] ComponentNames = BuildComponentNames();

        private readonly string _path;
        private readonly StringWriter _text = new StringWriter(new StringBuilder(1024), CultureInfo.InvariantCulture);
        private CsvWriter? _writer;
        private AppendFile? _file;

        public CsvExporter(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("The CSV exporter needs a file path.", nameof(path));
            }

            _path = System.IO.Path.GetFullPath(path);
        }

        /// <summary>The columns, in file order.</summary>
        public static IReadOnlyList<string> Columns { get; } = new ReadOnlyCollection<string>(HeaderNames);

        /// <summary>The header line as the exporter writes it, without its line end.</summary>
        public static string Header { get; } = string.Join(",", HeaderNames);

        public override string Name => "Csv";

        public override string Description => "Csv (" + _path + ")";

        public string Path => _path;

        public long RowsWritten { get; private set; }

        /// <summary>A local file append, as the JSON Lines exporter's: run on the sampling thread.</summary>
        internal override bool ExportsInline => true;

        public override void Open(ExportContext context)
        {
            // Checked before the file is claimed or touched: a refused file is left exactly as it was.
            AppendFile.RefuseUnsuitable(_path);
            CheckExistingHeader(_path);

            // LF like the JSON Lines file; invariant culture so a decimal comma never splits a field.
            var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" };
            _writer = new CsvWriter(_text, configuration, leaveOpen: true);
            foreach (string name in HeaderNames)
            {
                _writer.WriteField(name);
            }

            _writer.NextRecord();
            string header = TakeText();
            _file = AppendFile.Open(_path, context.SessionName, header);
        }

        public override void Export(Sample sample)
        {
            if (_writer == null || _file == null)
            {
                throw new InvalidOperationException("The CSV exporter was not opened.");
            }

            string timestamp = sample.Timestamp.UtcDateTime.ToString(
                "yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
            string intensity = Number(sample.Intensity.GramsPerKilowattHour);
            int rows = 0;
            foreach (Component component in Components.All)
            {
                ComponentSample c = sample[component];
                if (!c.Present)
                {
                    // No reading, no row; a measured zero still gets one.
                    continue;
                }

                _writer.WriteField(timestamp);
                _writer.WriteField(sample.SessionName);
                _writer.WriteField(ComponentNames[(int)component]);
                _writer.WriteField(c.PowerWatts is double watts ? Number(watts) : null);
                _writer.WriteField(Number(c.EnergyJoules));
                _writer.WriteField(Number(c.EmissionsGrams));
                _writer.WriteField(intensity);
                _writer.WriteField(sample.Intensity.Location);
                _writer.WriteField(c.Source);
                _writer.WriteField(c.Probe);
                _writer.NextRecord();
                rows++;
            }

            // An empty tick still appends nothing, which checks that the file is still there.
            bool recreated = _file.Append(TakeText());
            RowsWritten += rows;
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
            _writer?.Dispose();
            _writer = null;
            _file?.Dispose();
            _file = null;
        }

        private string TakeText()
        {
            _writer!.Flush();
            StringBuilder buffer = _text.GetStringBuilder();
            string text = buffer.ToString();
            buffer.Clear();
            return text;
        }

        private static void CheckExistingHeader(string path)
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length == 0)
            {
                return;
            }

            string[] found = ReadHeader(path);
            bool same = found.Length == HeaderNames.Length;
            for (int i = 0; same && i < HeaderNames.Length; i++)
            {
                same = string.Equals(found[i], HeaderNames[i], StringComparison.Ordinal);
            }

            if (!same)
            {
                throw new CsvHeaderMismatchException(path, Header, string.Join(",", found));
            }
        }

        /// <summary>The first record's fields; none for a file of blank lines or one that is not CSV.</summary>
        private static string[] ReadHeader(string path)
        {
            var stream = new FileStream(
                path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            using var reader = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture));
            try
            {
                return reader.Read() && reader.ReadHeader() ? reader.HeaderRecord ?? new string[0] : new string[0];
            }
            catch (CsvHelperException)
            {
                // A stray quote or binary data: certainly not our header, whatever it is.
                return new[] { "(not readable as CSV)" };
            }
        }

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static string[] BuildComponentNames()
        {
            var names = new string[Components.Count];
            foreach (Component c in Components.All)
            {
                names[(int)c] = c.ToString().ToLowerInvariant();
            }

            return names;
        }
    }
}
