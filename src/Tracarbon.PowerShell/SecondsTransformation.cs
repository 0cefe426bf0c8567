using System;
using System.Management.Automation;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Reads a bare number given to a <see cref="TimeSpan"/> parameter as seconds. PowerShell alone would
    /// make <c>-Duration 2</c> two ticks (200 ns), which no one means; a time span, or text such as
    /// '00:10:00', passes through unchanged.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class SecondsTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case int _:
                case long _:
                case short _:
                case byte _:
                case double _:
                case float _:
                case decimal _:
                    double seconds = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                    if (double.IsNaN(seconds) || double.IsInfinity(seconds) ||
                        Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds)
                    {
                        throw new ArgumentTransformationMetadataException(
                            $"The duration {seconds} s is not a time span .NET can hold.");
                    }

                    return TimeSpan.FromSeconds(seconds);
                default:
                    return inputData;
            }
        }
    }
}
