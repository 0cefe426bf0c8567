using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Lets -Process take names (every process of that name), ids and Process objects, as Get-Process
    /// writes them. Anything else is left for another parameter to bind.
    /// </summary>
    /// <remarks>
    /// A name or id that matches no running process does not throw here: a throw during pipeline binding is
    /// only a non-terminating error, and the session would start without the process. The array returned
    /// carries the problem instead, and the cmdlet stops with it (<see cref="TryGetProblem"/>).
    /// </remarks>
    public sealed class ProcessArgumentTransformationAttribute : ArgumentTransformationAttribute
    {
        private static readonly ConditionalWeakTable<Process[], ProcessProblem> Problems =
            new ConditionalWeakTable<Process[], ProcessProblem>();

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var result = new List<Process>();
            ProcessProblem? problem = null;
            foreach (object? item in Flatten(inputData))
            {
                switch (item is PSObject ps ? ps.BaseObject : item)
                {
                    case Process process:
                        problem ??= Running(process, result);
                        break;
                    case int id:
                        problem ??= ById(id, result);
                        break;
                    case long id:
                        problem ??= ById((int)id, result);
                        break;
                    case string name when int.TryParse(name, out int id):
                        problem ??= ById(id, result);
                        break;
                    case string name:
                        problem ??= ByName(name, result);
                        break;
                    default:
                        return inputData;
                }
            }

            // A fresh array even when empty (ToArray would hand out the shared empty one): it is a table key.
            var processes = new Process[result.Count];
            result.CopyTo(processes);
            if (problem != null)
            {
                Problems.Add(processes, problem);
            }

            return processes;
        }

        /// <summary>What made a bound -Process value unusable, if anything.</summary>
        internal static bool TryGetProblem(Process[] processes, out ProcessProblem problem) =>
            Problems.TryGetValue(processes, out problem!);

        private static ProcessProblem? ByName(string name, List<Process> result)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                // GetProcessesByName("") answers every process of the machine.
                return new ProcessProblem("ProcessNotFound", "An empty process name names no process.", name);
            }

            Process[] named = Process.GetProcessesByName(name);
            if (named.Length == 0)
            {
                return new ProcessProblem(
                    "ProcessNotFound", $"No process is named '{name}'.", name);
            }

            result.AddRange(named);
            return null;
        }

        private static ProcessProblem? ById(int id, List<Process> result)
        {
            if (id <= 0)
            {
                // 0 is the kernel's own scheduler on Linux and the idle process on Windows: no workload.
                return new ProcessProblem("ProcessNotFound", $"{id} is not the id of a process to track.", id);
            }

            try
            {
                result.Add(Process.GetProcessById(id));
                return null;
            }
            catch (ArgumentException)
            {
                return new ProcessProblem("ProcessNotFound", $"No process has the id {id}.", id);
            }
        }

        /// <summary>A Process object whose process has ended would be tracked at zero: refuse it.</summary>
        private static ProcessProblem? Running(Process process, List<Process> result)
        {
            bool exited;
            try
            {
                exited = process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return new ProcessProblem(
                    "ProcessNotFound", "The Process object is not tied to a running process.", process);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Windows may refuse to open another user's process for this query; it is running.
                exited = false;
            }

            if (exited)
            {
                return new ProcessProblem(
                    "ProcessExited", $"The process with id {process.Id} has already exited.", process.Id);
            }

            result.Add(process);
            return null;
        }

        private static IEnumerable Flatten(object inputData)
        {
            object value = inputData is PSObject ps ? ps.BaseObject : inputData;
            return value is IEnumerable list && !(value is string) ? list : new[] { inputData };
        }
    }

    /// <summary>One -Process value that names no running process: its error id, message and the value.</summary>
    internal sealed class ProcessProblem
    {
        public ProcessProblem(string errorId, string message, object target)
        {
            ErrorId = errorId;
            Message = message;
            Target = target;
        }

        public string ErrorId { get; }

        public string Message { get; }

        public object Target { get; }

        public ErrorRecord ToErrorRecord() =>
            ErrorRecords.Create(
                new ArgumentException(Message),
                ErrorId,
                ErrorCategory.ObjectNotFound,
                Target,
                "Give names or ids that Get-Process lists, or Process objects of running processes.");
    }
}
