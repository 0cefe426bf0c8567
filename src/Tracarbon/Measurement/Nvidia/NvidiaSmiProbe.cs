using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Tracarbon.Platform;

namespace Tracarbon.Measurement.Nvidia
{
    /// <summary>
    /// The power draw of every NVIDIA GPU, from <c>nvidia-smi</c>. It reports a mean power, which the
    /// session turns into energy over the interval. The GPU total is the sum of the boards that report;
    /// one board without a sensor leaves the others counted, and a total is missing, never 0, when no
    /// board reports.
    /// </summary>
    public sealed class NvidiaSmiProbe : Probe
    {
        /// <summary>The environment variable that names the nvidia-smi to run.</summary>
        public const string PathVariable = "TRACARBON_NVIDIA_SMI";

        public const string DefaultProgram = "nvidia-smi";

        private static readonly string[] Query =
        {
            "--query-gpu=index,name,power.draw", "--format=csv,noheader,nounits",
        };

        private static readonly Component[] GpuOnly = { Component.Gpu };

        private readonly IProcessRunner _runner;
        private volatile IReadOnlyList<GpuPowerReading> _gpus = Array.Empty<GpuPowerReading>();
        private string? _lastSource;
        private int _lastReporting = -1;
        private int _lastTotal = -1;

        /// <param name="runner">Runs nvidia-smi; tests pass one that replays recorded output.</param>
        /// <param name="programPath">An absolute path, or a name searched on PATH.</param>
        /// <param name="timeout">How long one query may take before nvidia-smi is killed; 10 s by default.</param>
        public NvidiaSmiProbe(IProcessRunner runner, string programPath = DefaultProgram, TimeSpan? timeout = null)
        {
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            ProgramPath = string.IsNullOrWhiteSpace(programPath) ? DefaultProgram : programPath;
            Timeout = timeout ?? TimeSpan.FromSeconds(10);
        }

        /// <summary>
        /// A probe on the real nvidia-smi: <paramref name="programPath"/> when given, else the path in
        /// TRACARBON_NVIDIA_SMI, else <c>nvidia-smi</c> on PATH.
        /// </summary>
        public static NvidiaSmiProbe Create(string? programPath = null, TimeSpan? timeout = null)
        {
            string? configured = string.IsNullOrWhiteSpace(programPath)
                ? Environment.GetEnvironmentVariable(PathVariable)
                : programPath;
            return new NvidiaSmiProbe(
                ProcessRunner.Instance,
                string.IsNullOrWhiteSpace(configured) ? DefaultProgram : configured!.Trim(),
                timeout);
        }

        public override string Name => "NvidiaGpu";

        public override ProbeKind Kind => ProbeKind.Measured;

        public override IReadOnlyList<Component> Components => GpuOnly;

        public override string Source => "nvidia-smi power.draw";

        /// <summary>The program as configured: a path or a name searched on PATH.</summary>
        public string ProgramPath { get; }

        public TimeSpan Timeout { get; }

        /// <summary>Each GPU line of the last query, in nvidia-smi's order; empty before the first.</summary>
        public IReadOnlyList<GpuPowerReading> Gpus => _gpus;

        public override ProbeAvailability CheckAvailability()
        {
            if (_runner.Resolve(ProgramPath) == null)
            {
                return ProbeAvailability.No(
                    $"no nvidia-smi: '{ProgramPath}' was not found" +
                    (Path.IsPathRooted(ProgramPath) ? "." : " on PATH."),
                    $"Install the NVIDIA driver, or set {PathVariable} to the full path of nvidia-smi.");
            }

            try
            {
                IReadOnlyList<GpuPowerReading> gpus = ReadGpus();
                if (gpus.Count == 0)
                {
                    return ProbeAvailability.No("nvidia-smi lists no GPU.");
                }
            }
            catch (Exception ex) when (ex is ProcessRunnerException || ex is InvalidDataException)
            {
                return ProbeAvailability.No(
                    "nvidia-smi did not answer: " + ex.Message,
                    "Run 'nvidia-smi' yourself; a driver that is not loaded is the usual cause.");
            }

            return ProbeAvailability.Yes;
        }

        public override void Start()
        {
            // A power reading needs no baseline: each query stands for the interval that ends with it.
        }

        public override void Sample(double intervalSeconds, ProbeReadings readings)
        {
            IReadOnlyList<GpuPowerReading> gpus = ReadGpus();
            double watts = 0;
            int reporting = 0;
            int total = 0;
            foreach (GpuPowerReading gpu in gpus)
            {
                if (gpu.Index == null)
                {
                    // A warning or garbled line, not a GPU.
                    continue;
                }

                total++;
                if (gpu.PowerWatts is double w)
                {
                    watts += w;
                    reporting++;
                }
            }

            if (reporting == 0)
            {
                readings.SetMissing(Component.Gpu);
                return;
            }

            readings.SetPower(Component.Gpu, watts, SourceFor(reporting, total));
        }

        /// <summary>Runs one query, keeps its lines in <see cref="Gpus"/> and returns them.</summary>
        /// <exception cref="InvalidDataException">No GPU has a reading and some line could not be read.</exception>
        internal IReadOnlyList<GpuPowerReading> ReadGpus()
        {
            ProcessResult result = _runner.Run(ProgramPath, Query, Timeout);
            List<GpuPowerReading> gpus = NvidiaSmiParser.Parse(result.StandardOutput);
            _gpus = gpus.AsReadOnly();

            // Text that could not be read is only flagged while another GPU still gives a reading; when it
            // leaves none (a driver message printed with exit code 0, say) it is an error for the session
            // to count, not an absent GPU.
            bool anyReading = gpus.Exists(g => g.PowerWatts.HasValue);
            GpuPowerReading? unreadable = gpus.Find(g => g.Status == GpuPowerStatus.Unreadable);
            if (!anyReading && unreadable != null)
            {
                throw new InvalidDataException(
                    $"'{result.ProgramPath}' printed a line that is not 'index, name, watts': '{unreadable.Text}'.");
            }

            return gpus;
        }

        private string SourceFor(int reporting, int total)
        {
            // Kept while the counts stay the same, so a steady run builds this text once.
            if (_lastSource == null || reporting != _lastReporting || total != _lastTotal)
            {
                _lastReporting = reporting;
                _lastTotal = total;
                _lastSource = string.Format(
                    CultureInfo.InvariantCulture, "nvidia-smi power.draw, {0} of {1} GPUs", reporting, total);
            }

            return _lastSource;
        }
    }
}
