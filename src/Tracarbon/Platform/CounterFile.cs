using System.Text;

namespace Tracarbon.Platform
{
    /// <summary>
    /// A counter file that is read on every tick. The path is encoded once, null-terminated, so the
    /// native reader can hand it to the kernel without building a string on the sampling path.
    /// </summary>
    internal sealed class CounterFile
    {
        public CounterFile(string path)
        {
            Path = path;
            NativePath = Encoding.UTF8.GetBytes(path + "\0");
        }

        public string Path { get; }

        public byte[] NativePath { get; }

        /// <summary>
        /// The descriptor a reader keeps open on this file between ticks, or null. Only that reader, on
        /// the sampling thread, reads or changes it.
        /// </summary>
        internal KeptDescriptor? Kept { get; set; }

        public override string ToString() => Path;
    }

    /// <summary>What one read of a counter or text file gave.</summary>
    internal enum ReadOutcome : byte
    {
        Ok = 0,

        /// <summary>The file or its directory does not exist (any more).</summary>
        Missing = 1,

        /// <summary>The file exists but this process may not read it.</summary>
        Denied = 2,

        /// <summary>The read failed for another reason, such as an I/O error from the driver.</summary>
        Failed = 3,

        /// <summary>The file was read but does not hold what it should.</summary>
        Invalid = 4,
    }
}
