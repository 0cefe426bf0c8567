using System;
using System.Runtime.InteropServices;

namespace Tracarbon.Measurement.Apple
{
    /// <summary>The two facts powermetrics depends on, behind an interface so tests can set them.</summary>
    internal interface IMacHost
    {
        bool IsMacOS { get; }

        bool IsRoot { get; }
    }

    internal sealed class MacHost : IMacHost
    {
        public static MacHost Instance { get; } = new MacHost();

        public bool IsMacOS => RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        public bool IsRoot
        {
            get
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    return false;
                }

                try
                {
                    // The effective user id is what the kernel checks; 0 is root.
                    return geteuid() == 0;
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
                {
                    return false;
                }
            }
        }

        [DllImport("libc", SetLastError = false)]
        private static extern uint geteuid();
    }
}
