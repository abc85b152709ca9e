using System.Collections.Immutable;

namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>A field-like requirement on a cluster's topology: its <c>region</c> or <c>zone</c> is (not) one of the values.</summary>
public sealed record TopologyRequirement(string Key, bool In, ImmutableArray<string> Values)
{
    /// <summary>Whether <paramref name="cluster"/> satisfies it.</summary>
    public bool Matches(ClusterFacts cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var value = cluster.Topology(Key);
        return (value is not null && Values.Contains(value)) == In;
    }

    /// <summary>Null when <paramref name="cluster"/> satisfies it, else why not.</summary>
    public string? Explain(ClusterFacts cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var value = cluster.Topology(Key);
        var member = value is not null && Values.Contains(value);
        if (member == In)
        {
            return null;
        }

        var shown = value is null ? $"has no {Key}" : $"{Key} {value} is";
        var list = "[" + string.Join(", ", Values) + "]";
        return value is null ? $"cluster {shown} ({Key} In {list})" : $"cluster {shown} {(In ? "not in" : "in")} {list}";
    }
}
