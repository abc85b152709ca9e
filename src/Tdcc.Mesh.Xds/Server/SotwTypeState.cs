using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>One SotW stream's state for one type: the subscription and what was last sent.</summary>
internal sealed class SotwTypeState(string typeUrl)
{
    public string TypeUrl { get; } = typeUrl;

    public Subscription Subscription { get; } = new(TypeUrls.IsFullState(typeUrl));

    /// <summary>The client has asked for this type on this stream.</summary>
    public bool Requested { get; set; }

    public string? Nonce { get; set; }

    public string? Version { get; set; }

    /// <summary>The resources of the last response (null before the first): what the client was last told.</summary>
    public IReadOnlyDictionary<string, XdsResource>? Sent { get; set; }

    /// <summary>
    /// The set <see cref="Sent"/> is in its entirety (wildcard, or every resource subscribed), null otherwise or after
    /// the subscription changed: then a push only needs that set's diff to the new one.
    /// </summary>
    public ResourceSet? SentSet { get; set; }

    /// <summary>When the snapshot behind the last response was set (for convergence time).</summary>
    public long SentSetAt { get; set; }

    public bool ConvergenceRecorded;
}
