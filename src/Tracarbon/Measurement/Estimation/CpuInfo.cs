using System;
using System.Globalization;
using System.IO;

namespace Tracarbon.Measurement.Estimation
{
    /// <summary>What <c>/proc/cpuinfo</c> says about the processor.</summary>
    public sealed class CpuInfo
    {
        public CpuInfo(string vendor, string modelName, int logicalCpus, bool isVirtualMachine)
        {
            if (logicalCpus < 1)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(logicalCpus), logicalCpus, "A machine has 1 CPU or more.");
            }

            Vendor = vendor ?? string.Empty;
            ModelName = modelName ?? string.Empty;
            LogicalCpus = logicalCpus;
            IsVirtualMachine = isVirtualMachine;
        }

        /// <summary>The <c>vendor_id</c>, such as <c>GenuineIntel</c>; empty when the file gives none.</summary>
        public string Vendor { get; }

        /// <summary>The <c>model name</c> as the kernel prints it, noise included; empty when unknown.</summary>
        public string ModelName { get; }

        /// <summary>The number of <c>processor</c> entries: logical CPUs, hyperthreads included.</summary>
        public int LogicalCpus { get; }

        /// <summary>True when the <c>hypervisor</c> flag is set: the kernel runs in a virtual machine.</summary>
        public bool IsVirtualMachine { get; }

        /// <summary>
        /// Reads <c>&lt;proc root&gt;/cpuinfo</c>. Where it is missing or lists no processor (Windows, macOS, a
        /// bare fixture), the model is unknown and the CPU count is what the runtime reports.
        /// </summary>
        public static CpuInfo Read(string procRoot)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(procRoot, "cpuinfo"));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new CpuInfo(string.Empty, string.Empty, Environment.ProcessorCount, false);
            }

            return Parse(text) ?? new CpuInfo(string.Empty, string.Empty, Environment.ProcessorCount, false);
        }

        /// <summary>Parses the text of <c>/proc/cpuinfo</c>; null when it lists no processor.</summary>
        public static CpuInfo? Parse(string text)
        {
            string vendor = string.Empty;
            string model = string.Empty;
            string armImplementer = string.Empty;
            string armPart = string.Empty;
            int processors = 0;
            bool hypervisor = false;
            foreach (string rawLine in text.Split('\n'))
            {
                int colon = rawLine.IndexOf(':');
                if (colon < 0)
                {
                    continue;
                }

                string key = rawLine.Substring(0, colon).Trim();
                string value = rawLine.Substring(colon + 1).Trim();
                switch (key)
                {
                    case "processor":
                        processors++;
                        break;
                    case "vendor_id":
                        vendor = vendor.Length == 0 ? value : vendor;
                        break;
                    case "model name":
                        model = model.Length == 0 ? value : model;
                        break;
                    case "flags":
                        hypervisor |= HasWord(value, "hypervisor");
                        break;
                    case "CPU implementer":
                        armImplementer = armImplementer.Length == 0 ? value : armImplementer;
                        break;
                    case "CPU part":
                        armPart = armPart.Length == 0 ? value : armPart;
                        break;
                }
            }

            if (processors == 0)
            {
                return null;
            }

            if (model.Length == 0 && armImplementer.Length > 0)
            {
                // Arm kernels print no model name, only the part number that lscpu turns into a name.
                vendor = vendor.Length == 0 && IsHex(armImplementer, 0x41) ? "ARM" : vendor;
                model = ArmModelName(armImplementer, armPart);
            }

            return new CpuInfo(vendor, model, processors, hypervisor);
        }

        private static string ArmModelName(string implementer, string part)
        {
            if (!IsHex(implementer, 0x41))
            {
                return string.Empty;
            }

            // The Neoverse cores in AWS Graviton 2, 3 and 4, and their siblings in other clouds.
            int number = ParseHex(part);
            switch (number)
            {
                case 0xd0c: return "ARM Neoverse-N1";
                case 0xd40: return "ARM Neoverse-V1";
                case 0xd49: return "ARM Neoverse-N2";
                case 0xd4f: return "ARM Neoverse-V2";
                default: return string.Empty;
            }
        }

        private static bool IsHex(string text, int expected) => ParseHex(text) == expected;

        private static int ParseHex(string text)
        {
            string digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.Substring(2) : text;
            return int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int value)
                ? value
                : -1;
        }

        private static bool HasWord(string words, string word)
        {
            foreach (string candidate in words.Split(' ', '\t'))
            {
                if (candidate == word)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
