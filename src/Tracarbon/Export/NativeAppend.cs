using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using Tracarbon.Platform;

namespace Tracarbon.Export
{
    /// <summary>
    /// Append mode on Linux: with O_APPEND set on the file's descriptor, the kernel puts each write at
    /// the end of the file as it is at that moment, in one piece, so whole ticks from several processes
    /// interleave without a record lock and without a seek before each write. A tick then costs one
    /// system call where the locked path costs four (lock, seek, write, unlock).
    /// </summary>
    /// <remarks>
    /// Linux only: there pwrite and write both append on such a descriptor. macOS honours the offset of
    /// pwrite, which FileStream uses, and Windows has no such flag through FileStream; both keep the lock.
    /// </remarks>
    internal static class NativeAppend
    {
        private const int GetStatusFlags = 3;   // F_GETFL
        private const int SetStatusFlags = 4;   // F_SETFL
        private const int AppendFlag = 0x400;   // O_APPEND on every Linux architecture .NET runs on.
        private const int Interrupted = 4;      // EINTR
        private const int NoReader = 6;         // ENXIO
        private const int WriteOnly = 1;        // O_WRONLY
        private const int NonBlocking = 0x800;  // O_NONBLOCK on x86-64 and arm64
        private const int CloseOnExec = 0x80000; // O_CLOEXEC

        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        private static bool _broken;

        /// <summary>
        /// Sets O_APPEND on <paramref name="stream"/>'s descriptor and returns the descriptor, which stays
        /// the stream's to close; -1 where append mode is not available (the caller keeps the lock).
        /// </summary>
        public static int Enable(FileStream stream)
        {
            if (!IsLinux || _broken)
            {
                return -1;
            }

            try
            {
                int descriptor = stream.SafeFileHandle.DangerousGetHandle().ToInt32();
                int flags = Fcntl(descriptor, GetStatusFlags, 0);
                if (flags < 0 || Fcntl(descriptor, SetStatusFlags, flags | AppendFlag) < 0)
                {
                    return -1;
                }

                return descriptor;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                _broken = true;
                return -1;
            }
        }

        /// <summary>
        /// Opens a named pipe to write to it, without waiting for a reader: null when
        /// <paramref name="path"/> is not a named pipe (or off Linux), so the caller opens it as a file.
        /// A pipe nobody reads would make a blocking open wait forever, hanging the command that starts
        /// the session: the non-blocking open fails with ENXIO exactly then, and that is an IOException.
        /// The descriptor of the successful open is the one kept for writing (made blocking again): closing
        /// it and opening anew would tell a reader such as <c>cat</c> that the writer had finished.
        /// </summary>
        public static FileStream? OpenPipe(string path)
        {
            if (!IsLinux || _broken || !NativeFileKind.IsNamedPipe(path))
            {
                return null;
            }

            try
            {
                int descriptor = Open(path, WriteOnly | NonBlocking | CloseOnExec);
                if (descriptor < 0)
                {
                    if (Marshal.GetLastWin32Error() == NoReader)
                    {
                        throw new IOException(
                            $"'{path}' is a named pipe that nothing reads: writing to it would wait forever.");
                    }

                    return null;
                }

                int flags = Fcntl(descriptor, GetStatusFlags, 0);
                if (flags < 0 || Fcntl(descriptor, SetStatusFlags, flags & ~NonBlocking) < 0)
                {
                    Close(descriptor);
                    return null;
                }

                var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
                return new FileStream(handle, FileAccess.Write, bufferSize: 1);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                _broken = true;
                return null;
            }
        }

        /// <summary>Writes all <paramref name="count"/> bytes; a failure throws as FileStream would.</summary>
        public static void Write(int descriptor, byte[] bytes, int count, string path)
        {
            int done = 0;
            while (done < count)
            {
                long written = Write(descriptor, ref bytes[done], (IntPtr)(count - done)).ToInt64();
                if (written < 0)
                {
                    int errno = Marshal.GetLastWin32Error();
                    if (errno == Interrupted)
                    {
                        continue;
                    }

                    // Win32Exception reads the system's own message for an errno on Unix.
                    throw new IOException(new Win32Exception(errno).Message + " : '" + path + "'");
                }

                if (written == 0)
                {
                    throw new IOException($"The system wrote nothing of {count - done} bytes to '{path}'.");
                }

                done += (int)written;
            }
        }

        // fcntl takes a variable argument list; an int in the third place is passed as a fixed one is on
        // the Linux ABIs .NET supports.
        [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
        private static extern int Fcntl(int descriptor, int command, int argument);

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int Open(string path, int flags);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        private static extern int Close(int descriptor);

        [DllImport("libc", EntryPoint = "write", SetLastError = true)]
        private static extern IntPtr Write(int descriptor, ref byte buffer, IntPtr count);
    }
}
