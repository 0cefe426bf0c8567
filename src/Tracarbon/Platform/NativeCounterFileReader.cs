using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Tracarbon.Platform
{
    /// <summary>
    /// Reads counter files with the C library's system calls. Unlike a FileStream, which builds a
    /// handle, a strategy and a stream object per open, this allocates nothing on the managed heap: the
    /// path is a pre-encoded byte array and the buffer is reused.
    /// </summary>
    /// <remarks>
    /// On Linux a file read on every tick is opened once and read again with <c>pread</c> at offset 0,
    /// which makes sysfs produce the attribute afresh: one system call a counter instead of three. A
    /// sysfs attribute (or any file of a kernel file system) cannot be replaced while open (a removed device answers the read with an error,
    /// and the path is then opened again, which tells what happened). A file elsewhere, such as a test
    /// tree or a copy of one, can be replaced by a rename or deleted, and the open descriptor would go
    /// on reading the old inode: before each read its link count is looked at (<c>statx</c>), and a
    /// file with no links left is opened again by its path. A file rewritten in place is read anew by
    /// the <c>pread</c> itself.
    /// </remarks>
    internal sealed class NativeCounterFileReader : CounterFileReader
    {
        // errno values shared by Linux and macOS.
        private const int EPERM = 1;
        private const int ENOENT = 2;
        private const int EINTR = 4;
        private const int ENXIO = 6;
        private const int EACCES = 13;
        private const int ENODEV = 19;
        private const int ENOTDIR = 20;
        private const int ENOSYS = 38;

        private const int ReadOnly = 0;
        private const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux.

        private const int AtEmptyPath = 0x1000; // AT_EMPTY_PATH
        private const uint StatxNlink = 0x4; // STATX_NLINK
        private const int StatxNlinkOffset = 16; // stx_nlink: after stx_mask, stx_blksize and stx_attributes.
        private const int StatxLength = 256;

        private static readonly byte[] EmptyPath = { 0 };
        private static readonly Lazy<bool> CanKeep = new Lazy<bool>(ProbeKeeping);

        private readonly List<KeptDescriptor> _kept = new List<KeptDescriptor>();
        private readonly byte[] _statx = new byte[StatxLength];
        private readonly bool _keep;

        public NativeCounterFileReader()
            : this(CanKeep.Value)
        {
        }

        /// <param name="keep">Whether files read on every tick are kept open; tests compare both ways.</param>
        internal NativeCounterFileReader(bool keep)
        {
            _keep = keep;
        }

        /// <summary>How many descriptors this reader holds open now.</summary>
        internal int KeptCount => _kept.Count;

        /// <summary>
        /// Whether the C library can be bound here. Closing descriptor -1 is harmless: it only sets
        /// EBADF, and a missing library or entry point shows up as an exception.
        /// </summary>
        public static bool Works()
        {
            try
            {
                Close(-1);
                return true;
            }
            catch (Exception ex) when (IsBindingFailure(ex))
            {
                return false;
            }
        }

        public override void Dispose()
        {
            foreach (KeptDescriptor kept in _kept)
            {
                kept.File.Kept = null;
                kept.Dispose();
            }

            _kept.Clear();
        }

        protected override ReadOutcome ReadBytes(CounterFile file, bool keepOpen, out int count)
        {
            count = 0;
            KeptDescriptor? kept = file.Kept;
            if (kept != null && kept.Owner == this)
            {
                if (StillLinked(kept))
                {
                    long n = ReadAtStart(kept.Descriptor);
                    if (n >= 0)
                    {
                        count = (int)n;
                        return ReadOutcome.Ok;
                    }
                }

                // Replaced, deleted or failing: let go of it, and opening the path again tells which.
                Drop(kept);
            }

            int fd;
            do
            {
                fd = Open(file.NativePath, ReadOnly | CloseOnExec);
            }
            while (fd < 0 && Marshal.GetLastWin32Error() == EINTR);

            if (fd < 0)
            {
                return FromErrno(Marshal.GetLastWin32Error());
            }

            // Sysfs hands over the whole attribute on the first read, as does a regular file of a few
            // bytes, so one call is enough; a full buffer is rejected by the caller.
            long read = ReadAtStart(fd);
            if (read < 0)
            {
                int errno = Marshal.GetLastWin32Error();
                Close(fd);
                return FromErrno(errno);
            }

            count = (int)read;
            if (keepOpen && _keep)
            {
                var descriptor = new KeptDescriptor(this, file, fd, checkLinks: !NativeFileKind.OnKernelFileSystem(file.Path));
                file.Kept = descriptor;
                _kept.Add(descriptor);
            }
            else
            {
                Close(fd);
            }

            return ReadOutcome.Ok;
        }

        private long ReadAtStart(int fd)
        {
            long n;
            do
            {
                n = ReadAt(fd, Buffer, (IntPtr)Buffer.Length, IntPtr.Zero).ToInt64();
            }
            while (n < 0 && Marshal.GetLastWin32Error() == EINTR);

            return n;
        }

        private bool StillLinked(KeptDescriptor kept)
        {
            if (!kept.CheckLinks)
            {
                return true;
            }

            if (Statx(kept.Descriptor, EmptyPath, AtEmptyPath, StatxNlink, _statx) != 0)
            {
                return false;
            }

            return BitConverter.ToUInt32(_statx, StatxNlinkOffset) > 0;
        }

        private void Drop(KeptDescriptor kept)
        {
            kept.File.Kept = null;
            _kept.Remove(kept);
            kept.Dispose();
        }

        /// <summary>
        /// Keeping files open needs Linux (the <c>pread</c> at 0 and the link check) and a C library and
        /// kernel with <c>statx</c> (glibc 2.28, Linux 4.11); elsewhere every read opens the file.
        /// </summary>
        private static bool ProbeKeeping()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return false;
            }

            try
            {
                if (Statx(-1, EmptyPath, AtEmptyPath, StatxNlink, new byte[StatxLength]) == 0)
                {
                    return true;
                }

                return Marshal.GetLastWin32Error() != ENOSYS;
            }
            catch (Exception ex) when (IsBindingFailure(ex))
            {
                return false;
            }
        }

        private static bool IsBindingFailure(Exception ex) =>
            ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException;

        private static ReadOutcome FromErrno(int errno)
        {
            switch (errno)
            {
                case ENOENT:
                case ENOTDIR:
                case ENODEV:
                case ENXIO:
                    return ReadOutcome.Missing;
                case EACCES:
                case EPERM:
                    return ReadOutcome.Denied;
                default:
                    return ReadOutcome.Failed;
            }
        }

        // "libc" is the name the .NET runtime maps to the platform's C library (libc.so.6 on glibc).
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int Open(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "pread", SetLastError = true)]
        private static extern IntPtr ReadAt(int fd, byte[] buffer, IntPtr count, IntPtr offset);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        internal static extern int Close(int fd);

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

    }

    /// <summary>
    /// A descriptor a <see cref="NativeCounterFileReader"/> keeps open on a counter file. It is closed
    /// when the reader is disposed, when the file is found replaced, or by the finalizer when neither
    /// happened before the reader was dropped.
    /// </summary>
    internal sealed class KeptDescriptor : IDisposable
    {
        private int _descriptor;

        public KeptDescriptor(NativeCounterFileReader owner, CounterFile file, int descriptor, bool checkLinks)
        {
            Owner = owner;
            File = file;
            _descriptor = descriptor;
            CheckLinks = checkLinks;
        }

        ~KeptDescriptor()
        {
            Release();
        }

        public NativeCounterFileReader Owner { get; }

        public CounterFile File { get; }

        public int Descriptor => _descriptor;

        /// <summary>Whether the file could be replaced while open, so its link count is looked at first.</summary>
        public bool CheckLinks { get; }

        public void Dispose()
        {
            Release();
            GC.SuppressFinalize(this);
        }

        private void Release()
        {
            int fd = System.Threading.Interlocked.Exchange(ref _descriptor, -1);
            if (fd >= 0)
            {
                NativeCounterFileReader.Close(fd);
            }
        }
    }
}
