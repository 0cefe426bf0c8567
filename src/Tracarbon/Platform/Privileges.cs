using System;
using System.Runtime.InteropServices;

namespace Tracarbon.Platform
{
    /// <summary>Whether the process runs with root's powers, where writing through a planted link is
    /// dangerous.</summary>
    internal static class Privileges
    {
        private static readonly Lazy<bool> Root = new Lazy<bool>(() =>
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return false;
            }

            try
            {
                return geteuid() == 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                // Unknown: assume the careful answer.
                return true;
            }
        });

        public static bool IsRoot => Root.Value;

        [DllImport("libc")]
        private static extern uint geteuid();
    }
}
