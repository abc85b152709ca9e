using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// One delta stream's state for one type: the subscription, what the client has (<see cref="KnownVersions"/>), and
/// the rules that turn requests and snapshot changes into resources to send and names to remove. No I/O: the
/// stream sends what these methods return.
/// </summary>
internal sealed class DeltaTypeState
{
    public DeltaTypeState(string typeUrl)
    {
        TypeUrl = typeUrl;
        Subscription = new Subscription(TypeUrls.IsFullState(typeUrl));
        Known = new KnownVersions(Subscription);
    }

    public string TypeUrl { get; }

    public Subscription Subscription { get; }

    /// <summary>The client has sent a request of this type on this stream.</summary>
    public bool Requested { get; private set; }

    public string? Nonce { get; set; }

    public string? Version { get; set; }

    /// <summary>What the client has (seeded from initial_resource_versions): a shared set plus this stream's exceptions.</summary>
    public KnownVersions Known { get; }

    /// <summary>Names that must go out in removed_resources with the next response.</summary>
    public HashSet<string> PendingRemoved { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The set <see cref="Known"/> was last brought up to date with (null: unknown, or the subscription changed since):
    /// a push then only needs that set's diff to the new one.
    /// </summary>
    public ResourceSet? DiffedSet { get; private set; }

    public long SentSetAt { get; set; }

    public bool ConvergenceRecorded;

    /// <summary>
    /// Applies one request's subscription changes: <paramref name="initialVersions"/> seed what the client has on its
    /// first request; names subscribed again must be resent; unsubscribed names are forgotten (and, under a wildcard,
    /// reported as removed when the wildcard set lacks them). <paramref name="set"/> is the type's current set, if any.
    /// </summary>
    public DeltaRequestOutcome Apply(
        IReadOnlyList<string> subscribe,
        IReadOnlyList<string> unsubscribe,
        IEnumerable<KeyValuePair<string, string>> initialVersions,
        ResourceSet? set)
    {
        ArgumentNullException.ThrowIfNull(initialVersions);
        var first = !Requested;
        Requested = true;
        if (first)
        {
            foreach (var (name, version) in initialVersions)
            {
                Known.Set(name, version);
            }
        }

        var change = Subscription.ApplyDelta(CanonicalNames.Of(subscribe, set), unsubscribe, first);
        var changed = first || change.Subscribed.Count > 0 || change.Unsubscribed.Count > 0 || change.WildcardAdded || change.WildcardRemoved;
        if (changed)
        {
            DiffedSet = null;
        }

        if (!first)
        {
            foreach (var name in change.Subscribed)
            {
                Known.Remove(name);
            }
        }

        foreach (var name in change.Unsubscribed)
        {
            Known.Remove(name);
            if (Subscription.Wildcard && set is not null && !set.Items.ContainsKey(name))
            {
                // Still wildcard: the client must hear that the name is not part of the wildcard set.
                PendingRemoved.Add(name);
            }
        }

        if (change.WildcardRemoved)
        {
            Known.WildcardRemoved();
        }

        var respond = first || change.Subscribed.Count > 0 || change.WildcardAdded || PendingRemoved.Count > 0
            || (change.Unsubscribed.Count > 0 && Subscription.Wildcard);
        return new DeltaRequestOutcome(first, changed, respond);
    }

    /// <summary>
    /// What the client lacks or has stale of <paramref name="set"/>, and what it has that no longer exists; the client
    /// is then taken to be up to date with the set.
    /// </summary>
    public (List<XdsResource> Resources, List<string> Removed) Sync(ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var result = Diff(set);
        Synced(set);
        return result;
    }

    /// <summary>
    /// As <see cref="Sync"/> for a snapshot change: when the client was up to date with the previous set and the
    /// subscription has not changed since, only the names in the sets' diff (computed once for all streams) are looked at.
    /// Nothing before the first request of the type (its names are not known yet).
    /// </summary>
    public (List<XdsResource> Resources, List<string> Removed) Push(ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!Requested)
        {
            return ([], []);
        }

        var result = DiffedSet is { } previous && PendingRemoved.Count == 0 ? DiffFrom(previous, set) : Diff(set);
        Synced(set);
        return result;
    }

    private void Synced(ResourceSet set)
    {
        Known.Rebase(set);
        DiffedSet = set;
    }

    /// <summary>
    /// <see cref="Diff"/> when Known is up to date with <paramref name="previous"/> (its base) and the subscription has
    /// not changed since. Records removals; the resources returned become known with the rebase on <paramref name="set"/>.
    /// </summary>
    private (List<XdsResource> Resources, List<string> Removed) DiffFrom(ResourceSet previous, ResourceSet set)
    {
        var resources = new List<XdsResource>();
        var removed = new List<string>();
        if (ReferenceEquals(previous, set))
        {
            return (resources, removed);
        }

        var diff = previous.DiffTo(set);
        foreach (var resource in diff.Changed)
        {
            if (Subscription.Includes(resource.Name)
                && (!Known.TryGet(resource.Name, out var known) || !string.Equals(known, resource.Version, StringComparison.Ordinal)))
            {
                resources.Add(resource);
            }
        }

        foreach (var name in diff.Removed)
        {
            if (Subscription.Names.Contains(name))
            {
                // Subscribed but does not exist any more.
                if (!Known.TryGet(name, out var version) || version != KnownVersions.Absent)
                {
                    Known.Set(name, KnownVersions.Absent);
                    removed.Add(name);
                }
            }
            else if (Subscription.Wildcard && Known.Remove(name))
            {
                removed.Add(name);
            }
        }

        return (resources, removed);
    }

    /// <summary>
    /// What the client lacks or has stale, and what it has that no longer exists. Records removals; the resources
    /// returned become known with the rebase on <paramref name="set"/> (every covered name of it is then known at its version).
    /// </summary>
    private (List<XdsResource> Resources, List<string> Removed) Diff(ResourceSet set)
    {
        var resources = new List<XdsResource>();
        var removed = new List<string>();
        var subscription = Subscription;
        if (subscription.Wildcard)
        {
            foreach (var (name, resource) in set.Items)
            {
                SendIfNewer(name, resource);
            }

            foreach (var name in Known.Names().Where(name => !set.Items.ContainsKey(name) && !subscription.Names.Contains(name)).ToList())
            {
                Known.Remove(name);
                removed.Add(name);
            }
        }

        foreach (var name in subscription.Names)
        {
            if (set.Items.TryGetValue(name, out var resource))
            {
                if (!subscription.Wildcard)
                {
                    SendIfNewer(name, resource);
                }
            }
            else if (!Known.TryGet(name, out var version) || version != KnownVersions.Absent)
            {
                // Subscribed but does not exist (any more).
                Known.Set(name, KnownVersions.Absent);
                removed.Add(name);
            }
        }

        foreach (var name in PendingRemoved)
        {
            if (!removed.Contains(name))
            {
                removed.Add(name);
            }
        }

        PendingRemoved.Clear();
        return (resources, removed);

        void SendIfNewer(string name, XdsResource resource)
        {
            if (!Known.TryGet(name, out var known) || !string.Equals(known, resource.Version, StringComparison.Ordinal))
            {
                resources.Add(resource);
            }
        }
    }
}
