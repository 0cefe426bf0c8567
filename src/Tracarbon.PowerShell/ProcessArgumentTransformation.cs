using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Lets -Process take names (every process of that name), ids and Process objects, as Get-Process
    /// writes them. Anything else is left for another parameter to bind.
    /// </summary>
    public sealed class ProcessArgumentTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var result = new List<Process>();
            foreach (object? item in Flatten(inputData))
            {
                switch (item is PSObject ps ? ps.BaseObject : item)
                {
                    case Process process:
                        result.Add(process);
                        break;
                    case int id:
                        result.Add(ById(id));
                        break;
                    case long id:
                        result.Add(ById((int)id));
                        break;
                    case string name when int.TryParse(name, out int id):
                        result.Add(ById(id));
                        break;
                    case string name:
                        Process[] named = Process.GetProcessesByName(name);
                        if (named.Length == 0)
                        {
                            throw new ArgumentTransformationMetadataException(
                                $"No process is named '{name}'. Give a name Get-Process lists, an id, or Process objects.");
                        }

                        result.AddRange(named);
                        break;
                    default:
                        return inputData;
                }
            }

            return result.ToArray();
        }

        private static Process ById(int id)
        {
            try
            {
                return Process.GetProcessById(id);
            }
            catch (ArgumentException)
            {
                throw new ArgumentTransformationMetadataException($"No process has the id {id}.");
            }
        }

        private static IEnumerable Flatten(object inputData)
        {
            object value = inputData is PSObject ps ? ps.BaseObject : inputData;
            return value is IEnumerable list && !(value is string) ? list : new[] { inputData };
        }
    }
}
