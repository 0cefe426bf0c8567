using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using Tracarbon.Measurement.Estimation;
using Tracarbon.Tracking;

namespace Tracarbon.Benchmarks
{
    /// <summary>
    /// Issue item 3: the estimator's tick on this machine's real /proc, against reading the files it
    /// reads (CPU time and memory in use; the cgroup's own files where a quota applies) and nothing else.
    /// </summary>
    [Config(typeof(ShortConfig))]
    public class EstimatorBenchmarks
    {
        public const int TicksPerCall = 1_000;

        private readonly byte[] _buffer = new byte[4096];
        private string[] _files = null!;
        private TrackingSession _session = null!;

        [GlobalSetup]
        public void Setup()
        {
            var probe = new EstimatorProbe(EstimatorOptions.Default);
            CgroupLimits limits = CgroupLimits.Detect(EstimatorOptions.DefaultCgroupRoot);
            string cpu = probe.UsesCgroupCpuUsage ? probe.UtilisationSource : "/proc/stat";
            string memory = limits.HasMemoryLimit ? limits.MemoryUsagePath! : "/proc/meminfo";
            _files = new[] { cpu, memory };
            Console.WriteLine($"// Estimator reads '{cpu}' and '{memory}'; source: {probe.Source}");
            _session = BenchSessions.Start(probe);
        }

        [GlobalCleanup]
        public void Cleanup() => _session.Dispose();

        [Benchmark(Baseline = true, Description = "read /proc/stat + /proc/meminfo: File.OpenHandle + RandomAccess.Read")]
        public int ReadProcFiles()
        {
            int total = 0;
            foreach (string path in _files)
            {
                using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                total += RandomAccess.Read(handle, _buffer, 0);
            }

            return total;
        }

        [Benchmark(OperationsPerInvoke = TicksPerCall, Description = "tick: estimator on /proc, no exporter")]
        public void TickEstimator() => BenchSessions.Tick(_session, TicksPerCall);
    }
}
