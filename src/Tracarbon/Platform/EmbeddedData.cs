using System;
using System.IO;
using System.Text;

namespace Tracarbon.Platform
{
    /// <summary>
    /// Opens the reference tables compiled into the engine. Files under <c>src/Tracarbon/Data/</c> are
    /// embedded as <c>Tracarbon.Data.&lt;relative path with slashes&gt;</c>.
    /// </summary>
    internal static class EmbeddedData
    {
        public static Stream Open(string relativePath)
        {
            string name = "Tracarbon.Data." + relativePath.Replace('\\', '/');
            Stream? stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(name);
            if (stream == null)
            {
                // Resource names keep the separator MSBuild gives the recursive directory.
                stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(
                    "Tracarbon.Data." + relativePath.Replace('/', '\\'));
            }

            return stream ?? throw new InvalidOperationException(
                $"The embedded table '{relativePath}' is missing from the Tracarbon assembly.");
        }

        public static string ReadAllText(string relativePath)
        {
            using Stream stream = Open(relativePath);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }
}
