namespace Tracarbon.Export
{
    /// <summary>What the metrics endpoint does with one request head.</summary>
    internal enum HttpVerdict
    {
        ServeMetrics,
        ServeMetricsHeadersOnly,
        BadRequest,
        NotFound,
        MethodNotAllowed,
        VersionNotSupported,
    }

    /// <summary>
    /// A strict reader of HTTP/1.x request heads (RFC 9112) that serves one path. It looks at bytes
    /// only, allocates nothing, and answers anything it does not fully understand with 400.
    /// </summary>
    internal static class HttpRequestHead
    {
        /// <summary>Longer targets are not ours: /metrics with a query fits in far less.</summary>
        private const int MaxTargetLength = 2048;

        /// <summary>The length of the head up to and including its blank line, or -1 if it is not complete.</summary>
        public static int FindEnd(byte[] buffer, int length)
        {
            // Blank lines before the request line are skipped (see Judge), not taken for the head's end.
            int start = 0;
            while (start < length && (buffer[start] == '\r' || buffer[start] == '\n'))
            {
                start++;
            }

            for (int i = start + 1; i < length; i++)
            {
                if (buffer[i] != '\n')
                {
                    continue;
                }

                // A blank line: LF LF, or LF CR LF (the first LF closes the line before).
                if (buffer[i - 1] == '\n')
                {
                    return i + 1;
                }

                if (i - 2 >= start && buffer[i - 1] == '\r' && buffer[i - 2] == '\n')
                {
                    return i + 1;
                }
            }

            return -1;
        }

        /// <summary>
        /// Judges one head. <paramref name="persistent"/> says whether the client lets the connection
        /// carry another request after the answer: HTTP/1.1 unless it sent <c>Connection: close</c>,
        /// HTTP/1.0 only with <c>Connection: keep-alive</c>, and never when it announced a body, which
        /// the server does not read and which must not be taken for the next request.
        /// </summary>
        public static HttpVerdict Judge(byte[] head, int length, string path, out bool persistent)
        {
            persistent = false;
            int pos = 0;

            // RFC 9112 section 2.2: a server ignores blank lines before the request line.
            while (pos < length && (head[pos] == '\r' || head[pos] == '\n'))
            {
                pos++;
            }

            int lineEnd = LineEnd(head, pos, length, out int next);
            if (lineEnd < 0)
            {
                return HttpVerdict.BadRequest;
            }

            int methodEnd = pos;
            while (methodEnd < lineEnd && IsTokenChar(head[methodEnd]))
            {
                methodEnd++;
            }

            if (methodEnd == pos || methodEnd - pos > 32 || methodEnd >= lineEnd || head[methodEnd] != ' ')
            {
                return HttpVerdict.BadRequest;
            }

            int targetStart = methodEnd + 1;
            int targetEnd = targetStart;
            while (targetEnd < lineEnd && head[targetEnd] > 0x20 && head[targetEnd] < 0x7F)
            {
                targetEnd++;
            }

            if (targetEnd == targetStart || targetEnd - targetStart > MaxTargetLength ||
                targetEnd >= lineEnd || head[targetEnd] != ' ')
            {
                return HttpVerdict.BadRequest;
            }

            int version = Version(head, targetEnd + 1, lineEnd);
            if (version < 0)
            {
                return HttpVerdict.BadRequest;
            }

            if (version != 10 && version != 11)
            {
                return HttpVerdict.VersionNotSupported;
            }

            if (!Headers(head, next, length, out HeaderFacts facts) || (version == 11 && !facts.HasHost))
            {
                // HTTP/1.1 requires Host (RFC 9112 section 3.2).
                return HttpVerdict.BadRequest;
            }

            // RFC 9112 section 9.3: 1.1 persists by default, 1.0 only when asked; "close" wins over both.
            persistent = !facts.HasBody && !facts.Close && (version == 11 || facts.KeepAlive);

            if (!PathIs(head, targetStart, targetEnd, path))
            {
                return HttpVerdict.NotFound;
            }

            if (Is(head, pos, methodEnd, "GET"))
            {
                return HttpVerdict.ServeMetrics;
            }

            return Is(head, pos, methodEnd, "HEAD")
                ? HttpVerdict.ServeMetricsHeadersOnly
                : HttpVerdict.MethodNotAllowed;
        }

        /// <summary>Checks every header line; false for a malformed one.</summary>
        private static bool Headers(byte[] head, int pos, int length, out HeaderFacts facts)
        {
            facts = default;
            while (true)
            {
                int end = LineEnd(head, pos, length, out int next);
                if (end < 0)
                {
                    return false;
                }

                if (end == pos)
                {
                    return true;
                }

                int colon = pos;
                while (colon < end && IsTokenChar(head[colon]))
                {
                    colon++;
                }

                // No name, whitespace before the colon, or a folded line (RFC 9112 section 5).
                if (colon == pos || colon >= end || head[colon] != ':')
                {
                    return false;
                }

                for (int i = colon + 1; i < end; i++)
                {
                    byte b = head[i];
                    if ((b < 0x20 && b != '\t') || b == 0x7F)
                    {
                        return false;
                    }
                }

                Note(head, pos, colon, end, ref facts);
                pos = next;
            }
        }

