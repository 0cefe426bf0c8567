using System;

namespace Tracarbon.Measurement.Cloud
{
    /// <summary>An instance type that no bundled table lists; the message names the value given.</summary>
    public sealed class CloudInstanceNotFoundException : ArgumentException
    {
        public CloudInstanceNotFoundException(string instanceType, string message)
            : base(message, nameof(instanceType))
        {
            InstanceType = instanceType;
        }

        /// <summary>The value exactly as it was given.</summary>
        public string InstanceType { get; }
    }
}
