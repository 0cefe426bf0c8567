using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// The one background runspace the module owns, where user script blocks (exporters) run: never
    /// the user's runspace, never two scripts at once. Created on first use, closed with the module.
    /// </summary>
    internal static class ModuleRunspace
    {
        private static readonly object Gate = new object();
        private static Runspace? _runspace;

        /// <summary>Runs a script with arguments; errors in the script come back as an exception.</summary>
        public static Collection<PSObject> Invoke(string script, params object[] arguments)
        {
            lock (Gate)
            {
                if (_runspace == null)
                {
                    _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
                    _runspace.Name = "Tracarbon background";
                    _runspace.Open();
                }

                using var ps = System.Management.Automation.PowerShell.Create();
                ps.Runspace = _runspace;
                ps.AddScript(script, useLocalScope: true);
                foreach (object argument in arguments)
                {
                    ps.AddArgument(argument);
                }

                Collection<PSObject> output = ps.Invoke();
                if (ps.Streams.Error.Count > 0)
                {
                    ErrorRecord first = ps.Streams.Error[0];
                    throw new RuntimeException(
                        $"The script block wrote {ps.Streams.Error.Count} error(s); the first: {first}",
                            first.Exception);
                }

                return output;
            }
        }

        public static bool IsOpen
        {
            get
            {
                lock (Gate)
                {
                    return _runspace != null;
                }
            }
        }

        public static void Close()
        {
            lock (Gate)
            {
                _runspace?.Dispose();
                _runspace = null;
            }
        }
    }
}
