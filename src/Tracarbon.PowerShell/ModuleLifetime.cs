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
                    SessionRegistry.StopAll(null);
                    ModuleRunspace.Close();
                };
            }
        }

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
