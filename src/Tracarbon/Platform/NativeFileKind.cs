using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Tracarbon.Platform
{
    /// <summary>
    /// What an existing path names, for the file exporters, which append a tick at a time: a regular file
    /// on a disk, a named pipe or a character device (such as /dev/null or a terminal) take the lines; a
    /// block device, a socket, or a kernel interface file (procfs, sysfs and their kin, whose files look
    /// regular but reject or misread arbitrary text) do not. Linux only; elsewhere nothing is refused here.
    /// </summary>
    internal static class NativeFileKind
    {
        private const int CurrentDirectory = -100; // AT_FDCWD
        private const uint StatxType = 0x1;        // STATX_TYPE
        private const int StatxModeOffset = 28;    // stx_mode: after mask, blksize, attributes, nlink, uid, gid.
        private const int StatxLength = 256;
        private const int StatfsLength = 256;

        private const int TypeMask = 0xF000;       // S_IFMT
        private const int BlockDevice = 0x6000;    // S_IFBLK
        private const int Socket = 0xC000;         // S_IFSOCK
        private const int Directory = 0x4000;      // S_IFDIR
        private const int RegularFile = 0x8000;    // S_IFREG
        private const int NamedPipe = 0x1000;      // S_IFIFO

        /// <summary>The f_type of the kernel's pseudo file systems, whose files are interfaces, not storage.</summary>
        private static readonly (long Magic, string Name)[] KernelFileSystems =
        {
            (0x9fa0, "procfs"),
            (0x62656572, "sysfs"),
            (0x27e0eb, "cgroup"),
            (0x63677270, "cgroup2"),
            (0x64626720, "debugfs"),
            (0x74726163, "tracefs"),
            (0x73636673, "securityfs"),
            (0x62656570, "configfs"),
        };

        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        private static bool _broken;

        /// <summary>
        /// Why <paramref name="path"/> cannot take appended lines, such as "a block device"; null when it
        /// can, when it does not exist yet (it will be created as a regular file), or off Linux.
        /// Links are followed: what counts is what the writes would reach.
        /// </summary>
        public static string? WhyUnsuitable(string path)
        {
            if (!IsLinux || _broken)
            {
                return null;
            }

            try
            {
                byte[] name = Encoding.UTF8.GetBytes(path + "\0");
                var statx = new byte[StatxLength];
                if (Statx(CurrentDirectory, name, 0, StatxType, statx) != 0)
                {
                    return null;
                }

                int type = BitConverter.ToUInt16(statx, StatxModeOffset) & TypeMask;
                switch (type)
                {
                    case BlockDevice:
                        return "a block device";
                    case Socket:
                        return "a socket";
                    case Directory:
                        return "a directory";
                    case RegularFile:
                        string? system = KernelFileSystem(name);
                        return system == null ? null : $"a kernel interface file on {system}";
                    default:
                        return null;
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                _broken = true;
                return null;
            }
        }

        /// <summary>Whether <paramref name="path"/> (links followed) is a named pipe; false off Linux.</summary>
        public static bool IsNamedPipe(string path)
        {
            if (!IsLinux || _broken)
            {
                return false;
            }

            try
            {
                var statx = new byte[StatxLength];
                return Statx(CurrentDirectory, Encoding.UTF8.GetBytes(path + "\0"), 0, StatxType, statx) == 0 &&
                    (BitConverter.ToUInt16(statx, StatxModeOffset) & TypeMask) == NamedPipe;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                _broken = true;
                return false;
            }
        }

        /// <summary>
        /// Whether <paramref name="path"/> lies on a kernel file system (sysfs, procfs, cgroup, ...), whose
        /// files are made by the kernel and cannot be replaced by a rename; false off Linux.
        /// </summary>
        public static bool OnKernelFileSystem(string path)
        {
            if (!IsLinux || _broken)
            {
                return false;
            }

            try
            {
                return KernelFileSystem(Encoding.UTF8.GetBytes(path + "\0")) != null;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                _broken = true;
                return false;
            }
        }

        private static string? KernelFileSystem(byte[] name)
        {
            var buffer = new byte[StatfsLength];
            if (Statfs(name, buffer) != 0)
            {
                return null;
            }

            // f_type is the first field, a long: 8 bytes on 64-bit Linux, 4 on 32-bit.
            long magic = IntPtr.Size == 8 ? BitConverter.ToInt64(buffer, 0) : BitConverter.ToInt32(buffer, 0);
            foreach ((long Magic, string Name) system in KernelFileSystems)
            {
                if (system.Magic == magic)
                {
                    return system.Name;
                }
            }

            return null;
        }

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

        [DllImport("libc", EntryPoint = "statfs", SetLastError = true)]
        private static extern int Statfs(byte[] path, byte[] buffer);
    }
}
