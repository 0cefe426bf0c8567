using System;
using System.Management.Automation;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Module start and end. Removing the module from a runspace stops that runspace's sessions and
    /// flushes their exporters; the process ending (including SIGTERM) stops them all.
    /// </summary>
    public sealed class ModuleLifetime : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static int _processHooked;
        private static int _sessionAdded;

        public void OnImport()
        {
            // First of all: the engine loads from dependencies/ only once the load context is in place.
            ModuleInitializer.Initialize();
            HookProcessExit();
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void HookProcessExit()
        {
            if (System.Threading.Interlocked.Exchange(ref _processHooked, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, __) =>
                {
                    // With no session ever added there is nothing to stop, and touching the registry would only
                    // make the runtime load and compile it on the way out of every PowerShell that imported us.
                    if (System.Threading.Volatile.Read(ref _sessionAdded) == 1)
                    {
                        SessionRegistry.StopAll(null);
                    }

                    ModuleRunspace.Close();
                };
            }
        }

        /// <summary>
        /// Called by the registry before it adds a session, so that the process's end stops it. PowerShell
        /// ends on SIGTERM without raising ProcessExit, so the signal gets a handler of its own, registered
        /// with the first session: it stops every session (final sample, exporters flushed), and the process
        /// then ends as the signal meant.
        /// </summary>
        internal static void NoteSessionAdded()
        {
            if (System.Threading.Interlocked.Exchange(ref _sessionAdded, 1) == 0)
            {
                _terminationSignal = new TerminationSignal(StopAllOnSignal, keepAlive: false);
            }
        }

        private static void StopAllOnSignal()
        {
            // An Invoke-CarbonTracking in progress keeps the process alive: it ends its own run, and the
            // background sessions go on until the process really ends.
            if (System.Threading.Volatile.Read(ref SessionRegistry.ForegroundRuns) == 0)
            {
                SessionRegistry.StopAll(null);
            }
        }

        /// <summary>Kept for the process's life: disposing it would unregister the handler.</summary>
        private static TerminationSignal? _terminationSignal;

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            SessionRegistry.StopAll(SessionRegistry.CurrentRunspaceId);
            if (SessionRegistry.Count == 0)
            {
                ModuleRunspace.Close();
            }
        }
    }
}
