using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;

namespace Tracarbon.PowerShell
{
    /// <summary>Lets -ApiKey take a SecureString (Read-Host -AsSecureString) or a plain string.</summary>
    public sealed class ApiKeyTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject ps ? ps.BaseObject : inputData;
            if (value is string text)
            {
                var secure = new SecureString();
                foreach (char c in text)
                {
                    secure.AppendChar(c);
                }

                secure.MakeReadOnly();
                return secure;
            }

            return value;
        }

        /// <summary>The key given, or null when none was; an empty or blank one stops the command.</summary>
        internal static string? RevealOrRefuseEmpty(PSCmdlet cmdlet, SecureString? key)
        {
            string? text = Reveal(key);
            if (key != null && string.IsNullOrWhiteSpace(text))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    "EmptyApiKey", "The API key is empty.", "ApiKey",
                    "Give -ApiKey your Electricity Maps key, or leave it out."));
            }

            return text;
        }

        /// <summary>The key as the HTTP header needs it; kept out of every message and log.</summary>
        internal static string? Reveal(SecureString? key)
        {
            if (key == null)
            {
                return null;
            }

            IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(key);
            try
            {
                return Marshal.PtrToStringUni(pointer);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
