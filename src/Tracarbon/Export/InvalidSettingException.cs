using System;

namespace Tracarbon.Export
{
    /// <summary>A setting, such as the variable <c>PROMETHEUS_PORT</c>, whose value cannot be used.</summary>
    public sealed class InvalidSettingException : ArgumentException
    {
        public InvalidSettingException(string setting, string value, string message)
            : base(message)
        {
            Setting = setting;
            Value = value;
        }

        /// <summary>The setting's name, such as <c>PROMETHEUS_PORT</c>.</summary>
        public string Setting { get; }

        /// <summary>The value as given.</summary>
        public string Value { get; }
    }
}
