using System.IO;

namespace Tracarbon.Export
{
    /// <summary>
    /// A file exporter's path that names something other than a file to append to: a block device, a
    /// socket, or a kernel interface file under /proc or /sys, where every tick's write would fail.
    /// </summary>
    public sealed class UnsuitablePathException : IOException
    {
        public UnsuitablePathException(string path, string reason)
            : base($"'{path}' is {reason}, not a file the exporter can append to.")
        {
            Path = path;
            Reason = reason;
        }

        public string Path { get; }

        /// <summary>What the path names, such as "a block device".</summary>
        public string Reason { get; }
    }
}
