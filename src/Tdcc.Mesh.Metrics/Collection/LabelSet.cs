using System.Globalization;
using Tdcc.Mesh.Metrics.Exposition;

namespace Tdcc.Mesh.Metrics.Collection;

/// <summary>The labels of one series: sanitized names, sorted by name, compared by value.</summary>
internal sealed class LabelSet : IEquatable<LabelSet>
{
    private readonly int hash;

    private LabelSet(KeyValuePair<string, string>[] labels)
    {
        Labels = labels;
        var combined = default(HashCode);
        foreach (var (key, value) in labels)
        {
            combined.Add(key, StringComparer.Ordinal);
            combined.Add(value, StringComparer.Ordinal);
        }

        hash = combined.ToHashCode();
    }

    public static LabelSet Empty { get; } = new([]);

    /// <summary>Sorted by label name; the first value wins when two tags sanitize to the same name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    public static LabelSet From(IReadOnlyList<KeyValuePair<string, string>> constant, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (constant.Count == 0 && tags.Length == 0)
        {
            return Empty;
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            labels.TryAdd(PrometheusNames.LabelName(tag.Key), FormatValue(tag.Value));
        }

        foreach (var (key, value) in constant)
        {
            labels.TryAdd(key, value);
        }

        return new LabelSet([.. labels]);
    }

    /// <summary>Meter and instrument tags as constant labels.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Constant(IEnumerable<KeyValuePair<string, object?>>? tags) =>
        tags is null
            ? []
            : [.. tags.Select(tag => KeyValuePair.Create(PrometheusNames.LabelName(tag.Key), FormatValue(tag.Value)))];

    public bool Equals(LabelSet? other)
    {
        if (other is null || other.hash != hash || other.Labels.Count != Labels.Count)
        {
            return false;
        }

        for (var i = 0; i < Labels.Count; i++)
        {
            if (!string.Equals(Labels[i].Key, other.Labels[i].Key, StringComparison.Ordinal)
                || !string.Equals(Labels[i].Value, other.Labels[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is LabelSet other && Equals(other);

    public override int GetHashCode() => hash;

    private static string FormatValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
