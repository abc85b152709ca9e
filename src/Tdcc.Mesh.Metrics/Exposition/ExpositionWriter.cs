using System.Text;
using Tdcc.Mesh.Metrics.Collection;

namespace Tdcc.Mesh.Metrics.Exposition;

/// <summary>
/// Renders instrument states as text format 0.0.4: families sorted by name with HELP and TYPE once each,
/// series sorted by their labels, histograms as cumulative <c>_bucket</c> lines ending in <c>+Inf</c>
/// followed by <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class ExpositionWriter
{
    /// <summary>The family that reports measurements dropped by the per-instrument series cap.</summary>
    public const string DroppedFamily = "tdcc_metrics_dropped_series_total";

    public static string Write(IReadOnlyCollection<InstrumentState> states)
    {
        var builder = new StringBuilder();
        var families = states
            .GroupBy(state => state.MetricName, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal);
        foreach (var family in families)
        {
            WriteFamily(builder, family.Key, [.. family.OrderBy(s => s.Instrument.Meter.Name, StringComparer.Ordinal)]);
        }

        WriteDropped(builder, states);
        return builder.ToString();
    }

    private static void WriteFamily(StringBuilder builder, string name, IReadOnlyList<InstrumentState> members)
    {
        // Instruments of other meters may map to the same name; they merge when their type agrees.
        var first = members[0];
        var series = new List<(LabelSet Labels, SeriesSnapshot Value, InstrumentState State)>();
        var seen = new HashSet<LabelSet>();
        foreach (var member in members.Where(m => m.Type == first.Type))
        {
            foreach (var (labels, value) in member.Snapshot())
            {
                if (seen.Add(labels))
                {
                    series.Add((labels, value, member));
                }
            }
        }

        if (series.Count == 0)
        {
            return;
        }

        builder.Append("# HELP ").Append(name).Append(' ');
        PrometheusText.AppendHelp(builder, first.Help);
        builder.Append('\n');
        builder.Append("# TYPE ").Append(name).Append(' ').Append(TypeName(first.Type)).Append('\n');
        foreach (var (labels, value, state) in series.OrderBy(s => LabelKey(s.Labels), StringComparer.Ordinal))
        {
            if (first.Type == MetricType.Histogram)
            {
                WriteHistogram(builder, name, labels, value, state.Buckets);
            }
            else
            {
                WriteSample(builder, name, labels, null, value.Value);
            }
        }
    }

    private static void WriteHistogram(StringBuilder builder, string name, LabelSet labels, SeriesSnapshot value, IReadOnlyList<double> bounds)
    {
        long cumulative = 0;
        for (var i = 0; i < bounds.Count; i++)
        {
            cumulative += value.BucketCounts[i];
            WriteSample(builder, name + "_bucket", labels, PrometheusText.FormatDouble(bounds[i]), cumulative);
        }

        WriteSample(builder, name + "_bucket", labels, "+Inf", value.Count);
        WriteSample(builder, name + "_sum", labels, null, value.Sum);
        WriteSample(builder, name + "_count", labels, null, value.Count);
    }

    private static void WriteDropped(StringBuilder builder, IReadOnlyCollection<InstrumentState> states)
    {
        var dropped = states
            .Where(state => state.Dropped > 0)
            .GroupBy(state => state.MetricName, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .ToList();
        if (dropped.Count == 0)
        {
            return;
        }

        builder.Append("# HELP ").Append(DroppedFamily).Append(" Measurements dropped because their instrument reached the series cap.\n");
        builder.Append("# TYPE ").Append(DroppedFamily).Append(" counter\n");
        foreach (var group in dropped)
        {
            builder.Append(DroppedFamily).Append("{metric=\"");
            PrometheusText.AppendLabelValue(builder, group.Key);
            builder.Append("\"} ").Append(PrometheusText.FormatDouble(group.Sum(s => s.Dropped))).Append('\n');
        }
    }

    private static void WriteSample(StringBuilder builder, string name, LabelSet labels, string? le, double value)
    {
        builder.Append(name);
        if (labels.Labels.Count > 0 || le is not null)
        {
            builder.Append('{');
            var separator = false;
            foreach (var (key, labelValue) in labels.Labels)
            {
                if (le is not null && key == "le")
                {
                    continue;
                }

                if (separator)
                {
                    builder.Append(',');
                }

                builder.Append(key).Append("=\"");
                PrometheusText.AppendLabelValue(builder, labelValue);
                builder.Append('"');
                separator = true;
            }

            if (le is not null)
            {
                if (separator)
                {
                    builder.Append(',');
                }

                builder.Append("le=\"").Append(le).Append('"');
            }

            builder.Append('}');
        }

        builder.Append(' ').Append(PrometheusText.FormatDouble(value)).Append('\n');
    }

    private static string LabelKey(LabelSet labels) =>
        string.Join('\u0001', labels.Labels.Select(l => l.Key + "\u0002" + l.Value));

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Histogram => "histogram",
        _ => "gauge",
    };
}
