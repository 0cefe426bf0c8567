using System;
using System.IO;

namespace Tracarbon.Tests.Estimation
{
    /// <summary>
    /// A private, writable copy of one tree under <c>fixtures/estimation/</c>, so a test can move the kernel
    /// files on from one reading to the next without touching the originals or another test's copy.
    /// Each tree has <c>proc/</c>, often <c>cgroup/</c>, and steps such as <c>next/</c> that mirror the tree
    /// and hold the files that change.
    /// </summary>
    internal sealed class FixtureTree : IDisposable
    {
        private readonly string _source;

        public FixtureTree(string name)
        {
            _source = Path.Combine(AppContext.BaseDirectory, "fixtures", "estimation", name);
            if (!Directory.Exists(_source))
            {
                throw new DirectoryNotFoundException($"No fixture tree '{_source}'.");
            }

            Root = Path.Combine(Path.GetTempPath(), "tracarbon-tests", name + "-" + Guid.NewGuid().ToString("N"));
            CopyTree(Path.Combine(_source, "proc"), Proc);
            CopyTree(Path.Combine(_source, "cgroup"), Cgroup);
            Directory.CreateDirectory(Cgroup);
        }

        public string Root { get; }

        public string Proc => Path.Combine(Root, "proc");

        public string Cgroup => Path.Combine(Root, "cgroup");

        /// <summary>Overwrites the copy with the files of the step folder, such as <c>next</c>.</summary>
        public void Apply(string step)
        {
            string stepRoot = Path.Combine(_source, step);
            if (!Directory.Exists(stepRoot))
            {
                throw new DirectoryNotFoundException($"No step '{stepRoot}'.");
            }

            CopyTree(stepRoot, Root);
        }

        public void Write(string relativePath, string text) =>
            File.WriteAllText(Path.Combine(Root, relativePath), text);

        public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the test's result is what matters.
            }
        }

        private static void CopyTree(string from, string to)
        {
            if (!Directory.Exists(from))
            {
                return;
            }

            Directory.CreateDirectory(to);
            foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }
    }
}
