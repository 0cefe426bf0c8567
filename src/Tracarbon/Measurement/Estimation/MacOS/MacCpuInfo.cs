using System;
using System.Text;

namespace Tracarbon.Measurement.Estimation.MacOS
{
    /// <summary>The processor as macOS describes it through <c>sysctlbyname</c>, which needs no root.</summary>
    internal static class MacCpuInfo
    {
        public const string BrandName = "machdep.cpu.brand_string";
        public const string VendorName = "machdep.cpu.vendor";
        public const string LogicalCpuName = "hw.logicalcpu";
        public const string HypervisorName = "kern.hv_vmm_present";

        // A brand string is 48 bytes on Intel and far shorter on Apple silicon; longer is not a brand.
        private const int MaxStringBytes = 1024;

        /// <summary>Never throws: what cannot be read stays unknown, and the runtime gives the CPU count.</summary>
        public static CpuInfo Read() =>
            FromValues(
                ReadString(BrandName),
                ReadString(VendorName),
                ReadInt32(LogicalCpuName),
                ReadInt32(HypervisorName) == 1,
                Environment.ProcessorCount);

        /// <summary>
        /// <c>machdep.cpu.vendor</c> exists on Intel Macs only (<c>GenuineIntel</c>); on Apple silicon the
        /// vendor is taken from the brand string (<c>Apple M2 Pro</c>).
        /// </summary>
        public static CpuInfo FromValues(
            string? brand, string? vendor, int? logicalCpus, bool isVirtualMachine, int runtimeCpus)
        {
            string model = brand?.Trim() ?? string.Empty;
            string vendorText = vendor?.Trim() ?? string.Empty;
            if (vendorText.Length == 0 && AppleSilicon.IsAppleSilicon(model))
            {
                vendorText = AppleSilicon.Vendor;
            }

            int cpus = logicalCpus.HasValue && logicalCpus.Value > 0 ? logicalCpus.Value : Math.Max(1, runtimeCpus);
            return new CpuInfo(vendorText, model, cpus, isVirtualMachine);
        }

        /// <summary>A C string's bytes as UTF-8 text, up to the first null byte.</summary>
        public static string DecodeCString(byte[] data, int byteCount)
        {
            int length = Math.Min(byteCount, data.Length);
            int end = Array.IndexOf(data, (byte)0, 0, length);
            return Encoding.UTF8.GetString(data, 0, end < 0 ? length : end);
        }

        private static string? ReadString(string name)
        {
            try
            {
                // The first call asks for the length, null terminator included.
                UIntPtr size = UIntPtr.Zero;
                if (MacNative.SysctlByName(name, null, ref size, IntPtr.Zero, UIntPtr.Zero) != 0
                    || size.ToUInt64() == 0 || size.ToUInt64() > MaxStringBytes)
                {
                    return null;
                }

                var data = new byte[(int)size.ToUInt64()];
                if (MacNative.SysctlByName(name, data, ref size, IntPtr.Zero, UIntPtr.Zero) != 0)
                {
                    return null;
                }

                return DecodeCString(data, (int)Math.Min(size.ToUInt64(), (ulong)data.Length));
            }
            catch (Exception e) when (MacNative.IsMissingEntry(e))
            {
                return null;
            }
        }

        private static int? ReadInt32(string name)
        {
            try
            {
                var size = new UIntPtr(sizeof(int));
                return MacNative.SysctlByName(name, out int value, ref size, IntPtr.Zero, UIntPtr.Zero) == 0
                    && size.ToUInt64() == sizeof(int)
                    ? value
                    : (int?)null;
            }
            catch (Exception e) when (MacNative.IsMissingEntry(e))
            {
                return null;
            }
        }
    }
}
