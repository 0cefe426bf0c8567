using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace System.Runtime.CompilerServices
{
    /// <summary>The compiler emits a module initializer for a method marked so; netstandard2.0 lacks the
    /// type.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class ModuleInitializerAttribute : Attribute
    {
    }
}

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Runs when this assembly loads, before any cmdlet or engine type is touched: it points the runtime
    /// at the module's <c>dependencies</c> folder, where the engine and its libraries live. On
    /// PowerShell 7 they load in a private load context; on Windows PowerShell 5.1, through
    /// AssemblyResolve. In a build tree without that folder (the tests) nothing is needed.
    /// </summary>
    internal static class ModuleInitializer
    {
        private static int _done;

        [ModuleInitializer]
        internal static void Initialize()
        {
            if (System.Threading.Interlocked.Exchange(ref _done, 1) == 1)
            {
                return;
            }

            string? moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
            if (moduleDirectory == null)
            {
                return;
            }

            string dependencies = Path.Combine(moduleDirectory, "dependencies");
            if (!Directory.Exists(dependencies))
            {
                return;
            }

            string loadContext = Path.Combine(moduleDirectory, "Tracarbon.LoadContext.dll");
            bool isCore = !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription
                .StartsWith(".NET Framework", StringComparison.Ordinal);
            if (isCore && File.Exists(loadContext))
            {
                Assembly.LoadFrom(loadContext)
                    .GetType("Tracarbon.LoadContext.TracarbonLoadContext", throwOnError: true)!
                    .GetMethod("Install")!
                    .Invoke(null, new object[] { dependencies });
                return;
            }

            AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
            {
                string path = Path.Combine(dependencies, new AssemblyName(args.Name).Name + ".dll");
                return File.Exists(path) ? Assembly.LoadFrom(path) : null;
            };
        }
    }
}
