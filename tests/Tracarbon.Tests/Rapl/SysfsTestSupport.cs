using System;
using System.IO;
using System.Runtime.InteropServices;
using Tracarbon.Platform;
using Xunit;

namespace Tracarbon.Tests
{
    /// <summary>
    /// A fact that runs where sysfs-style names can exist: Windows forbids the ':' in
    /// <c>intel-rapl:0</c>, which is also why the fixture trees are built by the tests, not committed.
    /// </summary>
    /// <summary>A test of what only Linux does: descriptors kept open, /proc/self/fd.</summary>
    public sealed class LinuxFactAttribute : FactAttribute
    {
        public LinuxFactAttribute()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                Skip = "keeping counter files open and /proc/self/fd exist on Linux only";
            }
        }
    }

    public sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                Skip = "sysfs fixture names contain ':', which Windows does not allow in file names";
            }
        }
    }

    /// <summary>The theory counterpart of <see cref="UnixFactAttribute"/>.</summary>
    public sealed class UnixTheoryAttribute : TheoryAttribute
    {
        public UnixTheoryAttribute()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                Skip = "sysfs fixture names contain ':', which Windows does not allow in file names";
            }
        }
    }

    /// <summary>
    /// Reads fixture files like the managed reader, except the paths a test chooses, which answer as a
    /// scripted outcome. Tests run as root, and root reads a file whatever its mode says, so a
    /// <c>chmod 000</c> fixture cannot show what a non-root process sees: this reader can.
    /// </summary>
    internal sealed class InterceptingReader : CounterFileReader
    {
        private readonly Func<string, ReadOutcome?> _intercept;

        public InterceptingReader(Func<string, ReadOutcome?> intercept)
        {
            _intercept = intercept;
        }

        /// <summary>Denies every file whose name is <paramref name="fileName"/>, as for a non-root user.</summary>
        public static Func<CounterFileReader> Denying(params string[] fileNames) =>
            () => new InterceptingReader(path =>
                Array.IndexOf(fileNames, Path.GetFileName(path)) >= 0 ? ReadOutcome.Denied : (ReadOutcome?)null);

        public override ReadOutcome ReadText(string path, out string text)
        {
            if (_intercept(path) is ReadOutcome outcome)
            {
                text = string.Empty;
                return outcome;
            }

            return base.ReadText(path, out text);
        }

        protected override ReadOutcome ReadBytes(CounterFile file, bool keepOpen, out int count)
        {
            count = 0;
            if (_intercept(file.Path) is ReadOutcome outcome)
            {
                return outcome;
            }

            try
            {
                using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read);
                count = stream.Read(Buffer, 0, Buffer.Length);
                return ReadOutcome.Ok;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return Classify(ex);
            }
        }
    }

    /// <summary>A temporary folder that a test fills with sysfs-like files and that is removed after it.</summary>
    internal abstract class TempTree : IDisposable
    {
        protected TempTree(string prefix)
        {
            Root = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        /// <summary>Writes a sysfs attribute the way the kernel shows it: the value and a newline.</summary>
        public static void WriteAttribute(string path, string value)
        {
            File.WriteAllText(path, value + "\n");
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder must not fail the test that made it.
            }
        }
    }
}
