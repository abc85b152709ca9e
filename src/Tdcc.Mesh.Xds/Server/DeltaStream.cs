using Envoy.Service.Discovery.V3;
using Tdcc.Mesh.Grpc;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// One DeltaAggregatedResources (incremental) stream.
/// <list type="bullet">
/// <item>initial_resource_versions seed what the client has: on reconnect only what differs is sent.</item>
/// <item>Subscription changes apply even with a stale nonce; names subscribed again are resent; spurious unsubscribes are ignored.</item>
/// <item>A resource goes out when its version differs from the client's; vanished or non-existent subscribed names go in removed_resources.</item>
/// <item>A NACK is held naturally: the rejected versions count as known, so only a newer version is sent.</item>
/// <item>A push sends additions and changes in CDS, EDS, LDS, RDS, SDS order, then all removals.</item>
/// </list>
/// </summary>
internal sealed class DeltaStream(AdsServices services, IServerCallContext call)
{
    private readonly StreamContext _context = new(services, call, XdsStreamKind.Delta);
    private readonly Dictionary<string, DeltaTypeState> _types = new(StringComparer.Ordinal);

    private ResponseQueue<DeltaDiscoveryResponse>? _queue;

    public Task RunAsync(IAsyncStreamReader<DeltaDiscoveryRequest> requests, IServerStreamWriter<DeltaDiscoveryResponse> responses) =>
        AdsStreamLoop.RunAsync(_context, services, requests, responses, queue => _queue = queue, OnRequestAsync, PushAsync, call.CancellationToken);

