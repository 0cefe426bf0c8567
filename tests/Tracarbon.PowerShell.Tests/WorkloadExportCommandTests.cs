using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Xunit;

namespace Tracarbon.PowerShell.Tests
{
    /// <summary>
    /// Start-CarbonTracking over fixture powercap, proc and cgroup v2 roots: a tracked group's share goes out
    /// through the session's exporter, beside the host's records, and into the report.
    /// </summary>
    public sealed class WorkloadExportCommandTests : IDisposable
    {
        private const string App = "/system.slice/app.service";

        private static readonly string[] Roots =
            { "TRACARBON_POWERCAP_ROOT", "TRACARBON_PROC_ROOT", "TRACARBON_CGROUP_ROOT" };

        private readonly PowerShellHost _ps = new PowerShellHost();
        private readonly string _dir = Directory.CreateTempSubdirectory("tracarbon-wl-").FullName;

        public void Dispose()
        {
            _ps.Run("Stop-CarbonTracking -ErrorAction SilentlyContinue | Out-Null");
            foreach (string variable in Roots)
            {
                _ps.Run($"Remove-Item Env:{variable} -ErrorAction SilentlyContinue");
            }

            _ps.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        private string Write(string relative, string text)
        {
            string path = Path.Combine(_dir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        /// <summary>The counters at a moment: RAPL package µJ, machine busy jiffies, the group's µs.</summary>
        private void Counters(long packageMicrojoules, long busyJiffies, long groupMicroseconds)
        {
            Write("powercap/intel-rapl:0/energy_uj", packageMicrojoules + "\n");
            Write("proc/stat", $"cpu  {busyJiffies} 0 0 1000 0 0 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0 0 0\n");
            Write("cgroup/system.slice/app.service/cpu.stat", $"usage_usec {groupMicroseconds}\n");
        }

        [Fact]
        public void OnCgroupV1AGroupIsNamedAsProcListsItAndAPathWithTheHierarchyIsRefused()
        {
            string id = string.Concat(Enumerable.Repeat("ab12", 16));
            Write("powercap/intel-rapl:0/name", "package-0\n");
            Write("powercap/intel-rapl:0/max_energy_range_uj", "262143328850\n");
            Write("proc/meminfo", "MemTotal:       1000000 kB\nMemFree:        1000 kB\n");
            Write($"cgroup/memory/docker/{id}/memory.usage_in_bytes", "0\n");
            void V1Counters(long microjoules, long busy, long groupNanoseconds)
            {
                Write("powercap/intel-rapl:0/energy_uj", microjoules + "\n");
                Write("proc/stat", $"cpu  {busy} 0 0 1000 0 0 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0 0 0\n");
                Write($"cgroup/cpuacct/docker/{id}/cpuacct.usage", groupNanoseconds + "\n");
            }

            V1Counters(1_000_000, 0, 0);
            foreach (string variable in Roots)
            {
                string folder = Path.Combine(_dir, variable.Split('_')[1].ToLowerInvariant());
                _ps.Run($"$env:{variable} = '{folder}'");
            }

            // The hierarchy's own name is not part of the group's path: refused, not tracked at 0.
            ErrorRecord refused = _ps.RunFailing(
                $"Start-CarbonTracking -Probe Rapl -Cgroup /cpuacct/docker/{id} -Country FR");
            Assert.Equal("CgroupNotFound", refused.FullyQualifiedErrorId.Split(',')[0]);

            _ps.Run($"Start-CarbonTracking -Probe Rapl -Cgroup /docker/{id} -IntervalSeconds 3600 -Country FR");
            V1Counters(31_000_000, 400, 1_000_000_000);
            var rows = _ps.Run("Stop-CarbonTracking").Select(o => (ComponentReport)o.BaseObject).ToList();

            // 1 CPU-second of the machine's 4 busy ones: a quarter of the package's 30 J.
            ComponentReport group = rows.Single(
                r => r.Workload == id.Substring(0, 12) && r.Component == Measurement.Component.Cpu);
            Assert.Equal(7.5, group.EnergyJoules, 1e-9);
        }

        [Fact]
        public void StartCarbonTrackingWithACgroupExportsTheGroupsShareBesideTheHost()
        {
            Write("powercap/intel-rapl:0/name", "package-0\n");
            Write("powercap/intel-rapl:0/max_energy_range_uj", "262143328850\n");
            Write("proc/meminfo", "MemTotal:       1000000 kB\nMemFree:        1000 kB\n");
            Write("cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
            Write("cgroup/system.slice/app.service/memory.current", "0\n");
            Counters(1_000_000, 0, 0);
            foreach (string variable in Roots)
            {
                string folder = Path.Combine(_dir, variable.Split('_')[1].ToLowerInvariant());
                _ps.Run($"$env:{variable} = '{folder}'");
            }

            string json = Path.Combine(_dir, "run.jsonl");
            _ps.Run($"Start-CarbonTracking -Probe Rapl -Cgroup {App} -Exporter Json -Path '{json}' " +
                "-IntervalSeconds 3600 -Country FR");

            // One interval, taken at stop: the package drew 30 J while the machine was busy 4 CPU-seconds,
            // of which the group used 1.
            Counters(31_000_000, 400, 1_000_000);
            var rows = _ps.Run("Stop-CarbonTracking").Select(o => (ComponentReport)o.BaseObject).ToList();

            JsonElement[] records = File.ReadAllLines(json).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            JsonElement Record(string name) => records.Single(r => r.GetProperty("metric_name").GetString() == name);
            double Value(string name) => Record(name).GetProperty("metric_value").GetDouble();

            // Host and cpu records, then six for the group and six for the unattributed rest.
            Assert.Equal(4 + 6 + 6, records.Length);
            Assert.Equal(
                new[] { "platform:Linux", "location:FR", "container_id:" + App, "units:watts" },
                Record("tracarbon.energy_consumption_container_cpu").GetProperty("metric_tags").EnumerateArray()
                    .Select(t => t.GetString()));
            double host = Value("tracarbon.energy_consumption_host");
            Assert.Equal(0.25, Value("tracarbon.energy_consumption_container_total") / host, 1e-12);
            Assert.Equal(0.75, Value("tracarbon.energy_consumption_unattributed_total") / host, 1e-12);
            Assert.Equal(
                0.25 * Value("tracarbon.carbon_emission_host"),
                Value("tracarbon.carbon_emission_container_total"),
                1e-15);

            // The report's rows, unchanged: the group's 7.5 J of the 30.
            ComponentReport group = rows.Single(r => r.Workload == App && r.Component == Measurement.Component.Cpu);
            Assert.Equal(7.5, group.EnergyJoules, 1e-9);
            Assert.Equal(30, rows.Single(r => r.Workload == "Host" && r.Component == Measurement.Component.Cpu)
                .EnergyJoules, 1e-9);
        }
    }
}
