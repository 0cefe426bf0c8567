using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using Tracarbon.Platform;

namespace Tracarbon.Export
{
    /// <summary>
    /// A file that one exporter appends whole ticks to, shared by the file exporters: one session of
    /// this process per file, a fresh line after a torn one, each tick's text in one write at the end
    /// of the file (a record lock around it where the system has no append mode we can use), and a
    /// file deleted mid-session created again and reported.
    /// </summary>
    internal sealed class AppendFile : IDisposable
    {
        /// <summary>Sample time between two checks that the file is still there on the byte path: 250 ms.</summary>
        private const long PresenceCheckTicks = TimeSpan.TicksPerSecond / 4;

        /// <summary>The files open for writing in this process, so two sessions never share one.</summary>
        private static readonly ConcurrentDictionary<string, string> OpenFiles =
            new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        private readonly string? _header;
        private readonly byte[]? _headerBytes;

        /// <summary>Whether the path is a named pipe: written as a stream, never sought or locked.</summary>
        private bool _pipe;
        private FileStream? _stream;

        /// <summary>Set by Dispose; a null stream alone means the last reopen failed and is tried again.</summary>
        private bool _disposed;
        private byte[] _bytes = new byte[4096];
        private bool _claimed = true;

        /// <summary>The descriptor appends by itself (Linux, O_APPEND set); -1 where it does not.</summary>
        private int _appendDescriptor = -1;
        private long _nextPresenceCheck;

        private AppendFile(string path, string? header)
        {
            Path = path;
            _header = header;
            _headerBytes = header == null ? null : Utf8.GetBytes(header);
        }

        public string Path { get; }

        /// <summary>
        /// Claims <paramref name="path"/> for <paramref name="sessionName"/> and opens it for appending.
        /// <paramref name="header"/> is written, under the lock, whenever the file is empty (new, truncated
        /// or created again), so it lands once at the top even with another process appending.
        /// </summary>
        public static AppendFile Open(string path, string sessionName, string? header = null)
        {
            if (!OpenFiles.TryAdd(path, sessionName))
            {
                OpenFiles.TryGetValue(path, out string? owner);
                throw new FileInUseException(path, owner ?? "another session");
            }

            var file = new AppendFile(path, header);
            try
            {
                file.OpenStream();
                return file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Appends one tick's text in one locked write. Returns true when the file had been deleted
        /// since the last tick: it was created again and holds the text; the caller reports it with
        /// <see cref="RecreatedError"/> once its own counts are up to date.
        /// </summary>
        public bool Append(string text)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(AppendFile));
            }

            int count = Utf8.GetByteCount(text);
            if (count > _bytes.Length)
            {
                _bytes = new byte[Math.Max(count, _bytes.Length * 2)];
            }

            Utf8.GetBytes(text, 0, text.Length, _bytes, 0);
            return AppendChecked(_bytes, count);
        }

