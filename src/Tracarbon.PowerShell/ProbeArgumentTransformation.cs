using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Lets -Probe take names as typed (<c>-Probe Rapl,NvidiaGpu</c>) as well as the objects
    /// Get-CarbonProbe writes. Names are checked by the cmdlet, so an unknown one gets its own error id.
    /// </summary>
    public sealed class ProbeArgumentTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var result = new List<ProbeInfo>();
            foreach (object? item in Flatten(inputData))
            {
                object? value = item is PSObject ps ? ps.BaseObject : item;
                if (value is ProbeInfo info)
                {
                    result.Add(info);
                }
                else if (value is string name)
                {
                    result.Add(ProbeInfo.Requested(name));
                }
                else if (value != null)
                {
                    // Not ours: left as it is, so the binder can give it to another parameter (a
                    // piped CarbonLocation goes to -Location).
                    return inputData;
                }
            }

            return result.ToArray();
        }

        private static IEnumerable Flatten(object inputData)
        {
            object value = inputData is PSObject ps ? ps.BaseObject : inputData;
            return value is IEnumerable list && !(value is string) ? list : new[] { inputData };
        }
    }
}
