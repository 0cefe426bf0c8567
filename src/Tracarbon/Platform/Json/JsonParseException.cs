using System;

namespace Tracarbon.Platform.Json
{
    /// <summary>Malformed JSON text; <see cref="Offset"/> is the zero-based character index of the fault.</summary>
    public sealed class JsonParseException : FormatException
    {
        public JsonParseException(string reason, int offset)
            : base($"Invalid JSON at offset {offset}: {reason}")
        {
            Reason = reason;
            Offset = offset;
        }

        /// <summary>The fault alone, without the offset, for callers that word their own message.</summary>
        public string Reason { get; }

        public int Offset { get; }
    }
}
