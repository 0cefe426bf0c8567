using System;
using System.Diagnostics.Metrics;
using System.IO;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Tracarbon.Tracking;

namespace Tracarbon.Export
{
    /// <summary>
    /// Pushes the Prometheus exporter's counters and gauges to an OpenTelemetry collector as OTLP over
    /// HTTP (protobuf), through the OpenTelemetry SDK: <c>{prefix}.energy</c> (J) and
    /// <c>{prefix}.emissions</c> (g), cumulative sums since the exporter opened; <c>{prefix}.power</c> (W)
    /// and <c>{prefix}.carbon_intensity</c> (g/kWh), gauges of the latest sample; <c>{prefix}.self_cpu</c>
    /// (s) where the session measures it. Attributes are component, location, source and platform, the
    /// resource says service.name=tracarbon.
    /// </summary>
    /// <remarks>
    /// The names follow OpenTelemetry's conventions (dotted, unit apart, no <c>_total</c>), chosen so that
    /// a collector's Prometheus exporter, which by default spells out the unit and appends <c>_total</c> to
    /// counters, shows the names this module serves itself: <c>tracarbon_energy_joules_total</c>,
    /// <c>tracarbon_emissions_grams_total</c>, <c>tracarbon_power_watts</c> and
    /// <c>tracarbon_self_cpu_seconds_total</c>. The intensity's unit, g/kWh, has no spelled-out form in
    /// that translation, so its name comes close to <c>..._grams_per_kilowatt_hour</c> without matching.
    /// <para>
    /// Each exporter has its own Meter and MeterProvider; a view drops every instrument of another Meter
    /// of the same name, so two sessions in one process never send each other's series. The provider has
    /// no timer: the exporter collects and sends on the worker thread, at most once per
    /// <see cref="PushInterval"/> of the session's clock, then at Flush. A failed push (refused, timed out,
    /// or answered with an error status) throws, which the session counts.
    /// </para>
    /// </remarks>
    public sealed class OtlpExporter : Exporter
    {
        /// <summary>The instrumentation scope of every metric.</summary>
        public const string MeterName = "Tracarbon";

        public const string ServiceName = "tracarbon";

        /// <summary>A push per tick at 100 Hz would cost a request each; once a second is plenty.</summary>
        public static readonly TimeSpan MinimumPushInterval = TimeSpan.FromSeconds(1);

        /// <summary>Long enough for a collector across a network, short enough not to stall the queue.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

        /// <summary>The SDK refuses instrument names longer than this.</summary>
        private const int MaxInstrumentName = 255;

        private readonly object _gate = new object();
        private OtlpMetricState? _state;
        private Meter? _meter;
        private MeterProvider? _provider;
        private DateTimeOffset? _lastAttempt;
        private bool _unsent;
        private bool _lastFailed;
        private bool _disposed;

        /// <param name="endpoint">The full metrics URL; <see cref="OtlpEndpoint.Default"/> when null.</param>
        /// <param name="pushInterval">
        /// The least time between two pushes, on the session's clock; a push goes with the first tick at or
        /// after it. The default, <see cref="MinimumPushInterval"/>, pushes every tick of a session whose
        /// interval is a second or more, and about once a second for faster ones.
        /// </param>
        /// <param name="timeout">How long one push may take, connection included.</param>
        public OtlpExporter(Uri? endpoint = null, TimeSpan? pushInterval = null, TimeSpan? timeout = null)
        {
            Endpoint = endpoint == null ? new Uri(OtlpEndpoint.Default) : OtlpEndpoint.Parse(endpoint.OriginalString);
            PushInterval = pushInterval ?? MinimumPushInterval;
            if (PushInterval < MinimumPushInterval)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(pushInterval), pushInterval, "Push at most once a second: give 1 s or more.");
            }

