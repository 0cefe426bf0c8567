using System;
using System.Globalization;
using System.Management.Automation;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Reads a bare number given to a <see cref="TimeSpan"/> parameter as seconds, as text too. PowerShell
    /// alone would make <c>-Duration 2</c> two ticks (200 ns) and <c>-Duration '2'</c> two days, which no
    /// one means; a time span, or text such as '00:10:00', passes through unchanged, and other text is
    /// refused saying what would do.
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
                    double seconds = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (double.IsNaN(seconds) || double.IsInfinity(seconds) ||
                        Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds)
                    {
                        throw new ArgumentTransformationMetadataException(
                            $"The duration {seconds} s is not a time span .NET can hold.");
                    }

                    return TimeSpan.FromSeconds(seconds);
                case string text:
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double given))
                    {
                        return Transform(engineIntrinsics, given);
                    }

                    if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan span))
                    {
                        return span;
                    }

                    throw new ArgumentTransformationMetadataException(
                        $"'{text}' is neither a number of seconds nor a time span: give 90, 1.5 or '00:10:00'.");
                default:
                    return inputData;
            }
        }
    }
}
