using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>Appends escaped query parameters to a path, skipping unset ones.</summary>
internal sealed class QueryBuilder
{
    private readonly StringBuilder builder;
    private bool hasQuery;

    public QueryBuilder(string path)
    {
        builder = new StringBuilder(path);
        hasQuery = path.Contains('?', StringComparison.Ordinal);
    }

    public QueryBuilder Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }

        builder.Append(hasQuery ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        hasQuery = true;
        return this;
    }

    public QueryBuilder Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryBuilder Add(string name, bool value) => value ? Add(name, "true") : this;

    /// <summary>A Go duration in whole seconds, as <c>?timeout=</c> takes it.</summary>
    public QueryBuilder AddDuration(string name, TimeSpan? value) =>
        value is { } duration ? Add(name, $"{Math.Max(1, (long)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}s") : this;

    public override string ToString() => builder.ToString();
}