        /// <summary>Remembers what the server needs from one header: Host, Connection and any body.</summary>
        private static void Note(byte[] head, int name, int colon, int end, ref HeaderFacts facts)
        {
            int nameLength = colon - name;
            if (IsName(head, name, nameLength, "host"))
            {
                facts.HasHost = true;
            }
            else if (IsName(head, name, nameLength, "transfer-encoding"))
            {
                facts.HasBody = true;
            }
            else if (IsName(head, name, nameLength, "content-length"))
            {
                // Anything but a plain 0, malformed values included, may hide bytes after the head.
                Trim(head, colon + 1, end, out int start, out int stop);
                facts.HasBody |= stop - start != 1 || head[start] != '0';
            }
            else if (IsName(head, name, nameLength, "connection"))
            {
                // A comma-separated list of options (RFC 9110 section 7.6.1), in any letter case.
                int option = colon + 1;
                while (option < end)
                {
                    int comma = option;
                    while (comma < end && head[comma] != ',')
                    {
                        comma++;
                    }

                    Trim(head, option, comma, out int start, out int stop);
                    facts.Close |= IsName(head, start, stop - start, "close");
                    facts.KeepAlive |= IsName(head, start, stop - start, "keep-alive");
                    option = comma + 1;
                }
            }
        }

        /// <summary>The part of [start, end) without the spaces and tabs around it.</summary>
        private static void Trim(byte[] head, int start, int end, out int first, out int stop)
        {
            while (start < end && (head[start] == ' ' || head[start] == '\t'))
            {
                start++;
            }

            while (end > start && (head[end - 1] == ' ' || head[end - 1] == '\t'))
            {
                end--;
            }

            first = start;
            stop = end;
        }

        private static bool IsName(byte[] head, int start, int length, string lower) =>
            length == lower.Length && IsIgnoreCase(head, start, lower);

        /// <summary>The end of the line at <paramref name="pos"/> without its CR LF or LF; -1 for a bare CR.</summary>
        private static int LineEnd(byte[] head, int pos, int length, out int next)
        {
            for (int i = pos; i < length; i++)
            {
                if (head[i] == '\n')
                {
                    next = i + 1;
                    return i > pos && head[i - 1] == '\r' ? i - 1 : i;
                }

                if (head[i] == '\r' && (i + 1 >= length || head[i + 1] != '\n'))
                {
                    break;
                }
            }

            next = length;
            return -1;
        }

        /// <summary>"HTTP/1.1" as 11; -1 when it is not an HTTP version at all.</summary>
        private static int Version(byte[] head, int start, int end)
        {
            if (end - start != 8 || !Is(head, start, start + 5, "HTTP/") || head[start + 6] != '.')
            {
                return -1;
            }

            byte major = head[start + 5];
            byte minor = head[start + 7];
            if (major < '0' || major > '9' || minor < '0' || minor > '9')
            {
                return -1;
            }

            return ((major - '0') * 10) + (minor - '0');
        }

        /// <summary>The target's path, before any query, equals <paramref name="path"/>.</summary>
        private static bool PathIs(byte[] head, int start, int end, string path)
        {
            int query = start;
            while (query < end && head[query] != '?')
            {
                query++;
            }

            return Is(head, start, query, path);
        }

        private static bool Is(byte[] head, int start, int end, string text)
        {
            if (end - start != text.Length)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (head[start + i] != text[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsIgnoreCase(byte[] head, int start, string lower)
        {
            for (int i = 0; i < lower.Length; i++)
            {
                int b = head[start + i];
                if (b >= 'A' && b <= 'Z')
                {
                    b += 'a' - 'A';
                }

                if (b != lower[i])
                {
                    return false;
                }
            }

            return true;
        }

        private struct HeaderFacts
        {
            public bool HasHost;
            public bool HasBody;
            public bool Close;
            public bool KeepAlive;
        }

        /// <summary>RFC 9110 tchar: the characters of methods and header names.</summary>
        private static bool IsTokenChar(byte b)
        {
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9'))
            {
                return true;
            }

            switch (b)
            {
                case (byte)'!': case (byte)'#': case (byte)'$': case (byte)'%': case (byte)'&':
                case (byte)'\'': case (byte)'*': case (byte)'+': case (byte)'-': case (byte)'.':
                case (byte)'^': case (byte)'_': case (byte)'`': case (byte)'|': case (byte)'~':
                    return true;
                default:
                    return false;
            }
        }
    }
}
