using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Tracarbon.Attribution
{
    /// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> that attribution needs.</summary>
    internal readonly struct PidStat
    {
        public PidStat(int pid, string command, int parentId, ulong cpuTicks, ulong startTicks)
        {
            Pid = pid;
            Command = command;
            ParentId = parentId;
            CpuTicks = cpuTicks;
            StartTicks = startTicks;
        }

        public int Pid { get; }

        /// <summary>The comm field: up to 15 bytes of the program name, which may hold spaces and ')'.</summary>
        public string Command { get; }

        public int ParentId { get; }

        /// <summary>utime + stime, in clock ticks (USER_HZ, 100 per second on Linux).</summary>
        public ulong CpuTicks { get; }

        /// <summary>When the process started, in clock ticks after boot: with the pid, its identity.</summary>
        public ulong StartTicks { get; }
    }

    internal enum PidReadOutcome
    {
        Read,
        Gone,
        Denied,
    }

    /// <summary>Reads the per-process files under a proc root; a process may vanish between any two reads.</summary>
    internal static class ProcPidFiles
    {
        // Field numbers as proc(5) counts them, from 1; field 2 is the comm in parentheses.
        private const int ParentField = 4;
        private const int UserTimeField = 14;
        private const int SystemTimeField = 15;
        private const int StartTimeField = 22;
        private const int FirstFieldAfterCommand = 3;

        private const ulong BytesPerStatusKilobyte = 1024;

        /// <summary>
        /// Parses a stat line. The comm may contain spaces and parentheses, so the fields after it are
        /// found from the last ')' in the line, which the kernel always writes right after the comm.
        /// </summary>
        public static bool TryParseStat(string text, out PidStat stat)
        {
            stat = default;
            int open = text.IndexOf('(');
            int close = text.LastIndexOf(')');
            if (open <= 0 || close < open
                || !TryInt32(text.Substring(0, open).Trim(), out int pid))
            {
                return false;
            }

            string[] rest = text.Substring(close + 1)
                .Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            if (rest.Length <= StartTimeField - FirstFieldAfterCommand
                || !TryInt32(Field(rest, ParentField), out int parent)
                || !TryUInt64(Field(rest, UserTimeField), out ulong user)
                || !TryUInt64(Field(rest, SystemTimeField), out ulong system)
                || !TryUInt64(Field(rest, StartTimeField), out ulong start))
            {
                return false;
            }

            stat = new PidStat(pid, text.Substring(open + 1, close - open - 1), parent, user + system, start);
            return true;
        }

        public static PidReadOutcome TryReadStat(string procRoot, int pid, out PidStat stat)
        {
            stat = default;
            string? text = ReadOrNull(PidPath(procRoot, pid, "stat"), out bool denied);
            if (text == null)
            {
                return denied ? PidReadOutcome.Denied : PidReadOutcome.Gone;
            }

            return TryParseStat(text, out stat) && stat.Pid == pid ? PidReadOutcome.Read : PidReadOutcome.Gone;
        }

        /// <summary>
        /// Resident memory in bytes: <c>statm</c>'s second field in pages, else <c>status</c>' VmRSS in kB;
        /// null when neither can be read (the process ended, or the files are hidden).
        /// </summary>
        public static double? ResidentBytes(string procRoot, int pid, long pageSizeBytes)
        {
            string? statm = ReadOrNull(PidPath(procRoot, pid, "statm"), out _);
            string[] fields = statm?.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries)
                ?? Array.Empty<string>();
            if (fields.Length >= 2 && TryUInt64(fields[1], out ulong pages))
            {
                return (double)pages * pageSizeBytes;
            }

            string? status = ReadOrNull(PidPath(procRoot, pid, "status"), out _);
            foreach (string line in status?.Split('\n') ?? Array.Empty<string>())
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    string[] parts = line.Substring(6)
                        .Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length >= 1 && TryUInt64(parts[0], out ulong kilobytes))
                    {
                        return (double)kilobytes * BytesPerStatusKilobyte;
                    }
                }
            }

            return null;
        }

        /// <summary>Every process id under the proc root.</summary>
        public static List<int> ListPids(string procRoot)
        {
            var pids = new List<int>();
            string[] entries;
            try
            {
                entries = Directory.GetDirectories(procRoot);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return pids;
            }

            foreach (string entry in entries)
            {
                if (TryInt32(Path.GetFileName(entry), out int pid))
                {
                    pids.Add(pid);
                }
            }

            return pids;
        }

        /// <summary>
        /// The children of every thread of <paramref name="pid"/> from <c>task/*/children</c>; null when the
        /// kernel has no such files (it needs CONFIG_PROC_CHILDREN), so the caller scans parent ids instead.
        /// </summary>
        public static List<int>? Children(string procRoot, int pid)
        {
            string[] tasks;
            try
            {
                tasks = Directory.GetDirectories(PidPath(procRoot, pid, "task"));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }

            var children = new List<int>();
            bool anyFile = false;
            foreach (string task in tasks)
            {
                string? text = ReadOrNull(Path.Combine(task, "children"), out _);
                if (text == null)
                {
                    continue;
                }

                anyFile = true;
                foreach (string item in text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int child))
                    {
                        children.Add(child);
                    }
                }
            }

            return anyFile ? children : null;
        }

        private static string Field(string[] rest, int field) => rest[field - FirstFieldAfterCommand];

        private static string PidPath(string procRoot, int pid, string file) =>
            Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), file);

        private static bool TryInt32(string text, out int value) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

        private static bool TryUInt64(string text, out ulong value) =>
            ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

        internal static string? ReadOrNull(string path, out bool denied)
        {
            denied = false;
            try
            {
                return File.ReadAllText(path);
            }
            catch (UnauthorizedAccessException)
            {
                denied = true;
                return null;
            }
            catch (IOException)
            {
                // Missing, or the process ended after the open (ESRCH): either way it is gone.
                return null;
            }
        }
    }
}
