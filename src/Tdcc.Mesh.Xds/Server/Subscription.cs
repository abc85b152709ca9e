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

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private bool _explicitSeen;
    private string[]? _lastSotw;

    public bool Wildcard { get; private set; }

    public IReadOnlySet<string> Names => _names;

    public bool Includes(string name) => Wildcard || _names.Contains(name);

    /// <summary>The subscription as the status view shows it.</summary>
    public IReadOnlyList<string> Describe()
    {
        var names = _names.Order(StringComparer.Ordinal).ToList();
        if (Wildcard)
        {
            names.Insert(0, WildcardName);
        }

        return names;
    }

    /// <summary>
    /// True when a SotW request names exactly what the last applied one did, in the same order (every ACK of a stable
    /// subscription): applying it would change nothing, so the stream can skip it.
    /// </summary>
    public bool SameAsLastSotw(IReadOnlyList<string> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        if (_lastSotw is not { } last || last.Length != requested.Count)
        {
            return false;
        }

        for (var i = 0; i < last.Length; i++)
        {
            if (!string.Equals(last[i], requested[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Replaces the subscription from a SotW request; returns true when something became subscribed that was not.</summary>
    public bool ApplySotw(IReadOnlyCollection<string> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        _lastSotw = [.. requested];
        var wasWildcard = Wildcard;
        var added = false;
        if (requested.Count == 0)
        {
            Wildcard = legacyWildcardAllowed && !_explicitSeen;
            _names.Clear();
        }
        else
        {
            _explicitSeen = true;
            var next = new HashSet<string>(StringComparer.Ordinal);
            var star = false;
            foreach (var name in requested)
            {
                if (name == WildcardName)
                {
                    star = true;
                }
                else
                {
                    next.Add(name);
                    added |= !_names.Contains(name);
                }
            }

            Wildcard = star;
            _names.Clear();
            _names.UnionWith(next);
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
            else if (_names.Add(name) || !firstRequest)
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
            else if (_names.Remove(name))
            {
                unsubscribed.Add(name);
            }
        }

        return new DeltaSubscriptionChange(subscribed, unsubscribed, Wildcard && !wasWildcard, wasWildcard && !Wildcard);
    }
}
