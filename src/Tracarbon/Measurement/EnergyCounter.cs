using Tracarbon.Platform;

namespace Tracarbon.Measurement
{
    /// <summary>
    /// One microjoule counter file and the arithmetic on its readings: the delta since the last read,
    /// the wrap at the counter's own maximum, and the status of the last read. State belongs to one
    /// file path, never to a name that several counters share.
    /// </summary>
    internal sealed class EnergyCounter
    {
        private const double MicrojoulesPerJoule = 1_000_000.0;
        private const string Lost = "its interval is missing";

        private ulong _previous;
        private bool _hasPrevious;
        private string? _missing;
        private string? _invalid;
        private string? _reset;

        /// <param name="file">The counter file, such as <c>intel-rapl:0/energy_uj</c>.</param>
        /// <param name="maximum">
        /// The value after which the counter restarts at 0, in µJ; 0 when the counter cannot wrap
        /// (a decrease is then a reset) or when its range is unknown (a decrease is then invalid).
        /// </param>
        /// <param name="wraps">Whether a decrease is a wrap at <paramref name="maximum"/>.</param>
        public EnergyCounter(CounterFile file, ulong maximum, bool wraps)
        {
            File = file;
            Maximum = maximum;
            Wraps = wraps;
        }

        public CounterFile File { get; }

        public ulong Maximum { get; }

        public bool Wraps { get; }

        public CounterStatus Status { get; private set; }

        /// <summary>The raw value last read, in µJ; null when the last read failed.</summary>
        public ulong? Value { get; private set; }

        /// <summary>Whether the last read produced an interval energy (advancing, frozen or wrapped).</summary>
        public bool HasDelta { get; private set; }

        /// <summary>The last interval's energy in µJ; meaningful only when <see cref="HasDelta"/>.</summary>
        public ulong DeltaMicrojoules { get; private set; }

        public double? EnergyJoules => HasDelta ? DeltaMicrojoules / MicrojoulesPerJoule : (double?)null;

        /// <summary>The last interval's mean power in watts; null without an energy or an interval.</summary>
        public double? PowerWatts { get; private set; }

        /// <summary>
        /// Why the last read gave no energy when that is a fault (the file gone or unreadable, a value
        /// that steps back); null otherwise, a first reading included. Each text is built once.
        /// </summary>
        public string? Problem
        {
            get
            {
                switch (Status)
                {
                    case CounterStatus.Missing:
                        return _missing ??=
                            $"the counter '{File.Path}' could not be read (gone, or not readable); {Lost}";
                    case CounterStatus.Invalid:
                        return _invalid ??=
                            $"the counter '{File.Path}' went back by more than a wrap of its range allows; {Lost}";
                    case CounterStatus.Reset:
                        return _reset ??= $"the counter '{File.Path}' restarted from a lower value; {Lost}";
                    default:
                        return null;
                }
            }
        }

        /// <summary>Forgets every reading, as for a counter that will not be read (a mirror).</summary>
        public void Forget()
        {
            _hasPrevious = false;
            HasDelta = false;
            Value = null;
            PowerWatts = null;
            Status = CounterStatus.NotRead;
        }

        /// <summary>
        /// Reads the file and works out the interval that ended now. Allocates nothing. The reader may
        /// keep the file open for the next tick; disposing the reader closes it.
        /// </summary>
        public void Read(CounterFileReader reader, double intervalSeconds)
        {
            ReadOutcome outcome = reader.ReadUInt64(File, out ulong value, keepOpen: true);
            Apply(outcome, value, intervalSeconds);
        }

        public void Apply(ReadOutcome outcome, ulong value, double intervalSeconds)
        {
            HasDelta = false;
            PowerWatts = null;
            if (outcome != ReadOutcome.Ok)
            {
                // Without a trusted previous value the next delta would span this lost interval too, so
                // the next good read starts afresh as a baseline.
                _hasPrevious = false;
                Value = null;
                Status = outcome == ReadOutcome.Invalid ? CounterStatus.Invalid : CounterStatus.Missing;
                return;
            }

            Value = value;
            if (!_hasPrevious)
            {
                Rebase(value, CounterStatus.Baseline);
                return;
            }

            ulong previous = _previous;
            if (value >= previous)
            {
                CounterStatus status = value == previous ? CounterStatus.Frozen : CounterStatus.Advancing;
                Take(value - previous, status, value, intervalSeconds);
            }
            else if (!Wraps)
            {
                Rebase(value, CounterStatus.Reset);
            }
            else if (Maximum != 0 && previous <= Maximum && Plausible((Maximum - previous) + value, intervalSeconds))
            {
                // The counter ran from previous up to its maximum, restarted at 0 and reached value. The
                // sum cannot overflow: value < previous, so (maximum - previous) + value < maximum.
                Take((Maximum - previous) + value, CounterStatus.Wrapped, value, intervalSeconds);
            }
            else
            {
                // A decrease with an unknown range, or from above the range, cannot be resolved.
                Rebase(value, CounterStatus.Invalid);
            }
        }

        private void Take(ulong delta, CounterStatus status, ulong value, double intervalSeconds)
        {
            _previous = value;
            DeltaMicrojoules = delta;
            HasDelta = true;
            Status = status;
            if (intervalSeconds > 0)
            {
                PowerWatts = delta / MicrojoulesPerJoule / intervalSeconds;
            }
        }

        /// <summary>
        /// Whether a wrap's energy could have been drawn in the interval. A counter that steps back a little
        /// (a driver reload, a restored virtual machine, two writers of a copied file) would read as a wrap
        /// of nearly its whole range: hundreds of kilojoules in a second. No single RAPL or hwmon zone draws
        /// <see cref="MaxPlausibleWatts"/>, so such a decrease is an invalid reading, not a wrap.
        /// </summary>
        private static bool Plausible(ulong microjoules, double intervalSeconds) =>
            intervalSeconds <= 0 || microjoules / MicrojoulesPerJoule / intervalSeconds <= MaxPlausibleWatts;

        /// <summary>More than any one energy counter's zone draws: a whole multi-socket server's platform
        /// zone stays under a few kilowatts.</summary>
        internal const double MaxPlausibleWatts = 20_000;

        private void Rebase(ulong value, CounterStatus status)
        {
            _previous = value;
            _hasPrevious = true;
            Status = status;
        }
    }
}
