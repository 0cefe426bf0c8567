using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Tracarbon.PowerShell.Commands;

namespace Tracarbon.PowerShell.Tests
{
    /// <summary>A runspace with the module imported from the built assembly, as the tests' PowerShell.</summary>
    internal sealed class PowerShellHost : IDisposable
    {
        public PowerShellHost()
        {
            var state = InitialSessionState.CreateDefault2();
            Runspace = RunspaceFactory.CreateRunspace(state);
            Runspace.Open();
            Run($"Import-Module '{ModuleAssembly}'");
        }

        public static string ModuleAssembly => typeof(StartCarbonTrackingCommand).Assembly.Location;

        public Runspace Runspace { get; }

        public ErrorRecord[] Errors { get; private set; } = Array.Empty<ErrorRecord>();

        public Collection<PSObject> Warnings { get; } = new Collection<PSObject>();

        /// <summary>Runs a script; non-terminating errors land in <see cref="Errors"/>.</summary>
        public Collection<PSObject> Run(string script)
        {
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = Runspace;
            ps.AddScript(script);
            Collection<PSObject> output = ps.Invoke();
            Errors = ps.Streams.Error.ToArray();
            foreach (WarningRecord w in ps.Streams.Warning)
            {
                Warnings.Add(new PSObject(w.Message));
            }

            return output;
        }

        /// <summary>Runs a script expected to fail terminating; returns the error it threw.</summary>
        public ErrorRecord RunFailing(string script)
        {
            try
            {
                Run(script);
            }
            catch (RuntimeException ex)
            {
                return ex.ErrorRecord;
            }

            if (Errors.Length > 0)
            {
                return Errors[0];
            }

            throw new InvalidOperationException("The script did not fail: " + script);
        }

        public void Dispose()
        {
            Runspace.Dispose();
        }
    }
}
