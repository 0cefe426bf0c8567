using System;
using System.Collections.Generic;
using Tracarbon.Measurement;

namespace Tracarbon.Attribution
{
    /// <summary>
    /// Turns a session's attribution totals into report rows beside the machine's: one row per workload
    /// and component (Host = its whole share, Cpu, Memory), so Export-Csv still gives one flat table.
    /// </summary>
    public static class WorkloadReport
    {
        public static IReadOnlyList<ComponentReport> Rows(IReadOnlyList<WorkloadEnergy> totals, ComponentReport machine)
        {
            var rows = new List<ComponentReport>();
            foreach (WorkloadEnergy w in totals)
            {
                rows.Add(Row(machine, w, Component.Host, w.EnergyJoules));
                rows.Add(Row(machine, w, Component.Cpu, w.CpuEnergyJoules));
                rows.Add(Row(machine, w, Component.Memory, w.MemoryEnergyJoules));
            }

            return rows;
        }

        private static ComponentReport Row(ComponentReport machine, WorkloadEnergy w, Component component,
            double joules)
        {
            // Within an interval every part shares one intensity, so a part's grams are its share of the
            // workload's grams; across intervals of different intensity this is the energy-weighted mean.
            double grams = w.EnergyJoules > 0 ? w.EmissionsGrams * joules / w.EnergyJoules : 0;
            return new ComponentReport
            {
                SessionName = machine.SessionName,
                Workload = w.Kind == WorkloadKind.Process && w.ProcessId.HasValue
                    ? w.Workload + " ("
                        + w.ProcessId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")"
                    : w.Workload,
                Component = component,
                StartTime = machine.StartTime,
                EndTime = machine.EndTime,
                DurationSeconds = machine.DurationSeconds,
                Samples = machine.Samples,
                AveragePowerWatts = w.DurationSeconds > 0 ? joules / w.DurationSeconds : (double?)null,
                EnergyJoules = joules,
                EnergyKilowattHours = joules / 3_600_000.0,
                EmissionsGrams = grams,
                IntensityGramsPerKilowattHour = machine.IntensityGramsPerKilowattHour,
                Location = machine.Location,
                IntensitySource = machine.IntensitySource,
                PowerSource = component == Component.Memory
                    ? "resident-memory share of the host's memory energy"
                    : "CPU-time share of the host's CPU energy",
                Probe = machine.Probe,
                Exporter = machine.Exporter,
                Errors = machine.Errors,
                ErrorMessages = machine.ErrorMessages,
                OverheadCpuSeconds = machine.OverheadCpuSeconds,
            };
        }
    }
}
