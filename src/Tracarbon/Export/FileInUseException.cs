using System.IO;

namespace Tracarbon.Export
{
    /// <summary>A file that another session of this process already writes.</summary>
    public sealed class FileInUseException : IOException
    {
        public FileInUseException(string path, string owner)
            : base($"The file '{path}' is already written by the tracking session '{owner}' in this process.")
        {
            Path = path;
            Owner = owner;
        }

        public string Path { get; }

        public string Owner { get; }
    }
}