        /// <summary>
        /// Appends one tick's UTF-8 text, the first <paramref name="count"/> bytes of
        /// <paramref name="bytes"/>, as <see cref="Append(string)"/> does, except that whether the file
        /// is still there is asked at most once per 250 ms of sample time (<paramref name="sampleTicks"/>,
        /// the sample's timestamp): at 100 Hz asking each tick costs as much as the write. A file deleted
        /// mid-session can therefore take up to 250 ms of ticks into the unlinked inode before it is
        /// created again.
        /// </summary>
        public bool Append(byte[] bytes, int count, long sampleTicks)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(AppendFile));
            }

            if (_stream == null || sampleTicks >= _nextPresenceCheck ||
                sampleTicks < _nextPresenceCheck - PresenceCheckTicks)
            {
                _nextPresenceCheck = sampleTicks + PresenceCheckTicks;
                return AppendChecked(bytes, count);
            }

            WriteLocked(bytes, count);
            return false;
        }

        private bool AppendChecked(byte[] bytes, int count)
        {
            if (_stream == null || !File.Exists(Path))
            {
                // Writing on would fill an unlinked inode nobody can read. Opening again fails while the
                // directory is gone too: that tick's error is counted, and the next tick tries again.
                CloseStream();
                OpenStream();
                WriteLocked(bytes, count);
                return true;
            }

            WriteLocked(bytes, count);
            return false;
        }

        public IOException RecreatedError() =>
            new IOException($"The file '{Path}' was deleted during the session; it was created again.");

        /// <summary>
        /// A tracker often runs as root (RAPL needs it): a symbolic link planted at its target path would
        /// let anyone who can write the directory make it append to /etc/shadow. As root, refuse links.
        /// </summary>
        internal static void RefuseLinkWhenPrivileged(string path, bool privileged)
        {
            if (!privileged || !File.Exists(path) && !Directory.Exists(path))
            {
                return;
            }

            if ((File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0)
            {
                throw new UnauthorizedAccessException(
                    $"'{path}' is a symbolic link; running as root, the tracker does not follow links it writes through.");
            }
        }

        /// <summary>
        /// Refuses a path that names a block device, a socket, a directory or a kernel interface file, where
        /// every tick's write would fail; a regular file, a named pipe and a character device pass.
        /// </summary>
        internal static void RefuseUnsuitable(string path)
        {
            string? unsuitable = NativeFileKind.WhyUnsuitable(path);
            if (unsuitable != null)
            {
                throw new UnsuitablePathException(path, unsuitable);
            }
        }

        public void Flush()
        {
            _stream?.Flush();
        }

        public void Dispose()
        {
            _disposed = true;
            CloseStream();
            if (_claimed)
            {
                OpenFiles.TryRemove(Path, out _);
                _claimed = false;
            }
        }

        private void OpenStream()
        {
            RefuseLinkWhenPrivileged(Path, Platform.Privileges.IsRoot);
            RefuseUnsuitable(Path);
            if (NativeAppend.OpenPipe(Path) is FileStream pipe)
            {
                // A pipe is a fresh stream for its reader: the header first, and no seeking or locking.
                _stream = pipe;
                _pipe = true;
                if (_headerBytes != null)
                {
                    pipe.Write(_headerBytes, 0, _headerBytes.Length);
                    pipe.Flush();
                }

                _appendDescriptor = NativeAppend.Enable(pipe);
                return;
            }

            bool needsNewline = EndsWithoutNewline(Path);
            _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            if (needsNewline)
            {
                // An earlier run died mid-line: start ours on a fresh line so both stay readable.
                _stream.WriteByte((byte)'\n');
                _stream.Flush();
            }
            else if (_header != null)
            {
                WriteLocked(_bytes, 0);
            }

            // A header goes in only while the file is empty, which needs the lock around the check.
            _appendDescriptor = _header == null ? NativeAppend.Enable(_stream) : -1;
        }

        private void CloseStream()
        {
            _appendDescriptor = -1;
            _stream?.Dispose();
            _stream = null;
        }

        /// <summary>
        /// Writes at the end of the file as it is now, in one piece: another process appending to the same
        /// file then interleaves whole ticks and never overwrites ours. In append mode the kernel places
        /// each write at the end; elsewhere a record lock is held around a seek to the end and the write.
        /// </summary>
        private void WriteLocked(byte[] bytes, int count)
        {
            if (_appendDescriptor >= 0)
            {
                NativeAppend.Write(_appendDescriptor, bytes, count, Path);
                return;
            }

            if (_pipe)
            {
                _stream!.Write(bytes, 0, count);
                _stream.Flush();
                return;
            }

            FileStream stream = _stream!;
            bool locked = TryLock(stream);
            try
            {
                stream.Seek(0, SeekOrigin.End);
                if (_headerBytes != null && stream.Length == 0)
                {
                    stream.Write(_headerBytes, 0, _headerBytes.Length);
                }

                stream.Write(bytes, 0, count);
                stream.Flush();
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
                    Thread.Sleep(1);
                }
            }

            throw new IOException(
                "Another process held a lock on the file for over 200 ms; this tick was not written.");
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
    }
}
