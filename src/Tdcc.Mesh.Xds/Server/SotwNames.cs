using System.Collections.Frozen;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// The <c>resource_names</c> of a SotW request, immutable and shared: every stream that requests exactly the same
/// names in the same order holds this one instance (<see cref="SotwNameInterner"/>), with its lookup set, its sorted
/// form for the status view, and the bytes it came in as, against which later requests (every ACK repeats the names)
/// are compared in one pass. 5,000 Envoy streams naming the same thousand load assignments hold one set between them.
/// </summary>
internal sealed class SotwNames
{
    private IReadOnlyList<string>? _sorted;

    /// <summary>Names from strings, not interned, without wire bytes (a request whose names are not contiguous, and tests).</summary>
    public SotwNames(IReadOnlyList<string> requested)
        : this([.. requested], encoded: null)
    {
    }

    /// <summary>Takes <paramref name="requested"/> (canonical instances) and <paramref name="encoded"/> as they are.</summary>
    public SotwNames(string[] requested, byte[]? encoded)
    {
        ArgumentNullException.ThrowIfNull(requested);
        Requested = requested;
        Encoded = encoded;
        Star = Array.IndexOf(requested, Subscription.WildcardName) >= 0;
        Names = requested.Where(name => name != Subscription.WildcardName).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The names as requested, in order (duplicates and "*" included).</summary>
    public IReadOnlyList<string> Requested { get; }

    /// <summary>The distinct names, "*" excluded.</summary>
    public FrozenSet<string> Names { get; }

    /// <summary>"*" is among the names.</summary>
    public bool Star { get; }

    /// <summary>The field-3 entries (tag, length, bytes) exactly as the request that created this carried them; null when unknown.</summary>
    public byte[]? Encoded { get; }

    /// <summary>The names ordered, "*" first when present: what the status view shows.</summary>
    public IReadOnlyList<string> Sorted => _sorted ??= Star
        ? [Subscription.WildcardName, .. Names.Order(StringComparer.Ordinal)]
        : [.. Names.Order(StringComparer.Ordinal)];
}