    private async ValueTask OnRequestAsync(DeltaDiscoveryRequest request, CancellationToken cancellationToken)
    {
        _context.Start(request.Node);
        var typeUrl = request.TypeUrl;
        if (!TypeUrls.IsKnown(typeUrl))
        {
            XdsServerLog.UnknownType(_context.Logger, _context.NodeId, typeUrl);
            return;
        }

        if (!_types.TryGetValue(typeUrl, out var state))
        {
            state = new DeltaTypeState(typeUrl);
            _types[typeUrl] = state;
        }

        var first = !state.Requested;
        state.Requested = true;
        if (first)
        {
            foreach (var (name, version) in request.InitialResourceVersions)
            {
                state.Known[name] = version;
            }
        }

        var nonce = request.ResponseNonce;
        if (nonce.Length > 0)
        {
            if (!string.Equals(nonce, state.Nonce, StringComparison.Ordinal))
            {
                // Stale for ACK/NACK purposes, but its subscription changes still apply.
                _context.StaleNonce(typeUrl, nonce, state.Nonce);
            }
            else if (request.ErrorDetail is { } error)
            {
                _context.Nacked(typeUrl, state.Version ?? string.Empty, nonce, error);
            }
            else
            {
                _context.Acked(typeUrl, state.Version ?? string.Empty, nonce, state.SentSetAt, ref state.ConvergenceRecorded);
            }
        }

        var snapshot = _context.Watch.Snapshot;
        var change = state.Subscription.ApplyDelta(CanonicalNames.Of(request.ResourceNamesSubscribe, snapshot?.Get(typeUrl)), request.ResourceNamesUnsubscribe, first);
        if (first || change.Subscribed.Count > 0 || change.Unsubscribed.Count > 0 || change.WildcardAdded || change.WildcardRemoved)
        {
            // A plain ACK changes nothing: the status (a sorted copy of the names) is left as it is.
            _context.Subscribed(typeUrl, state.Subscription);
            state.DiffedSet = null;
        }

        if (!first)
        {
            foreach (var name in change.Subscribed)
            {
                state.Known.Remove(name);
            }
        }

        foreach (var name in change.Unsubscribed)
        {
            state.Known.Remove(name);
            if (state.Subscription.Wildcard && snapshot is not null && !snapshot.Get(typeUrl).Items.ContainsKey(name))
            {
                // Still wildcard: the client must hear that the name is not part of the wildcard set.
                state.PendingRemoved.Add(name);
            }
        }

        if (change.WildcardRemoved)
        {
            foreach (var name in state.Known.Keys.Where(name => !state.Subscription.Names.Contains(name)).ToList())
            {
                state.Known.Remove(name);
            }
        }

        var respond = first || change.Subscribed.Count > 0 || change.WildcardAdded || state.PendingRemoved.Count > 0
            || (change.Unsubscribed.Count > 0 && state.Subscription.Wildcard);
        if (respond && snapshot is not null)
        {
            var (resources, removed) = Diff(state, snapshot.Get(typeUrl));
            state.DiffedSet = snapshot.Get(typeUrl);
            if (first || resources.Count > 0 || removed.Count > 0)
            {
                await SendAsync(state, snapshot.Get(typeUrl).Version, resources, removed, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask PushAsync(CancellationToken cancellationToken)
    {
        if (_context.Watch.Snapshot is not { } snapshot)
        {
            return;
        }

        List<(DeltaTypeState State, string Version, List<string> Removed)>? removals = null;
        foreach (var typeUrl in TypeUrls.PushOrder)
        {
            if (!_types.TryGetValue(typeUrl, out var state) || !state.Requested)
            {
                continue;
            }

            var set = snapshot.Get(typeUrl);
            var (resources, removed) = state.DiffedSet is { } diffed && state.PendingRemoved.Count == 0
                ? DiffFrom(state, diffed, set)
                : Diff(state, set);
            state.DiffedSet = set;
            if (resources.Count > 0)
            {
                await SendAsync(state, set.Version, resources, [], cancellationToken).ConfigureAwait(false);
            }

            if (removed.Count > 0)
            {
                (removals ??= []).Add((state, set.Version, removed));
            }
        }

        if (removals is not null)
        {
            foreach (var (state, version, removed) in removals)
            {
                await SendAsync(state, version, [], removed, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <see cref="Diff"/> when Known is up to date with <paramref name="previous"/> and the subscription has not changed
    /// since: only the names in the sets' diff (computed once for all streams) can differ.
    /// </summary>
    private static (List<XdsResource> Resources, List<string> Removed) DiffFrom(DeltaTypeState state, ResourceSet previous, ResourceSet set)
    {
        var resources = new List<XdsResource>();
        var removed = new List<string>();
        if (ReferenceEquals(previous, set))
        {
            return (resources, removed);
        }

        var diff = previous.DiffTo(set);
        var subscription = state.Subscription;
        foreach (var resource in diff.Changed)
        {
            if (subscription.Includes(resource.Name)
                && (!state.Known.TryGetValue(resource.Name, out var known) || !string.Equals(known, resource.Version, StringComparison.Ordinal)))
            {
                state.Known[resource.Name] = resource.Version;
                resources.Add(resource);
            }
        }

        foreach (var name in diff.Removed)
        {
            if (subscription.Names.Contains(name))
            {
                // Subscribed but does not exist any more.
                if (!state.Known.TryGetValue(name, out var version) || version != DeltaTypeState.Absent)
                {
                    state.Known[name] = DeltaTypeState.Absent;
                    removed.Add(name);
                }
            }
            else if (subscription.Wildcard && state.Known.Remove(name))
            {
                removed.Add(name);
            }
        }

        return (resources, removed);
    }

    /// <summary>What the client lacks or has stale, and what it has that no longer exists; updates Known as if sent.</summary>
    private static (List<XdsResource> Resources, List<string> Removed) Diff(DeltaTypeState state, ResourceSet set)
    {
        var resources = new List<XdsResource>();
        var removed = new List<string>();
        var subscription = state.Subscription;
        if (subscription.Wildcard)
        {
            foreach (var (name, resource) in set.Items)
            {
                SendIfNewer(name, resource);
            }

            foreach (var name in state.Known.Keys.Where(name => !set.Items.ContainsKey(name) && !subscription.Names.Contains(name)).ToList())
            {
                state.Known.Remove(name);
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
            else if (!state.Known.TryGetValue(name, out var version) || version != DeltaTypeState.Absent)
            {
                // Subscribed but does not exist (any more).
                state.Known[name] = DeltaTypeState.Absent;
                removed.Add(name);
            }
        }

        foreach (var name in state.PendingRemoved)
        {
            if (!removed.Contains(name))
            {
                removed.Add(name);
            }
        }

        state.PendingRemoved.Clear();
        return (resources, removed);

        void SendIfNewer(string name, XdsResource resource)
        {
            if (!state.Known.TryGetValue(name, out var known) || !string.Equals(known, resource.Version, StringComparison.Ordinal))
            {
                state.Known[name] = resource.Version;
                resources.Add(resource);
            }
        }
    }

    private async ValueTask SendAsync(DeltaTypeState state, string version, List<XdsResource> resources, List<string> removed, CancellationToken cancellationToken)
    {
        var nonce = _context.NextNonce();
        var response = new DeltaDiscoveryResponse { SystemVersionInfo = version, TypeUrl = state.TypeUrl, Nonce = nonce };
        if (services.ControlPlane is { } controlPlane)
        {
            response.ControlPlane = controlPlane;
        }

        foreach (var resource in resources)
        {
            response.Resources.Add(resource.DeltaResource);
        }

        response.RemovedResources.Add(removed);
        state.Nonce = nonce;
        state.Version = version;
        state.SentSetAt = _context.Watch.SetAt;
        state.ConvergenceRecorded = false;
        await _queue!.EnqueueAsync(response, cancellationToken).ConfigureAwait(false);
        _context.Sent(state.TypeUrl, version, nonce, resources.Count, removed.Count);
    }
}