            Timeout = timeout ?? DefaultTimeout;
            if (Timeout <= TimeSpan.Zero || Timeout.TotalMilliseconds > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A timeout is a positive duration.");
            }
        }

        /// <summary>
        /// An exporter for the endpoint the OTEL_EXPORTER_OTLP_* variables name (see
        /// <see cref="OtlpEndpoint.FromEnvironment"/>); a bad value throws <see cref="InvalidSettingException"/>.
        /// </summary>
        public static OtlpExporter FromEnvironment(Func<string, string?> getVariable) =>
            new OtlpExporter(OtlpEndpoint.FromEnvironment(getVariable));

        public override string Name => "Otlp";

        public override string Description => "OTLP (" + Endpoint + ")";

        public Uri Endpoint { get; }

        public TimeSpan PushInterval { get; }

        public TimeSpan Timeout { get; }

        /// <summary>Pushes the collector accepted.</summary>
        public long Pushes { get; private set; }

        /// <summary>Pushes that failed; each one was also thrown to the session.</summary>
        public long FailedPushes { get; private set; }

        public override void Open(ExportContext context)
        {
            if (context == null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            lock (_gate)
            {
                if (_meter != null || _disposed)
                {
                    throw new InvalidOperationException("An OTLP exporter serves one session: make a new one.");
                }

                string prefix = InstrumentPrefix(context.MetricNames.Prefix);
                string? version = typeof(OtlpExporter).Assembly.GetName().Version?.ToString(3);
                var state = new OtlpMetricState(context.Platform);
                var meter = new Meter(MeterName, version);
                meter.CreateObservableCounter<double>(prefix + ".energy", () => state.Energy(), "J",
                    "Energy drawn since tracking began, in joules.");
                meter.CreateObservableCounter<double>(prefix + ".emissions", () => state.Emissions(), "g",
                    "CO2-equivalent emitted since tracking began, in grams.");
                meter.CreateObservableGauge<double>(prefix + ".power", () => state.Power(), "W",
                    "Mean power over the latest sampling interval, in watts.");
                meter.CreateObservableGauge<double>(prefix + ".carbon_intensity", () => state.Intensity(), "g/kWh",
                    "Carbon intensity of the electricity in the latest sample, in grams of CO2-equivalent per kWh.");
                if (context.SelfCpuSeconds is Func<double> selfCpu)
                {
                    meter.CreateObservableCounter<double>(prefix + ".self_cpu", () => state.SelfCpu(selfCpu), "s",
                        "CPU time used by tracking itself, in seconds.");
                }

                try
                {
                    _provider = BuildProvider(meter, version);
                }
                catch
                {
                    meter.Dispose();
                    throw;
                }

                _meter = meter;
                _state = state;
            }
        }

        /// <summary>Updates what the instruments observe and pushes when the interval has passed.</summary>
        public override void Export(Sample sample)
        {
            lock (_gate)
            {
                OtlpMetricState state = _state
                    ?? throw new InvalidOperationException("The OTLP exporter was not opened.");
                state.Update(sample);
                _unsent = true;
                if (_lastAttempt is DateTimeOffset last && sample.Timestamp - last < PushInterval)
                {
                    return;
                }

                _lastAttempt = sample.Timestamp;
                Push();
            }
        }

        /// <summary>Pushes what no push has carried yet, or tries the failed last push once more.</summary>
        public override void Flush()
        {
            lock (_gate)
            {
                if ((_unsent || _lastFailed) && _provider != null && !_disposed)
                {
                    Push();
                }
            }
        }

        /// <summary>
        /// Pushes what is still unsent (a failure the session already saw is not tried again), then shuts
        /// the provider down without another request.
        /// </summary>
        public override void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                try
                {
                    if (_unsent && _provider != null)
                    {
                        Push();
                    }
                }
                finally
                {
                    _disposed = true;
                    _provider?.Dispose();
                    _meter?.Dispose();
                }
            }
        }

        /// <summary>
        /// The user's metric prefix as the start of an instrument name, which must begin with a letter
        /// and hold only letters, digits and <c>_ . / -</c>: anything else becomes an underscore.
        /// </summary>
        internal static string InstrumentPrefix(string prefix)
        {
            var name = new char[prefix.Length];
            for (int i = 0; i < prefix.Length; i++)
            {
                char ch = prefix[i];
                bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                    ch == '_' || ch == '.' || ch == '/' || ch == '-';
                name[i] = ok ? ch : '_';
            }

            bool letterFirst = name.Length > 0 && char.IsLetter(name[0]) && name[0] < 128;
            if (!letterFirst || name.Length + ".carbon_intensity".Length > MaxInstrumentName)
            {
                throw new ArgumentException(
                    $"The metric prefix '{prefix}' cannot start an OpenTelemetry instrument name: it must begin " +
                    $"with a letter and stay under {MaxInstrumentName - ".carbon_intensity".Length} characters.",
                    nameof(prefix));
            }

            return new string(name);
        }

        private MeterProvider BuildProvider(Meter meter, string? version)
        {
            // The options read OTEL_EXPORTER_OTLP_HEADERS and _COMPRESSION from the environment, which
            // is how a collector that wants a token gets one; what this exporter decides is set here.
            var options = new OtlpExporterOptions
            {
                Endpoint = Endpoint,
                Protocol = OtlpExportProtocol.HttpProtobuf,
                TimeoutMilliseconds = (int)Timeout.TotalMilliseconds,
            };
            var reader = new OtlpOnDemandReader(new OtlpMetricExporter(options));
            MeterProvider? provider = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(ResourceBuilder.CreateEmpty()
                    // The SDK's generated instance id is one per process: two sessions pushing to one
                    // collector need two, or their cumulative series, alike in every attribute, would clash.
                    .AddService(
                        ServiceName,
                        serviceVersion: version,
                        autoGenerateServiceInstanceId: false,
                        serviceInstanceId: Guid.NewGuid().ToString())
                    .AddTelemetrySdk())
                .AddMeter(MeterName)
                .AddView(i => ReferenceEquals(i.Meter, meter) ? null : MetricStreamConfiguration.Drop)
                .AddReader(reader)
                .Build();
            return provider ?? throw new InvalidOperationException("The OpenTelemetry SDK built no meter provider.");
        }

        /// <summary>Collects and sends once; a failure throws, after the counters say so.</summary>
        private void Push()
        {
            _unsent = false;

            // The SDK bounds the request by Timeout; the margin covers the collection before it. It pushes
            // on this thread, so the reason of a failure is caught here.
            OtlpFailureReasons.Begin();
            bool sent;
            string? reason;
            try
            {
                sent = _provider!.ForceFlush((int)Math.Min(int.MaxValue, Timeout.TotalMilliseconds + 1000));
            }
            finally
            {
                reason = OtlpFailureReasons.End();
            }

            _lastFailed = !sent;
            if (sent)
            {
                Pushes++;
                return;
            }

            FailedPushes++;
            throw new IOException(
                $"The OTLP push to '{Endpoint}' failed: " + (reason ??
                $"the collector refused the connection, did not answer within {Timeout.TotalSeconds} s, " +
                "or answered with an error status") + ".");
        }
    }
}
