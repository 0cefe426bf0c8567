using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>
    /// The workload side of the tracking cmdlets: collecting -Probe and -Process from the command line and
    /// the pipeline, and turning -Process, -Cgroup and -Containers into a started attribution.
    /// </summary>
    public abstract partial class TrackingCommandBase
    {
        private readonly List<int> _processIds = new List<int>();
        private ProbeInfo[]? _probeArgument;
        private System.Diagnostics.Process[]? _processArgument;

        /// <summary>
        /// Takes what the command line gave. ProcessRecord never runs for an empty pipeline, and runs once
        /// per piped object otherwise, so it only adds what the pipeline brought.
        /// </summary>
        protected override void BeginProcessing()
        {
            IntensityResolver.RefuseBlank(
                this, nameof(Country), Country, "to use TRACARBON_COUNTRY or the world average");
            IntensityResolver.RefuseBlank(
                this, nameof(Region), Region, "to use TRACARBON_CLOUD_REGION or the world average");
            _probeArgument = Probe;
            _processArgument = Process;
            AddProbesAndProcesses(Probe, Process);
        }

        protected override void ProcessRecord()
        {
            AddProbesAndProcesses(
                ReferenceEquals(Probe, _probeArgument) ? null : Probe,
                ReferenceEquals(Process, _processArgument) ? null : Process);
        }

        private void AddProbesAndProcesses(ProbeInfo[]? probes, System.Diagnostics.Process[]? processes)
        {
            if (probes != null)
            {
                _probes.AddRange(probes);
            }

            if (processes != null)
            {
                if (ProcessArgumentTransformationAttribute.TryGetProblem(processes, out ProcessProblem problem))
                {
                    // Stops the command before anything starts, piped or not.
                    ThrowTerminatingError(problem.ToErrorRecord());
                }

                _processIds.AddRange(System.Linq.Enumerable.Select(processes, p => p.Id));
            }
        }

        /// <summary>Adds a process to attribute to, as -Process would.</summary>
        protected void AddProcess(int id) => _processIds.Add(id);

        /// <summary>The workload attribution the user asked for, started, or null when none was.</summary>
        private Tracarbon.Attribution.WorkloadAttribution? CreateAttribution()
        {
            if (_processIds.Count == 0 && (Cgroup == null || Cgroup.Length == 0) && !Containers)
            {
                return null;
            }

            var options = Tracarbon.Attribution.AttributionOptions.FromSettings(ProbeResolver.Settings(this));
            _processIds.Distinct().ToList().ForEach(options.ProcessIds.Add);
            options.IncludeChildren = IncludeChildren;
            var layout = Tracarbon.Attribution.CgroupLayout.Detect(options.CgroupRoot);
            foreach (string path in Cgroup ?? Array.Empty<string>())
            {
                // The path as /proc/<pid>/cgroup lists it: from the root on v2, from the CPU hierarchy's root on
                // v1 (root/cpuacct/...). A group without a CPU counter would be tracked at 0, silently.
                if (!path.StartsWith("/", StringComparison.Ordinal) || layout == null ||
                    layout.ReadCpuCounter(layout.Relative(path)) == null)
                {
                    string where = layout == null ? options.CgroupRoot : layout.CpuDirectory(layout.Relative(path));
                    ThrowTerminatingError(ErrorRecords.Create(
                        new System.IO.DirectoryNotFoundException(
                            $"The cgroup '{path}' has no CPU counter (cpu.stat or cpuacct.usage) at '{where}'."),
                        "CgroupNotFound",
                        ErrorCategory.ObjectNotFound,
                        path,
                        "Give a cgroup path as /proc/<pid>/cgroup lists it, such as /system.slice/nginx.service, " +
                        "or /docker/<id> on cgroup v1."));
                }

                options.CgroupPaths.Add(path);
            }

            options.DiscoverContainers = Containers;
            if (Containers && !System.IO.Directory.Exists(options.CgroupRoot))
            {
                // Asked for by name: finding no container at all because the root is missing is a mistake.
                ThrowTerminatingError(ErrorRecords.Create(
                    new System.IO.DirectoryNotFoundException(
                        $"-Containers looks for container groups under '{options.CgroupRoot}', " +
                        "which does not exist."),
                    "AttributionNotAvailable",
                    ErrorCategory.ResourceUnavailable,
                    options.CgroupRoot,
                    "Set TRACARBON_CGROUP_ROOT to the cgroup mount (such as /sys/fs/cgroup, or " +
                    "/host/sys/fs/cgroup in a container), or leave out -Containers."));
            }

            if (Containers && (Environment.GetEnvironmentVariable("KUBECONFIG") != null ||
                Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") != null))
            {
                options.Kubernetes = new Tracarbon.Attribution.Kubernetes.KubernetesOptions();
            }

            var attribution = new Tracarbon.Attribution.WorkloadAttribution(options);
            try
            {
                attribution.Start();
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                attribution.Dispose();
                ThrowTerminatingError(ErrorRecords.Create(
                    ex, "AttributionNotAvailable", ErrorCategory.ResourceUnavailable, "Workloads",
                    "Check -Cgroup paths and the Kubernetes configuration (KUBECONFIG, NODE_NAME), or leave them out."));
            }

            WriteVerbose($"Attributing energy to {options.ProcessIds.Count} process(es), " +
                $"{options.CgroupPaths.Count} cgroup(s){(Containers ? " and discovered containers" : string.Empty)}.");
            return attribution;
        }
    }
}
