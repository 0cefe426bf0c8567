using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Tracarbon.Platform
{
    /// <summary>
    /// Reads sysfs counter files. One instance belongs to one probe: it owns a scratch buffer that
    /// each read reuses, and the descriptors it keeps open between ticks, so it is not safe to share
    /// between threads. Disposing it closes those descriptors; it can read again afterwards.
    /// </summary>
    internal abstract class CounterFileReader : IDisposable
    {
        /// <summary>
        /// 20 digits hold any 64-bit value; with the newline that is 21 bytes. A file that fills the
        /// buffer is longer than any counter and is rejected.
        /// </summary>
        protected const int BufferLength = 32;

        private static readonly Lazy<bool> NativeWorks = new Lazy<bool>(NativeCounterFileReader.Works);

        protected byte[] Buffer { get; } = new byte[BufferLength];

        /// <summary>
        /// The reader that allocates least where it runs: direct system calls on Linux and macOS,
        /// a <see cref="FileStream"/> elsewhere or where the C library cannot be bound.
        /// </summary>
        public static CounterFileReader CreateDefault()
        {
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            return !windows && NativeWorks.Value
                ? new NativeCounterFileReader()
                : (CounterFileReader)new ManagedCounterFileReader();
        }

        /// <summary>Reads one unsigned decimal counter. Nothing is allocated on success.</summary>
        /// <param name="keepOpen">
        /// Whether the file is read again on every tick, so that a reader which can keep its descriptor
        /// open between reads should; discovery's one-off reads pass false and leave nothing open.
        /// </param>
        public ReadOutcome ReadUInt64(CounterFile file, out ulong value, bool keepOpen = false)
        {
            value = 0;
            ReadOutcome outcome = ReadBytes(file, keepOpen, out int count);
            if (outcome != ReadOutcome.Ok)
            {
                return outcome;
            }

            if (count >= BufferLength || !DecimalCounterText.TryParse(Buffer, count, out value))
            {
                return ReadOutcome.Invalid;
            }

            return ReadOutcome.Ok;
        }

        /// <summary>Reads a short text file such as a zone's <c>name</c>; used at discovery only.</summary>
        public virtual ReadOutcome ReadText(string path, out string text)
        {
            text = string.Empty;
            try
            {
                text = File.ReadAllText(path).Trim();
                return ReadOutcome.Ok;
            }
            catch (Exception ex) when (IsFileError(ex))
            {
                return Classify(ex);
            }
        }

        /// <summary>Closes whatever descriptors the reader kept open; the next read opens its file again.</summary>
        public virtual void Dispose()
        {
        }

        /// <summary>Fills <see cref="Buffer"/> from the start of the file.</summary>
        protected abstract ReadOutcome ReadBytes(CounterFile file, bool keepOpen, out int count);

        /// <summary>The exceptions that opening or reading a file throws for reasons outside the process.</summary>
        protected static bool IsFileError(Exception ex) =>
            ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException ||
            ex is System.Security.SecurityException;

        protected static ReadOutcome Classify(Exception ex)
        {
            switch (ex)
            {
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return ReadOutcome.Missing;
                case UnauthorizedAccessException _:
                case System.Security.SecurityException _:
                    return ReadOutcome.Denied;
                default:
                    return ReadOutcome.Failed;
            }
        }
    }

    /// <summary>The portable reader: a <see cref="FileStream"/> per read, which allocates a few objects.</summary>
    internal sealed class ManagedCounterFileReader : CounterFileReader
    {
        protected override ReadOutcome ReadBytes(CounterFile file, bool keepOpen, out int count)
        {
            count = 0;
            try
            {
                // bufferSize 1 turns off FileStream's own buffer: the counter lands in ours directly.
                using (var stream = new FileStream(
                    file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1))
                {
                    count = stream.Read(Buffer, 0, Buffer.Length);
                }

                return ReadOutcome.Ok;
            }
            catch (Exception ex) when (IsFileError(ex))
            {
                return Classify(ex);
            }
        }
    }
}
