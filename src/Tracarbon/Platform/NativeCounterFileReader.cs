using System;
using System.Runtime.InteropServices;

namespace Tracarbon.Platform
{
    /// <summary>
    /// Reads counter files with the C library's open, read and close. Unlike a FileStream, which
    /// builds a handle, a strategy and a stream object per open, this allocates nothing on the
    /// managed heap: the path is a pre-encoded byte array and the buffer is reused.
    /// </summary>
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

        private const int ReadOnly = 0;

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
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException ||
                                       ex is BadImageFormatException)
            {
                return false;
            }
        }

        protected override ReadOutcome ReadBytes(CounterFile file, out int count)
        {
            count = 0;
            int fd;
            do
            {
                fd = Open(file.NativePath, ReadOnly);
            }
            while (fd < 0 && Marshal.GetLastWin32Error() == EINTR);

            if (fd < 0)
            {
                return FromErrno(Marshal.GetLastWin32Error());
            }

            try
            {
                long n;
                do
                {
                    // Sysfs hands over the whole attribute on the first read, as does a regular file of a
                    // few bytes, so one call is enough; a full buffer is rejected by the caller.
                    n = Read(fd, Buffer, (IntPtr)Buffer.Length).ToInt64();
                }
                while (n < 0 && Marshal.GetLastWin32Error() == EINTR);

                if (n < 0)
                {
                    return FromErrno(Marshal.GetLastWin32Error());
                }

                count = (int)n;
                return ReadOutcome.Ok;
            }
            finally
            {
                Close(fd);
            }
        }

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

        [DllImport("libc", EntryPoint = "read", SetLastError = true)]
        private static extern IntPtr Read(int fd, byte[] buffer, IntPtr count);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        private static extern int Close(int fd);
    }
}
