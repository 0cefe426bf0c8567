using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// The background runspaces the module owns, where user script blocks (exporters) run: never the
    /// user's runspace. Each script-block exporter has a runspace of its own, so a block that hangs holds
    /// up only its own exporter; all are closed with the module.
    /// </summary>
    internal static class ModuleRunspace
    {
        private static readonly object Gate = new object();
        private static readonly HashSet<ScriptRunner> Runners = new HashSet<ScriptRunner>();

        /// <summary>A runner whose runspace opens at its first script; tracked until it is closed.</summary>
        public static ScriptRunner CreateRunner()
        {
            var runner = new ScriptRunner();
            lock (Gate)
            {
                Runners.Add(runner);
            }

            return runner;
        }

        /// <summary>Stops whatever script is running and closes every runspace.</summary>
        public static void Close()
        {
            ScriptRunner[] runners;
            lock (Gate)
            {
                runners = new ScriptRunner[Runners.Count];
                Runners.CopyTo(runners);
            }

            foreach (ScriptRunner runner in runners)
            {
                runner.Close();
            }
        }

        internal static void Forget(ScriptRunner runner)
        {
            lock (Gate)
            {
                Runners.Remove(runner);
            }
        }
    }

    /// <summary>
    /// Runs one exporter's script, one call at a time, in a runspace of its own. <see cref="Close"/>, from
    /// any thread, stops a call in progress (a block that never returns included) and closes the runspace;
    /// <see cref="Reopen"/> lets a later session use the exporter again.
    /// </summary>
    internal sealed class ScriptRunner
    {
        private readonly object _gate = new object();
        private Runspace? _runspace;
        private System.Management.Automation.PowerShell? _running;
        private bool _closed;

        /// <summary>Runs a script with arguments; errors in the script come back as an exception.</summary>
        public Collection<PSObject> Invoke(string script, params object[] arguments)
        {
            System.Management.Automation.PowerShell ps;
            lock (_gate)
            {
                if (_closed)
                {
                    throw new InvalidOperationException("The session stopped this script block's exporter.");
                }

                if (_runspace == null)
                {
                    _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
                    _runspace.Name = "Tracarbon background";
                    _runspace.Open();
                }

                ps = System.Management.Automation.PowerShell.Create();
                ps.Runspace = _runspace;
                _running = ps;
            }

            try
            {
                ps.AddScript(script, useLocalScope: true);
                foreach (object argument in arguments)
                {
                    ps.AddArgument(argument);
                }

                Collection<PSObject> output = ps.Invoke();
                if (ps.InvocationStateInfo.State == PSInvocationState.Stopped)
                {
                    throw new InvalidOperationException(
                        "The script block was stopped: it had not returned when its session stopped.");
                }

                if (ps.Streams.Error.Count > 0)
                {
                    ErrorRecord first = ps.Streams.Error[0];
                    throw new RuntimeException(
                        $"The script block wrote {ps.Streams.Error.Count} error(s); the first: {first}",
                        first.Exception);
                }

                return output;
            }
            finally
            {
                // Once Close has taken this call to stop it, Close disposes it, after its Stop returns.
                bool mine;
                lock (_gate)
                {
                    _running = null;
                    mine = !_closed;
                }

                if (mine)
                {
                    ps.Dispose();
                }
            }
        }

        /// <summary>Lets the exporter run again, for a new session.</summary>
        public void Reopen()
        {
            lock (_gate)
            {
                _closed = false;
            }
        }

        /// <summary>Stops the call in progress, if any, and closes the runspace.</summary>
        public void Close()
        {
            System.Management.Automation.PowerShell? running;
            Runspace? runspace;
            lock (_gate)
            {
                _closed = true;
                running = _running;
                runspace = _runspace;
                _runspace = null;
            }

            if (running != null)
            {
                try
                {
                    running.Stop();
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    // It ended meanwhile.
                }

                running.Dispose();
            }

            runspace?.Dispose();
            ModuleRunspace.Forget(this);
        }
    }
}
