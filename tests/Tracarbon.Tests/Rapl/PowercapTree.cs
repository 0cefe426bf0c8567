using System.Globalization;
using System.IO;

namespace Tracarbon.Tests.Rapl
{
    /// <summary>
    /// A powercap tree in a temp folder. Zones sit at the top like the kernel's links, or nested under
    /// their package like a copied tree; a test moves the counters between ticks.
    /// </summary>
    internal sealed class PowercapTree : TempTree
    {
        public const ulong PackageMax = 262_143_328_850;
        public const ulong DramMax = 65_712_999_613;

        public PowercapTree()
            : base("tracarbon-powercap")
        {
            // The control type folder itself is not a zone and must be ignored.
            Directory.CreateDirectory(Path.Combine(Root, "intel-rapl"));
        }

        /// <summary>Adds a zone; with <paramref name="nested"/> a sub-zone lives only under its parent.</summary>
        public PowercapTree Zone(string path, string name, ulong max, ulong energy, bool nested = false)
        {
            string dir = DirOf(path, nested);
            Directory.CreateDirectory(dir);
            WriteAttribute(Path.Combine(dir, "name"), name);
            WriteAttribute(Path.Combine(dir, "max_energy_range_uj"), max.ToString(CultureInfo.InvariantCulture));
            WriteAttribute(Path.Combine(dir, "energy_uj"), energy.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        public void Set(string path, ulong energy) => SetText(path, energy.ToString(CultureInfo.InvariantCulture));

        /// <summary>Writes any text as the counter, such as garbage a driver might return.</summary>
        public void SetText(string path, string text) => WriteAttribute(Path.Combine(Find(path), "energy_uj"), text);

        public void Remove(string path) => Directory.Delete(Find(path), recursive: true);

        private string Find(string path)
        {
            string top = Path.Combine(Root, path);
            return Directory.Exists(top) ? top : DirOf(path, nested: true);
        }

        private string DirOf(string path, bool nested)
        {
            int last = path.LastIndexOf(':');
            bool sub = path.IndexOf(':') != last;
            return nested && sub ? Path.Combine(Root, path.Substring(0, last), path) : Path.Combine(Root, path);
        }
    }
}
