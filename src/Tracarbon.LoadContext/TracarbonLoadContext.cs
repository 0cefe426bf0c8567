using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Tracarbon.LoadContext
{
    /// <summary>
    /// Loads the engine and the third-party libraries it ships (CsvHelper, ...) from the module's
    /// <c>dependencies</c> folder into a load context of their own, so another module that loaded a
    /// different version of the same library neither breaks ours nor is broken by it. Assemblies the
    /// runtime itself provides (System.Memory, ...) still come from the runtime, so types such as Span
    /// stay one type on both sides.
    /// <para>
    /// On Linux x64 an assembly found in the folder's <c>linux-x64</c> sub-folder wins: the build puts a
    /// ReadyToRun (precompiled) copy of the engine there, so its first calls run without waiting for the JIT.
    /// The IL copy beside it stays for every other host: Windows PowerShell 5.1 (.NET Framework cannot load
    /// a ReadyToRun image) and other systems or processors (.NET refuses, with BadImageFormatException, a
    /// ReadyToRun image built for another one). This assembly, loaded by PowerShell 7 everywhere, stays IL.
    /// </para>
    /// </summary>
    public sealed class TracarbonLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static TracarbonLoadContext? _instance;

        private readonly string _directory;
        private readonly string? _precompiled;
        private readonly HashSet<string> _platform;

        private TracarbonLoadContext(string directory)
            : base("Tracarbon", isCollectible: false)
        {
            _directory = directory;
            _precompiled = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) &&
                RuntimeInformation.ProcessArchitecture == Architecture.X64
                    ? Path.Combine(directory, "linux-x64")
                    : null;
            string tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            _platform = new HashSet<string>(
                tpa.Split(Path.PathSeparator).Select(Path.GetFileNameWithoutExtension).Where(n => n != null)!,
                StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>
        /// Makes the default context hand the engine (and only the engine) over to this one, once per
        /// process. Called by the module's initializer before any engine type is touched.
        /// </summary>
        public static void Install(string dependencyDirectory)
        {
            lock (Gate)
            {
                if (_instance != null)
                {
                    return;
                }

                _instance = new TracarbonLoadContext(dependencyDirectory);
                Default.Resolving += (_, name) =>
                    string.Equals(name.Name, "Tracarbon", StringComparison.Ordinal)
                        ? _instance.LoadFromAssemblyName(name)
                        : null;
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == null || _platform.Contains(assemblyName.Name))
            {
                return null;
            }

            string file = assemblyName.Name + ".dll";
            if (_precompiled != null)
            {
                string precompiled = Path.Combine(_precompiled, file);
                if (File.Exists(precompiled))
                {
                    return LoadFromAssemblyPath(precompiled);
                }
            }

            string path = Path.Combine(_directory, file);
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
