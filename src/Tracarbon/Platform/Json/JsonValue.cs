using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Tracarbon.Platform.Json
{
    /// <summary>
    /// One node of a parsed JSON document. The Get* members throw when the node is of another kind; the
    /// Try* members answer false instead, so a body from a service can be probed without exceptions.
    /// </summary>
    public sealed class JsonValue
    {
        internal static readonly JsonValue True = new JsonValue(JsonKind.True);
        internal static readonly JsonValue False = new JsonValue(JsonKind.False);
        internal static readonly JsonValue Null = new JsonValue(JsonKind.Null);

        private static readonly IReadOnlyDictionary<string, JsonValue> NoMembers =
            new Dictionary<string, JsonValue>(StringComparer.Ordinal);

        private static readonly IReadOnlyList<JsonValue> NoItems = Array.Empty<JsonValue>();

        private readonly string? _string;
        private readonly double _number;
        private readonly IReadOnlyList<JsonValue> _items = NoItems;
        private readonly IReadOnlyDictionary<string, JsonValue> _members = NoMembers;

        private JsonValue(JsonKind kind)
        {
            Kind = kind;
        }

        private JsonValue(string value)
            : this(JsonKind.String)
        {
            _string = value;
        }

        private JsonValue(double value)
            : this(JsonKind.Number)
        {
            _number = value;
        }

        private JsonValue(IReadOnlyList<JsonValue> items)
            : this(JsonKind.Array)
        {
            _items = items;
        }

        private JsonValue(IReadOnlyDictionary<string, JsonValue> members)
            : this(JsonKind.Object)
        {
            _members = members;
        }

        public JsonKind Kind { get; }

        public bool IsNull => Kind == JsonKind.Null;

        /// <summary>The members of an object, keyed by their exact (ordinal) names; their order is not kept.</summary>
        public IReadOnlyDictionary<string, JsonValue> Properties =>
            Kind == JsonKind.Object ? _members : throw WrongKind(JsonKind.Object);

        public IReadOnlyList<JsonValue> Items => Kind == JsonKind.Array ? _items : throw WrongKind(JsonKind.Array);

        public JsonValue this[string name] => Properties.TryGetValue(name, out JsonValue value)
            ? value
            : throw new KeyNotFoundException($"The JSON object has no member named '{name}'.");

        public JsonValue this[int index] => Items[index];

        /// <summary>Parses a complete JSON text; anything but whitespace after the value is an error.</summary>
        public static JsonValue Parse(string text) => JsonParser.Parse(text);

        public string GetString() => TryGetString(out string? value) ? value : throw WrongKind(JsonKind.String);

        public double GetNumber() => TryGetNumber(out double value) ? value : throw WrongKind(JsonKind.Number);

        public bool GetBoolean() => TryGetBoolean(out bool value) ? value : throw WrongKind(JsonKind.True);

        public bool TryGetProperty(string name, [NotNullWhen(true)] out JsonValue? value)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            value = null;
            return Kind == JsonKind.Object && _members.TryGetValue(name, out value);
        }

        public bool TryGetString([NotNullWhen(true)] out string? value)
        {
            value = _string;
            return Kind == JsonKind.String;
        }

        public bool TryGetNumber(out double value)
        {
            value = _number;
            return Kind == JsonKind.Number;
        }

        /// <summary>A number with no fractional part that fits an <see cref="int"/>, such as a year.</summary>
        public bool TryGetInt32(out int value)
        {
            value = 0;
            if (Kind != JsonKind.Number || _number != Math.Floor(_number)
                || _number < int.MinValue || _number > int.MaxValue)
            {
                return false;
            }

            value = (int)_number;
            return true;
        }

        public bool TryGetBoolean(out bool value)
        {
            value = Kind == JsonKind.True;
            return Kind == JsonKind.True || Kind == JsonKind.False;
        }

        // The member forms below answer false both when the member is missing and when it has another
        // kind, which is what a caller reading an API body needs: either way the value is unusable.

        public bool TryGetString(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return TryGetProperty(name, out JsonValue? member) && member.TryGetString(out value);
        }

        public bool TryGetNumber(string name, out double value)
        {
            value = 0;
            return TryGetProperty(name, out JsonValue? member) && member.TryGetNumber(out value);
        }

        public bool TryGetInt32(string name, out int value)
        {
            value = 0;
            return TryGetProperty(name, out JsonValue? member) && member.TryGetInt32(out value);
        }

        public bool TryGetBoolean(string name, out bool value)
        {
            value = false;
            return TryGetProperty(name, out JsonValue? member) && member.TryGetBoolean(out value);
        }

        /// <summary>Compact JSON for this node, handy in logs and error messages.</summary>
        public override string ToString()
        {
            var builder = new StringBuilder();
            Write(builder);
            return builder.ToString();
        }

        internal static JsonValue FromString(string value) => new JsonValue(value);

        internal static JsonValue FromNumber(double value) => new JsonValue(value);

        internal static JsonValue FromItems(IReadOnlyList<JsonValue> items) => new JsonValue(items);

        internal static JsonValue FromMembers(IReadOnlyDictionary<string, JsonValue> members) =>
            new JsonValue(members);

        private void Write(StringBuilder builder)
        {
            switch (Kind)
            {
                case JsonKind.Object:
                    builder.Append('{');
                    bool first = true;
                    foreach (KeyValuePair<string, JsonValue> member in _members)
                    {
                        builder.Append(first ? "" : ",");
                        JsonText.WriteString(builder, member.Key);
                        builder.Append(':');
                        member.Value.Write(builder);
                        first = false;
                    }

                    builder.Append('}');
                    break;
                case JsonKind.Array:
                    builder.Append('[');
                    for (int i = 0; i < _items.Count; i++)
                    {
                        builder.Append(i == 0 ? "" : ",");
                        _items[i].Write(builder);
                    }

                    builder.Append(']');
                    break;
                case JsonKind.String:
                    JsonText.WriteString(builder, _string!);
                    break;
                case JsonKind.Number:
                    // "R" keeps every digit on .NET Framework, where the default format rounds to 15.
                    builder.Append(_number.ToString("R", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(Kind == JsonKind.True ? "true" : Kind == JsonKind.False ? "false" : "null");
                    break;
            }
        }

        private InvalidOperationException WrongKind(JsonKind wanted) =>
            new InvalidOperationException($"The JSON value is {Describe(Kind)}, not {Describe(wanted)}.");

        private static string Describe(JsonKind kind) => kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.True or JsonKind.False => "a boolean",
            _ => "a " + kind.ToString().ToLowerInvariant(),
        };
    }
}
