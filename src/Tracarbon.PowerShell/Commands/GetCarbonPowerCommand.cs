using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Tracarbon.Carbon;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Nvidia;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Reads the power drawn now: two samples a short interval apart.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonPower")]
    [OutputType(typeof(PowerReading))]
    public sealed class GetCarbonPowerCommand : PSCmdlet
    {
        private readonly ManualResetEvent _cancel = new ManualResetEvent(false);

        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ProbeArgumentTransformation]
        [ArgumentCompleter(typeof(ProbeCompleter))]
        public ProbeInfo[]? Probe { get; set; }

        /// <summary>How long the reading lasts; power is the energy over this interval.</summary>
        [Parameter]
        public double SampleSeconds { get; set; } = 0.5;

        private readonly List<ProbeInfo> _requested = new List<ProbeInfo>();

        protected override void ProcessRecord()
        {
            if (Probe != null)
            {
                _requested.AddRange(Probe);
            }
        }

        protected override void EndProcessing()
        {
            if (double.IsNaN(SampleSeconds) || SampleSeconds < 0.05 || SampleSeconds > 60)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "InvalidSampleInterval",
                    $"The sample interval '{SampleSeconds}' is not a valid number of seconds.",
                    SampleSeconds,
                    "Give -SampleSeconds a value from 0.05 to 60."));
            }

            List<Probe> probes = ProbeResolver.Resolve(this, _requested);
            var options = new SessionOptions
            {
                Name = "Get-CarbonPower",
                IntervalSeconds = SessionOptions.MaximumIntervalSeconds,
                Intensity = new FixedIntensityProvider(CountryIntensityTable.Default.WorldAverage),
            };
            probes.ForEach(options.Probes.Add);
            using var session = new TrackingSession(options);
            session.Start(background: false);
            _cancel.WaitOne(TimeSpan.FromSeconds(SampleSeconds));
            IReadOnlyList<ComponentReport> report = session.Stop();

            foreach (string message in session.Errors.Messages)
            {
                WriteWarning(message);
            }

            foreach (ComponentReport row in report)
            {
                WriteObject(new PowerReading(row.Component, null, row.AveragePowerWatts, row.Probe, row.PowerSource));
                if (row.Component == Component.Gpu)
                {
                    WriteGpus(probes);
                }
            }
        }

        protected override void StopProcessing() => _cancel.Set();

        private void WriteGpus(List<Probe> probes)
        {
            foreach (NvidiaSmiProbe nvidia in probes.OfType<NvidiaSmiProbe>())
            {
                foreach (GpuPowerReading gpu in nvidia.Gpus)
                {
                    string device = $"GPU {gpu.Index} ({gpu.Name})";
                    WriteObject(new PowerReading(
                        Component.Gpu, device, gpu.PowerWatts, nvidia.Name, "nvidia-smi power.draw: " + gpu.Status));
                }
            }
        }
    }
}
