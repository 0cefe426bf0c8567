using System;
using System.Collections.Generic;

namespace Tracarbon.Tracking
{
    /// <summary>
    /// What went wrong in the background, counted per origin (a probe, an exporter, the schedule).
    /// Each distinct message is kept once, so a fault that repeats every tick neither floods the
    /// report nor grows memory.
    /// </summary>
    public sealed class SessionErrors
    {
        private const int MaxDistinctMessages = 32;

        private readonly object _gate = new object();
        private readonly Dictionary<string, long> _counts = new Dictionary<string, long>(StringComparer.Ordinal);
        private readonly List<string> _messages = new List<string>();
        private readonly HashSet<(string Origin, string Message)> _seen = new HashSet<(string, string)>();
        private long _total;

        /// <summary>Raised the first time each distinct message is seen, on the thread that saw it.</summary>
        public event EventHandler<string>? FirstOccurrence;

        public long Total
        {
            get
            {
                lock (_gate)
                {
                    return _total;
                }
            }
        }

        public long CountFor(string origin)
        {
            lock (_gate)
            {
                return _counts.TryGetValue(origin, out long n) ? n : 0;
            }
        }

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_gate)
                {
                    return _messages.ToArray();
                }
            }
        }

        public void Record(string origin, Exception exception)
        {
            Record(origin, exception.GetType().Name + ": " + exception.Message);
        }

        public void Record(string origin, string message)
        {
            // A repeat allocates nothing: the text is built only the first time a message is seen.
            string? text = null;
            lock (_gate)
            {
                _total++;
                _counts.TryGetValue(origin, out long n);
                _counts[origin] = n + 1;
                if (_messages.Count < MaxDistinctMessages && _seen.Add((origin, message)))
                {
                    text = origin + ": " + message;
                    _messages.Add(text);
                }
            }

            bool first = text != null;

            if (first)
            {
                FirstOccurrence?.Invoke(this, text!);
            }
        }
    }
}
