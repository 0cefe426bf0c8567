using System;
using System.Text;

namespace Tracarbon.Measurement.Estimation.Windows
{
    /// <summary>
    /// The processor as Windows describes it: the registry key that the firmware's CPUID brand string is
    /// copied into at boot, read with <c>RegGetValueW</c>. The Microsoft.Win32.Registry API is not part of
    /// netstandard2.0 and would be one more assembly to ship, so the one call is made directly.
    /// </summary>
    internal static class WindowsCpuInfo
    {
        public const string ProcessorKey = @"HARDWARE\DESCRIPTION\System\CentralProcessor\0";
        public const string IdentifierVariable = "PROCESSOR_IDENTIFIER";

        // The CPUID brand string is 48 characters at most; 256 bytes of UTF-16 leave room for any vendor's.
        private const int FirstBufferBytes = 256;

        /// <summary>Never throws: what cannot be read stays unknown.</summary>
        public static CpuInfo Read() =>
            FromValues(
                ReadMachineString("ProcessorNameString"),
                ReadMachineString("VendorIdentifier"),
                Environment.GetEnvironmentVariable(IdentifierVariable),
                Environment.ProcessorCount);

        /// <summary>
        /// The model from the registry's <c>ProcessorNameString</c>; the vendor from <c>VendorIdentifier</c>,
        /// or else from the end of <c>PROCESSOR_IDENTIFIER</c> (<c>Intel64 Family 6 Model 158 Stepping 10,
        /// GenuineIntel</c>). That variable names a family and stepping, not a part, so it never stands in for
        /// the model: without the registry the model is unknown and the vendor's CCF family is used.
        /// </summary>
        public static CpuInfo FromValues(
            string? processorNameString, string? vendorIdentifier, string? processorIdentifier, int logicalCpus)
        {
            string model = processorNameString?.Trim() ?? string.Empty;
            string vendor = vendorIdentifier?.Trim() ?? string.Empty;
            if (vendor.Length == 0)
            {
                vendor = VendorOf(processorIdentifier);
            }

            // Windows gives no hypervisor flag without CPUID, so a virtual machine is not told apart here.
            return new CpuInfo(vendor, model, Math.Max(1, logicalCpus), false);
        }

        /// <summary>The text after the last comma of <c>PROCESSOR_IDENTIFIER</c>; empty when there is none.</summary>
        public static string VendorOf(string? processorIdentifier)
        {
            if (processorIdentifier == null)
            {
                return string.Empty;
            }

            int comma = processorIdentifier.LastIndexOf(',');
            return comma < 0 ? string.Empty : processorIdentifier.Substring(comma + 1).Trim();
        }

        /// <summary>A REG_SZ value's bytes as UTF-16LE text, up to the first null character.</summary>
        public static string DecodeRegistryString(byte[] data, int byteCount)
        {
            int length = Math.Min(byteCount, data.Length) & ~1;
            string text = Encoding.Unicode.GetString(data, 0, length);
            int end = text.IndexOf('\0');
            return end < 0 ? text : text.Substring(0, end);
        }

        private static string? ReadMachineString(string valueName)
        {
            try
            {
                var data = new byte[FirstBufferBytes];
                uint size = (uint)data.Length;
                int status = WindowsNative.RegGetValueW(
                    WindowsNative.LocalMachine, ProcessorKey, valueName, WindowsNative.OnlyString, IntPtr.Zero,
                    data, ref size);
                if (status == WindowsNative.MoreData)
                {
                    data = new byte[size];
                    status = WindowsNative.RegGetValueW(
                        WindowsNative.LocalMachine, ProcessorKey, valueName, WindowsNative.OnlyString, IntPtr.Zero,
                        data, ref size);
                }

                return status == WindowsNative.Success ? DecodeRegistryString(data, (int)size) : null;
            }
            catch (Exception e) when (WindowsNative.IsMissingEntry(e))
            {
                return null;
            }
        }
    }
}
