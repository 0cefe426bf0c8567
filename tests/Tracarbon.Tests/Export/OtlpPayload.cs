using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Tracarbon.Tests.Export
{
    /// <summary>One number of a metric, with its attributes.</summary>
    internal sealed class OtlpPoint
    {
        public Dictionary<string, string> Attributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public double Value { get; set; }

        /// <summary>False for a point that carried as_int; tracarbon sends doubles only.</summary>
        public bool IsDouble { get; set; }

        public ulong StartTimeUnixNano { get; set; }

        public ulong TimeUnixNano { get; set; }

        public string this[string key] => Attributes[key];

        public override string ToString() =>
            Value.ToString("R", CultureInfo.InvariantCulture) + " {" +
            string.Join(",", Attributes.Select(a => a.Key + "=" + a.Value)) + "}";
    }

    internal sealed class OtlpMetric
    {
        public string Name { get; set; } = string.Empty;

        public string Description { get; set; } = string.Empty;

        public string Unit { get; set; } = string.Empty;

        public string Scope { get; set; } = string.Empty;

        /// <summary><c>sum</c> or <c>gauge</c>; anything else is <c>other</c>.</summary>
        public string Kind { get; set; } = "other";

        public bool IsMonotonic { get; set; }

        /// <summary>1 delta, 2 cumulative, as AggregationTemporality numbers them.</summary>
        public int Temporality { get; set; }

        public List<OtlpPoint> Points { get; } = new List<OtlpPoint>();

        /// <summary>The one point of this component; fails when there is none or several.</summary>
        public OtlpPoint For(string component) =>
            Points.Single(p => p.Attributes.TryGetValue("component", out string? c) && c == component);

        public override string ToString() => Name + " (" + Kind + ", " + Unit + "): " + string.Join("; ", Points);
    }

    /// <summary>
    /// An ExportMetricsServiceRequest decoded by field number, after opentelemetry-proto's
    /// collector/metrics/v1 and metrics/v1 files: resource attributes, and each metric's name, unit, kind
    /// and number points. Histograms and exemplars are skipped.
    /// </summary>
    internal sealed class OtlpPayload
    {
        public Dictionary<string, string> Resource { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public List<OtlpMetric> Metrics { get; } = new List<OtlpMetric>();

        public IEnumerable<string> Names => Metrics.Select(m => m.Name);

        public OtlpMetric Metric(string name) => Metrics.Single(m => m.Name == name);

        public static OtlpPayload Parse(byte[] body)
        {
            var payload = new OtlpPayload();
            var request = new ProtobufReader(body);
            while (request.Next())
            {
                if (request.Field == 1)
                {
                    payload.ReadResourceMetrics(request.Bytes());
                }
                else
                {
                    request.Skip();
                }
            }

            return payload;
        }

        private void ReadResourceMetrics(ReadOnlySpan<byte> bytes)
        {
            var reader = new ProtobufReader(bytes);
            while (reader.Next())
            {
                switch (reader.Field)
                {
                    case 1:
                        var resource = new ProtobufReader(reader.Bytes());
                        while (resource.Next())
                        {
                            if (resource.Field == 1)
                            {
                                ReadKeyValue(resource.Bytes(), Resource);
                            }
                            else
                            {
                                resource.Skip();
                            }
                        }

                        break;
                    case 2:
                        ReadScopeMetrics(reader.Bytes());
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }

        private void ReadScopeMetrics(ReadOnlySpan<byte> bytes)
        {
            string scope = string.Empty;
            var metrics = new List<OtlpMetric>();
            var reader = new ProtobufReader(bytes);
            while (reader.Next())
            {
                if (reader.Field == 1)
                {
                    var scopeReader = new ProtobufReader(reader.Bytes());
                    while (scopeReader.Next())
                    {
                        if (scopeReader.Field == 1)
                        {
                            scope = scopeReader.String();
                        }
                        else
                        {
                            scopeReader.Skip();
                        }
                    }
                }
                else if (reader.Field == 2)
                {
                    metrics.Add(ReadMetric(reader.Bytes()));
                }
                else
                {
                    reader.Skip();
                }
            }

            foreach (OtlpMetric metric in metrics)
            {
                metric.Scope = scope;
                Metrics.Add(metric);
            }
        }

        private static OtlpMetric ReadMetric(ReadOnlySpan<byte> bytes)
        {
            var metric = new OtlpMetric();
            var reader = new ProtobufReader(bytes);
            while (reader.Next())
            {
                switch (reader.Field)
                {
                    case 1:
                        metric.Name = reader.String();
                        break;
                    case 2:
                        metric.Description = reader.String();
                        break;
                    case 3:
                        metric.Unit = reader.String();
                        break;
                    case 5:
                        metric.Kind = "gauge";
                        ReadData(reader.Bytes(), metric);
                        break;
                    case 7:
                        metric.Kind = "sum";
                        ReadData(reader.Bytes(), metric);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return metric;
        }

        /// <summary>Gauge and Sum share field 1 for points; Sum adds temporality (2) and monotonic (3).</summary>
        private static void ReadData(ReadOnlySpan<byte> bytes, OtlpMetric metric)
        {
            var reader = new ProtobufReader(bytes);
            while (reader.Next())
            {
                switch (reader.Field)
                {
                    case 1:
                        metric.Points.Add(ReadPoint(reader.Bytes()));
                        break;
                    case 2:
                        metric.Temporality = (int)reader.Varint64();
                        break;
                    case 3:
                        metric.IsMonotonic = reader.Varint64() != 0;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }

        private static OtlpPoint ReadPoint(ReadOnlySpan<byte> bytes)
        {
            var point = new OtlpPoint();
            var reader = new ProtobufReader(bytes);
            while (reader.Next())
            {
                switch (reader.Field)
                {
                    case 2:
                        point.StartTimeUnixNano = reader.Fixed64Value();
                        break;
                    case 3:
                        point.TimeUnixNano = reader.Fixed64Value();
                        break;
                    case 4:
                        point.Value = reader.Double();
                        point.IsDouble = true;
                        break;
                    case 6:
                        point.Value = (long)reader.Fixed64Value();
                        break;
                    case 7:
                        ReadKeyValue(reader.Bytes(), point.Attributes);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return point;
        }

        /// <summary>A KeyValue whose AnyValue is a string, bool, int or double, written as text.</summary>
        private static void ReadKeyValue(ReadOnlySpan<byte> bytes, Dictionary<string, string> into)
        {
            string key = string.Empty;
            string value = string.Empty;
            var reader = new ProtobufReader(bytes);
            while (reader.Next())
            {
                if (reader.Field == 1)
                {
                    key = reader.String();
                    continue;
                }

                if (reader.Field != 2)
                {
                    reader.Skip();
                    continue;
                }

                var any = new ProtobufReader(reader.Bytes());
                while (any.Next())
                {
                    value = any.Field switch
                    {
                        1 => any.String(),
                        2 => any.Varint64() != 0 ? "true" : "false",
                        3 => ((long)any.Varint64()).ToString(CultureInfo.InvariantCulture),
                        4 => any.Double().ToString("R", CultureInfo.InvariantCulture),
                        _ => SkipValue(ref any),
                    };
                }
            }

            into[key] = value;
        }

        private static string SkipValue(ref ProtobufReader reader)
        {
            reader.Skip();
            return "(not a scalar)";
        }
    }
}
