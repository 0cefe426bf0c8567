using System.Globalization;
using System.IO;

namespace Tracarbon.Tests.AmdEnergy
{
    /// <summary>
    /// A hwmon class folder in a temp folder: an unrelated sensor at <c>hwmon0</c> and, where a test
    /// adds them, amd_energy counters at <c>hwmon3</c> (cores first, then sockets, as the driver lists them).
    /// </summary>
    internal sealed class HwmonTree : TempTree
    {
        public HwmonTree(bool amdEnergy = true)
            : base("tracarbon-hwmon")
        {
            string other = Path.Combine(Root, "hwmon0");
            Directory.CreateDirectory(other);
            WriteAttribute(Path.Combine(other, "name"), "k10temp");
            WriteAttribute(Path.Combine(other, "temp1_input"), "41000");
            if (amdEnergy)
            {
                Directory.CreateDirectory(Device);
                WriteAttribute(Path.Combine(Device, "name"), "amd_energy");
            }
        }

        public string Device => Path.Combine(Root, "hwmon3");

        /// <summary>Adds <c>energyK_input</c> in µJ with its <c>energyK_label</c>.</summary>
        public HwmonTree Counter(int k, string label, ulong microjoules)
        {
            WriteAttribute(Path.Combine(Device, $"energy{k}_label"), label);
            Set(k, microjoules);
            return this;
        }

        public void Set(int k, ulong microjoules)
        {
            string value = microjoules.ToString(CultureInfo.InvariantCulture);
            WriteAttribute(Path.Combine(Device, $"energy{k}_input"), value);
        }

        public void Remove(int k) => File.Delete(Path.Combine(Device, $"energy{k}_input"));
    }
}
