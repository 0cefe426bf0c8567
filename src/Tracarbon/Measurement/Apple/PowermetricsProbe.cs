using System;
using System.Collections.Generic;
using System.Globalization;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.Apple
{
    /// <summary>
    /// CPU, GPU and system-on-chip power on Apple silicon, from <c>powermetrics</c> (root only). Each
    /// sample runs powermetrics for one window of <see cref="SampleMilliseconds"/>; its mean power stands
    /// for the whole interval. Host here is the chip (CPU + GPU + Neural Engine), not the display, storage
    /// or the rest of the machine.
    /// </summary>
    public sealed class PowermetricsProbe : Probe
    {
        /// <summary>The environment variable that names the powermetrics to run.</summary>
        public const string PathVariable = "TRACARBON_POWERMETRICS";

        public const string DefaultProgram = "/usr/bin/powermetrics";

        private static readonly Component[] Parts = { Component.Host, Component.Cpu, Component.Gpu };

        // powermetrics exits only after its window; this much more is allowed for it to start and print.
        private static readonly TimeSpan StartupAllowance = TimeSpan.FromSeconds(10);

        private readonly IProcessRunner _runner;
        private readonly IMacHost _host;
        private readonly string[] _arguments;

        /// <param name="runner">Runs powermetrics; tests pass one that replays recorded output.</param>
        /// <param name="programPath">An absolute path, or a name searched on PATH.</param>
        /// <param name="sampleMilliseconds">The window powermetrics averages over, in milliseconds.</param>
        public PowermetricsProbe(
            IProcessRunner runner, string programPath = DefaultProgram, int sampleMilliseconds = 1000)
            : this(runner, programPath, sampleMilliseconds, MacHost.Instance)
        {
        }

        internal PowermetricsProbe(IProcessRunner runner, string programPath, int sampleMilliseconds, IMacHost host)
        {
            if (sampleMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(sampleMilliseconds), sampleMilliseconds, "The sample window is at least 1 ms.");
            }

            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            _host = host;
            ProgramPath = string.IsNullOrWhiteSpace(programPath) ? DefaultProgram : programPath;
            SampleMilliseconds = sampleMilliseconds;
            _arguments = new[]
            {
                "--samplers", "cpu_power,gpu_power",
                "-i", sampleMilliseconds.ToString(CultureInfo.InvariantCulture),
                "-n", "1",
            };
        }

        /// <summary>
        /// A probe on the real powermetrics: <paramref name="programPath"/> when given, else the path in
        /// TRACARBON_POWERMETRICS, else <c>/usr/bin/powermetrics</c>.
        /// </summary>
        public static PowermetricsProbe Create(string? programPath = null, int sampleMilliseconds = 1000)
        {
            string? configured = string.IsNullOrWhiteSpace(programPath)
                ? Environment.GetEnvironmentVariable(PathVariable)
                : programPath;
            return new PowermetricsProbe(
                ProcessRunner.Instance,
                string.IsNullOrWhiteSpace(configured) ? DefaultProgram : configured!.Trim(),
                sampleMilliseconds);
        }

        public override string Name => "ApplePowermetrics";

        public override ProbeKind Kind => ProbeKind.Measured;

        public override IReadOnlyList<Component> Components => Parts;

        public override string Source => "powermetrics cpu_power,gpu_power";

        public string ProgramPath { get; }

        public int SampleMilliseconds { get; }

        /// <summary>The arguments powermetrics is started with, one element per argument.</summary>
        public IReadOnlyList<string> Arguments => _arguments;

        public override ProbeAvailability CheckAvailability()
        {
            if (!_host.IsMacOS)
            {
                return ProbeAvailability.No("powermetrics exists only on macOS.");
            }

            if (_runner.Resolve(ProgramPath) == null)
            {
                return ProbeAvailability.No(
                    $"no powermetrics: '{ProgramPath}' was not found.",
                    $"Set {PathVariable} to the full path of powermetrics.");
            }

            if (!_host.IsRoot)
            {
                return ProbeAvailability.No(
                    "powermetrics reads power counters only as root, and this process is not root.",
                    "Start PowerShell with 'sudo pwsh', or use the estimator instead.");
            }

            return ProbeAvailability.Yes;
        }

        public override void Start()
        {
            // Each run of powermetrics measures its own window, so there is no baseline to take.
        }

        public override void Sample(double intervalSeconds, ProbeReadings readings)
        {
            TimeSpan timeout = TimeSpan.FromMilliseconds(SampleMilliseconds) + StartupAllowance;
            ProcessResult result = _runner.Run(ProgramPath, _arguments, timeout);
            PowermetricsReading reading = PowermetricsParser.Parse(result.StandardOutput);

            if (reading.CpuWatts is double cpu)
            {
                readings.SetPower(Component.Cpu, cpu, "powermetrics CPU Power");
            }

            if (reading.GpuWatts is double gpu)
            {
                readings.SetPower(Component.Gpu, gpu, "powermetrics GPU Power");
            }

            if (reading.CombinedWatts is double combined)
            {
                readings.SetPower(Component.Host, combined, "powermetrics Combined Power (CPU + GPU + ANE)");
            }
            else if (reading.CpuWatts.HasValue && reading.GpuWatts.HasValue)
            {
                // Older macOS prints no combined line: the chip is then the sum of the parts it printed,
                // and the source says when the Neural Engine line was not among them.
                double host = reading.CpuWatts.Value + reading.GpuWatts.Value + (reading.AneWatts ?? 0);
                readings.SetPower(
                    Component.Host,
                    host,
                    reading.AneWatts.HasValue ? "powermetrics CPU + GPU + ANE Power" : "powermetrics CPU + GPU Power");
            }
        }
    }
}
