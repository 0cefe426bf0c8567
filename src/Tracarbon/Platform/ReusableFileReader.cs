using System;
using System.IO;

namespace Tracarbon.Platform
{
    /// <summary>
    /// Reads a small kernel file (under <c>/proc</c> or <c>/sys</c>) into a buffer that is kept between
    /// reads, so the sampling path does not allocate a new array or string on every tick. The file is
    /// opened anew each time: a file that vanished or was replaced is noticed at once.
    /// </summary>
    internal sealed class ReusableFileReader
    {
        // A kernel file larger than this is not one of ours; refusing it bounds the buffer's growth.
        private const int MaxBytes = 1 << 20;

        private byte[] _buffer;

        public ReusableFileReader(string path, int initialCapacity = 4096)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            _buffer = new byte[Math.Max(64, initialCapacity)];
        }

        public string Path { get; }

        /// <summary>The bytes of the last read; only the first <see cref="Length"/> are valid.</summary>
        public byte[] Buffer => _buffer;

        public int Length { get; private set; }

        /// <summary>
        /// Reads the file from its start. With <paramref name="firstLineOnly"/> the read stops once a line
        /// break has arrived: <c>/proc/stat</c> continues with one counter per interrupt, tens of
        /// kilobytes on large machines, that the estimator never looks at.
        /// </summary>
        /// <exception cref="IOException">The file is missing, unreadable or too large.</exception>
        /// <exception cref="UnauthorizedAccessException">The file may not be read by this user.</exception>
        public void Read(bool firstLineOnly = false)
        {
            Length = 0;

            // A buffer size of 1 turns off FileStream's own buffer: our array is the only one.
            using var stream = new FileStream(
                Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            int total = 0;
            while (true)
            {
                if (total == _buffer.Length)
                {
                    Grow();
                }

                int count = stream.Read(_buffer, total, _buffer.Length - total);
                if (count == 0)
                {
                    break;
                }

                int scanFrom = total;
                total += count;
                if (firstLineOnly && Array.IndexOf(_buffer, (byte)'\n', scanFrom, count) >= 0)
                {
                    break;
                }
            }

            Length = total;
        }

        private void Grow()
        {
            if (_buffer.Length >= MaxBytes)
            {
                throw new IOException($"'{Path}' is larger than {MaxBytes} bytes; it is not a kernel counter file.");
            }

            Array.Resize(ref _buffer, Math.Min(MaxBytes, _buffer.Length * 2));
        }
    }
}
