using System.Collections.Frozen;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// What one stream subscribes to for one type, with the xDS wildcard rules:
/// <list type="bullet">
/// <item>"*" is an explicit wildcard subscription, for any type.</item>
/// <item>Legacy wildcard (LDS and CDS only): SotW, an empty resource_names is wildcard as long as the stream has never
/// named a resource of the type; after any explicit name, an empty list unsubscribes from everything.
/// Delta, the first request with nothing to subscribe or unsubscribe is wildcard until "*" is unsubscribed.</item>
/// <item>gRPC clients always name their resources, so they never get a wildcard by accident.</item>
/// </list>
/// </summary>
internal sealed class Subscription(bool legacyWildcardAllowed)
{
    public const string WildcardName = "*";

    // SotW: the last names applied, shared with every stream that requested the same (SotwNameInterner).
    private SotwNames? _sotw;

    // Delta: the names, changed request by request (this stream's own).
    private HashSet<string>? _delta;

    private IReadOnlySet<string> _names = FrozenSet<string>.Empty;
    private bool _explicitSeen;

    public bool Wildcard { get; private set; }

    public IReadOnlySet<string> Names => _names;

    public bool Includes(string name) => Wildcard || _names.Contains(name);

    /// <summary>The subscription as the status view shows it (for SotW, one list shared by the streams naming the same).</summary>
    public IReadOnlyList<string> Describe()
    {
        if (_sotw is { } sotw && sotw.Requested.Count > 0 && Wildcard == sotw.Star)
        {
            return sotw.Sorted;
        }

        var names = _names.Order(StringComparer.Ordinal).ToList();
        if (Wildcard)
        {
            names.Insert(0, WildcardName);
        }

        return names;
    }

    /// <summary>
    /// True when a SotW request names exactly what the last applied one did, in the same order (every ACK of a stable
    /// subscription): applying it would change nothing, so the stream can skip it. Compares the request's bytes.
    /// </summary>
    public bool SameAsLastSotw(SotwRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _sotw is { } last && request.ResourceNamesEqual(last);
    }

    /// <summary>As <see cref="SameAsLastSotw(SotwRequest)"/>, for names already decoded.</summary>
    public bool SameAsLastSotw(IReadOnlyList<string> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        return _sotw is { } last && last.Requested.SequenceEqual(requested, StringComparer.Ordinal);
    }

    /// <summary>Replaces the subscription from a SotW request; returns true when something became subscribed that was not.</summary>
    public bool ApplySotw(IReadOnlyCollection<string> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        return ApplySotw(new SotwNames([.. requested]));
    }

    /// <summary>Replaces the subscription from a SotW request's (shared) names; returns true when something became subscribed that was not.</summary>
    public bool ApplySotw(SotwNames requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var previous = _names;
        var wasWildcard = Wildcard;
        var added = false;
        _sotw = requested;
        _names = requested.Names;
        if (requested.Requested.Count == 0)
        {
            Wildcard = legacyWildcardAllowed && !_explicitSeen;
        }
        else
        {
            _explicitSeen = true;
            Wildcard = requested.Star;
            if (!ReferenceEquals(previous, requested.Names))
            {
                foreach (var name in requested.Names)
                {
                    if (!previous.Contains(name))
                    {
                        added = true;
                        break;
                    }
                }
            }
        }

        return added || (Wildcard && !wasWildcard);
    }

    /// <summary>Applies a delta request's subscribe and unsubscribe lists.</summary>
    public DeltaSubscriptionChange ApplyDelta(IReadOnlyCollection<string> subscribe, IReadOnlyCollection<string> unsubscribe, bool firstRequest)
    {
        var wasWildcard = Wildcard;
        if (firstRequest && subscribe.Count == 0 && unsubscribe.Count == 0 && legacyWildcardAllowed)
        {
            Wildcard = true;
        }

        var subscribed = new List<string>();
        foreach (var name in subscribe)
        {
            if (name == WildcardName)
            {
                Wildcard = true;
            }
            else if (Delta.Add(name) || !firstRequest)
            {
                // Names named again must be sent again, even if the client should have them.
                subscribed.Add(name);
            }
        }

        var unsubscribed = new List<string>();
        foreach (var name in unsubscribe)
        {
            if (name == WildcardName)
            {
                Wildcard = false;
            }
            else if (Delta.Remove(name))
            {
                unsubscribed.Add(name);
            }
        }

        return new DeltaSubscriptionChange(subscribed, unsubscribed, Wildcard && !wasWildcard, wasWildcard && !Wildcard);
    }

    private HashSet<string> Delta
    {
        get
        {
            if (_delta is null)
            {
                _delta = new HashSet<string>(StringComparer.Ordinal);
                _names = _delta;
            }

            return _delta;
        }
    }
}
