using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>One delta stream's state for one type: the subscription and the version of every resource the client has.</summary>
internal sealed class DeltaTypeState(string typeUrl)
{
    /// <summary>The version recorded for a name the client was told does not exist.</summary>
    public const string Absent = "";

    public string TypeUrl { get; } = typeUrl;

    public Subscription Subscription { get; } = new(TypeUrls.IsFullState(typeUrl));

    public bool Requested { get; set; }

    public string? Nonce { get; set; }

    public string? Version { get; set; }

    /// <summary>Name → version the client has (seeded from initial_resource_versions), or <see cref="Absent"/>.</summary>
    public Dictionary<string, string> Known { get; } = new(StringComparer.Ordinal);

    /// <summary>Names that must go out in removed_resources with the next response.</summary>
    public HashSet<string> PendingRemoved { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The set <see cref="Known"/> was last brought up to date with (null: unknown, or the subscription changed since):
    /// a push then only needs that set's diff to the new one.
    /// </summary>
    public ResourceSet? DiffedSet { get; set; }

    public long SentSetAt { get; set; }

    public bool ConvergenceRecorded;
}
