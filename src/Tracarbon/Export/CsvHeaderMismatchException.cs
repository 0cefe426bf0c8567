using System.IO;

namespace Tracarbon.Export
{
    /// <summary>
    /// An existing CSV file whose header is not the CSV exporter's: appending would put values under
    /// the wrong columns, so the exporter refuses the file instead.
    /// </summary>
    public sealed class CsvHeaderMismatchException : IOException
    {
        public CsvHeaderMismatchException(string path, string expectedHeader, string foundHeader)
            : base($"The file '{path}' starts with the header '{foundHeader}', not '{expectedHeader}'; " +
                "rows appended to it would land under the wrong columns. Write to a new file, or move this one away.")
        {
            Path = path;
            ExpectedHeader = expectedHeader;
            FoundHeader = foundHeader;
        }

        public string Path { get; }

        public string ExpectedHeader { get; }

        public string FoundHeader { get; }
    }
}
