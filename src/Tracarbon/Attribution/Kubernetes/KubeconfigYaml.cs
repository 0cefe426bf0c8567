using System;
using System.Collections.Generic;
using Tracarbon.Platform.Json;

namespace Tracarbon.Attribution.Kubernetes
{
    /// <summary>
    /// Reads the YAML that kubectl and cloud tools write into kubeconfig files (block mappings and sequences,
    /// plain and quoted scalars, comments) into a <see cref="JsonValue"/> tree; a file that starts with '{'
    /// is JSON. Flow collections other than [] and {}, anchors and multi-document files are beyond it: such
    /// a value is kept as its text, which is harmless for the members a kubeconfig's reader needs.
    /// </summary>
    internal sealed partial class KubeconfigYaml
    {
        private readonly List<Line> _lines;
        private int _next;

        private KubeconfigYaml(List<Line> lines)
        {
            _lines = lines;
        }

        /// <exception cref="FormatException">Not YAML of this subset; the message names the line.</exception>
        public static JsonValue Parse(string text)
        {
            if (text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith("{", StringComparison.Ordinal))
            {
                return JsonValue.Parse(text);
            }

            var reader = new KubeconfigYaml(Lines(text));
            if (reader._lines.Count == 0)
            {
                return JsonValue.FromMembers(new Dictionary<string, JsonValue>());
            }

            JsonValue root = reader.Block(reader._lines[0].Indent);
            if (reader._next < reader._lines.Count)
            {
                throw Error(reader._lines[reader._next], "this line's indentation fits no enclosing block");
            }

            return root;
        }

        private JsonValue Block(int indent) =>
            IsItem(_lines[_next].Text) ? Sequence(indent) : Mapping(indent);

        private JsonValue Mapping(int indent)
        {
            var members = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
            while (_next < _lines.Count && _lines[_next].Indent == indent && !IsItem(_lines[_next].Text))
            {
                Line line = _lines[_next++];
                if (!TrySplitKey(line, out string key, out string rest))
                {
                    throw Error(line, "expected 'key: value'");
                }

                members[key] = rest.Length == 0 ? Nested(indent) : Scalar(rest, indent, line);
            }

            return JsonValue.FromMembers(members);
        }

        private JsonValue Sequence(int indent)
        {
            var items = new List<JsonValue>();
            while (_next < _lines.Count && _lines[_next].Indent == indent && IsItem(_lines[_next].Text))
            {
                Line line = _lines[_next];
                string rest = line.Text.Substring(1).TrimStart(' ');
                if (rest.Length == 0)
                {
                    _next++;
                    bool deeper = _next < _lines.Count && _lines[_next].Indent > indent;
                    items.Add(deeper ? Block(_lines[_next].Indent) : JsonValue.Null);
                }
                else if (IsItem(rest) || TrySplitKey(line.With(rest), out _, out _))
                {
                    // "- name: x" opens a mapping whose first key sits on the dash's line: read that line again
                    // as if it were indented to the key's column.
                    int column = indent + line.Text.Length - rest.Length;
                    _lines[_next] = new Line(line.Number, column, rest);
                    items.Add(Block(column));
                }
                else
                {
                    _next++;
                    items.Add(Scalar(rest, indent, line));
                }
            }

            return JsonValue.FromItems(items);
        }

        /// <summary>The value of "key:" alone: a deeper block, a sequence at the key's column, or null.</summary>
        private JsonValue Nested(int indent)
        {
            if (_next < _lines.Count
                && (_lines[_next].Indent > indent || (_lines[_next].Indent == indent && IsItem(_lines[_next].Text))))
            {
                return Block(_lines[_next].Indent);
            }

            return JsonValue.Null;
        }

        private JsonValue Scalar(string text, int indent, Line line)
        {
            if (text[0] == '|' || text[0] == '>')
            {
                // A block scalar: the deeper lines that follow, kept (|) or folded into one line (>).
                var parts = new List<string>();
                while (_next < _lines.Count && _lines[_next].Indent > indent)
                {
                    parts.Add(_lines[_next++].Text);
                }

                return JsonValue.FromString(string.Join(text[0] == '|' ? "\n" : " ", parts));
            }

            if (text[0] == '"' || text[0] == '\'')
            {
                int end = QuotedEnd(text, 0);
                if (end != text.Length - 1)
                {
                    throw Error(line, "a quoted value must end with its closing quote on the same line");
                }

                return JsonValue.FromString(Unquote(text, line));
            }

            switch (text)
            {
                case "~":
                case "null":
                    return JsonValue.Null;
                case "true":
                    return JsonValue.True;
                case "false":
                    return JsonValue.False;
                case "[]":
                    return JsonValue.FromItems(Array.Empty<JsonValue>());
                case "{}":
                    return JsonValue.FromMembers(new Dictionary<string, JsonValue>());
                default:
                    return JsonValue.FromString(text);
            }
        }

        private static bool TrySplitKey(Line line, out string key, out string rest)
        {
            string text = line.Text;
            key = rest = string.Empty;
            int colon;
            if (text[0] == '"' || text[0] == '\'')
            {
                int end = QuotedEnd(text, 0);
                if (end < 0 || end + 1 >= text.Length || text[end + 1] != ':')
                {
                    return false;
                }

                key = Unquote(text.Substring(0, end + 1), line);
                colon = end + 1;
            }
            else
            {
                colon = text.IndexOf(": ", StringComparison.Ordinal);
                colon = colon < 0 && text[text.Length - 1] == ':' ? text.Length - 1 : colon;
                if (colon <= 0)
                {
                    return false;
                }

                key = text.Substring(0, colon).TrimEnd();
            }

            if (colon + 1 < text.Length && text[colon + 1] != ' ')
            {
                return false;
            }

            rest = text.Substring(colon + 1).Trim();
            return true;
        }

        private static bool IsItem(string text) => text == "-" || text.StartsWith("- ", StringComparison.Ordinal);

        private static List<Line> Lines(string text)
        {
            var lines = new List<Line>();
            string[] raw = text.Split('\n');
            for (int n = 0; n < raw.Length; n++)
            {
                string line = StripComment(raw[n].TrimEnd('\r')).TrimEnd();
                string content = line.TrimStart(' ');
                if (content.Length == 0 || content == "---" || content == "...")
                {
                    continue;
                }

                var at = new Line(n + 1, line.Length - content.Length, content);
                if (content[0] == '\t')
                {
                    throw Error(at, "YAML does not allow tabs for indentation");
                }

                lines.Add(at);
            }

            return lines;
        }

        private static FormatException Error(Line line, string reason) =>
            new FormatException($"line {line.Number}: {reason}");

        private readonly struct Line
        {
            public Line(int number, int indent, string text)
            {
                Number = number;
                Indent = indent;
                Text = text;
            }

            public int Number { get; }

            public int Indent { get; }

            public string Text { get; }

            public Line With(string text) => new Line(Number, Indent, text);
        }
    }
}
