using System;
using System.IO;
using System.Linq;
using Tracarbon.Attribution;

namespace Tracarbon.Tests.Attribution
{
    /// <summary>
    /// A proc tree and a cgroup tree in a private temp folder, whose counters a test writes and advances
    /// between readings, the way the kernel would.
    /// </summary>
    internal sealed class KernelTree : IDisposable
    {
        public const string IdA = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
        public const string IdB = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
        public const string IdC = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
        public const string PodUid = "1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901";

        public KernelTree()
        {
            Root = Path.Combine(Path.GetTempPath(), "tracarbon-tests", "attribution-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Proc);
            Directory.CreateDirectory(Cgroup);
            Meminfo(1_000_000);
        }

        public string Root { get; }

        public string Proc => Path.Combine(Root, "proc");

        public string Cgroup => Path.Combine(Root, "cgroup");

        /// <summary>The aggregate cpu line: all busy jiffies as user time, the rest as idle.</summary>
        public void Machine(ulong busy, ulong idle) => MachineLine($"cpu  {busy} 0 0 {idle} 0 0 0 0 0 0");

        public void MachineLine(string line) =>
            File.WriteAllText(Path.Combine(Proc, "stat"), line + "\ncpu0 1 0 0 1 0 0 0 0 0 0\nintr 0\n");

        /// <summary>MemTotal in kB of 1024 bytes.</summary>
        public void Meminfo(ulong totalKilobytes) => File.WriteAllText(
            Path.Combine(Proc, "meminfo"), $"MemTotal:       {totalKilobytes} kB\nMemFree:        1000 kB\n");

        /// <summary>MemTotal and MemAvailable in kB of 1024 bytes: in use is their difference.</summary>
        public void Meminfo(ulong totalKilobytes, ulong availableKilobytes) => File.WriteAllText(
            Path.Combine(Proc, "meminfo"),
            $"MemTotal:       {totalKilobytes} kB\nMemFree:        1000 kB\nMemAvailable:   {availableKilobytes} kB\n");

        /// <summary>
        /// Writes a process's stat and statm. cutime and cstime (a waited-for child's time) are set too, so a
        /// reader that counted them would be caught.
        /// </summary>
        public void Process(
            int pid, string comm, int parent, ulong utime, ulong stime, ulong start, ulong residentPages = 0)
        {
            string directory = Path.Combine(Proc, pid.ToString());
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "stat"),
                $"{pid} ({comm}) S {parent} {pid} {pid} 0 -1 4194304 100 0 0 0 {utime} {stime} 7000 9000 20 0 1 0 "
                + $"{start} 3133440 {residentPages} 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
            File.WriteAllText(Path.Combine(directory, "statm"), $"765 {residentPages} 414 5 0 123 0\n");
        }

        public void Exit(int pid) => Directory.Delete(Path.Combine(Proc, pid.ToString()), recursive: true);

        /// <summary>The kernel's list of a thread's children; <paramref name="thread"/> defaults to the pid.</summary>
        public void Children(int pid, int[] children, int? thread = null)
        {
            string task = Path.Combine(Proc, pid.ToString(), "task", (thread ?? pid).ToString());
            Directory.CreateDirectory(task);
            string list = string.Join(" ", children.Select(c => c.ToString()));
            File.WriteAllText(Path.Combine(task, "children"), list + " ");
        }

        /// <summary>A v2 group with its CPU time in µs and its memory in bytes.</summary>
        public void GroupV2(string relative, ulong usageMicroseconds, ulong memoryBytes)
        {
            File.WriteAllText(Path.Combine(Cgroup, "cgroup.controllers"), "cpuset cpu io memory pids\n");
            string directory = Under(Cgroup, relative);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "cpu.stat"),
                $"usage_usec {usageMicroseconds}\nuser_usec {usageMicroseconds / 2}\n"
                + $"system_usec {usageMicroseconds / 2}\n");
            File.WriteAllText(Path.Combine(directory, "memory.current"), memoryBytes + "\n");
        }

        /// <summary>A v1 group with its CPU time in ns under cpuacct and its memory in bytes under memory.</summary>
        public void GroupV1(string relative, ulong usageNanoseconds, ulong memoryBytes)
        {
            string cpu = Under(Path.Combine(Cgroup, "cpuacct"), relative);
            string memory = Under(Path.Combine(Cgroup, "memory"), relative);
            Directory.CreateDirectory(cpu);
            Directory.CreateDirectory(memory);
            File.WriteAllText(Path.Combine(cpu, "cpuacct.usage"), usageNanoseconds + "\n");
            File.WriteAllText(Path.Combine(memory, "memory.usage_in_bytes"), memoryBytes + "\n");
        }

        /// <summary>A directory with no counters: a slice, or a group that holds no container.</summary>
        public void Folder(string relative) => Directory.CreateDirectory(Under(Cgroup, relative));

        public void RemoveGroup(string relative)
        {
            foreach (string root in new[] { Cgroup, Path.Combine(Cgroup, "cpuacct"), Path.Combine(Cgroup, "memory") })
            {
                string directory = Under(root, relative);
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }

        public AttributionOptions Options() => new AttributionOptions { ProcRoot = Proc, CgroupRoot = Cgroup };

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the test's result is what matters.
            }
        }

        private static string Under(string root, string relative) =>
            Path.Combine(root, relative.Trim('/').Replace('/', Path.DirectorySeparatorChar));
    }

    internal static class Split
    {
        /// <summary>Asserts that the rows of an interval give back the host's energy to 1e-9 J.</summary>
        public static void AddsUp(AttributionResult result, double hostJoules)
        {
            double sum = 0;
            foreach (WorkloadEnergy row in result.Rows)
            {
                Xunit.Assert.True(double.IsFinite(row.EnergyJoules) && row.EnergyJoules >= 0, row.ToString());
                Xunit.Assert.True(double.IsFinite(row.CpuShare), row.ToString());
                Xunit.Assert.InRange(row.CpuShare, 0, 1);
                Xunit.Assert.True(double.IsFinite(row.MemoryShare), row.ToString());
                Xunit.Assert.True(double.IsFinite(row.EmissionsGrams), row.ToString());
                sum += row.EnergyJoules;
            }

            Xunit.Assert.InRange(System.Math.Abs(sum - hostJoules), 0, 1e-9);
        }
    }
}
