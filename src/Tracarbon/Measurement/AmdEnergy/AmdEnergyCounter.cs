using Tracarbon.Platform;

namespace Tracarbon.Measurement.AmdEnergy
{
    /// <summary>What an amd_energy counter measures, decided by its label.</summary>
    public enum AmdEnergyCounterKind
    {
        /// <summary><c>EsocketN</c>: a whole processor socket.</summary>
        Socket,

        /// <summary><c>EcoreN</c>: one core, a part of its socket; detail only, never added to it.</summary>
        Core,

        /// <summary>A label this probe does not know; listed, never counted.</summary>
        Other,
    }

    /// <summary>An amd_energy counter as the probe last saw it. A snapshot: it does not change afterwards.</summary>
    public sealed class AmdEnergyCounterState
    {
        internal AmdEnergyCounterState(AmdEnergyCounter source)
        {
            EnergyCounter counter = source.Counter;
            Path = source.Path;
            Label = source.Label;
            Kind = source.Kind;
            Index = source.Index;
            CounterMicrojoules = counter.Value;
            EnergyJoules = counter.EnergyJoules;
            PowerWatts = counter.PowerWatts;
            Status = counter.Status;
        }

        /// <summary>The counter file under the hwmon root, such as <c>hwmon2/energy17_input</c>.</summary>
        public string Path { get; }

        /// <summary>The <c>energyK_label</c> text, such as <c>Esocket0</c> or <c>Ecore012</c>.</summary>
        public string Label { get; }

        public AmdEnergyCounterKind Kind { get; }

        /// <summary>The socket or core number from the label; null for an unknown label.</summary>
        public int? Index { get; }

        /// <summary>The raw <c>energyK_input</c> last read, in µJ; null when the last read failed.</summary>
        public ulong? CounterMicrojoules { get; }

        /// <summary>The last interval's energy in joules; null when that interval could not be measured.</summary>
        public double? EnergyJoules { get; }

        /// <summary>The last interval's mean power in watts; null when its energy is.</summary>
        public double? PowerWatts { get; }

        public CounterStatus Status { get; }

        public override string ToString() => $"{Path} {Label} {Status}";
    }

    /// <summary>A counter found at discovery, with the state the probe keeps for it.</summary>
    internal sealed class AmdEnergyCounter
    {
        public AmdEnergyCounter(string path, string label, EnergyCounter counter)
        {
            Path = path;
            Label = label;
            Counter = counter;
            Kind = Classify(label, out int index);
            Index = Kind == AmdEnergyCounterKind.Other ? (int?)null : index;
        }

        public string Path { get; }

        public string Label { get; }

        public AmdEnergyCounterKind Kind { get; }

        public int? Index { get; }

        public EnergyCounter Counter { get; }

        /// <summary>Whether the probe reads this counter: sockets always, cores only when asked for.</summary>
        public bool Tracked { get; set; }

        /// <summary>How the read at discovery went; a counter unreadable then is never read again.</summary>
        public ReadOutcome StartOutcome { get; set; }

        public bool Readable => StartOutcome == ReadOutcome.Ok;

        /// <summary>The label as a prefix and a number, compared exactly: never a substring test.</summary>
        public static AmdEnergyCounterKind Classify(string label, out int index)
        {
            if (TryNumbered(label, "Esocket", out index))
            {
                return AmdEnergyCounterKind.Socket;
            }

            if (TryNumbered(label, "Ecore", out index))
            {
                return AmdEnergyCounterKind.Core;
            }

            return AmdEnergyCounterKind.Other;
        }

        private static bool TryNumbered(string text, string prefix, out int index)
        {
            index = 0;
            if (text.Length <= prefix.Length || text.Length > prefix.Length + 6 ||
                !text.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                return false;
            }

            for (int i = prefix.Length; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                index = (index * 10) + (c - '0');
            }

            return true;
        }
    }
}
