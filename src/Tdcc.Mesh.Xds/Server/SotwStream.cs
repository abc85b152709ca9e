using Envoy.Service.Discovery.V3;
using Tdcc.Mesh.Grpc;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// One StreamAggregatedResources (state of the world) stream.
/// <list type="bullet">
/// <item>A request whose nonce is not the last one sent for its type is ignored entirely.</item>
/// <item>ACK and NACK are told apart by error_detail only. A NACK is held: nothing is resent until the resources the
/// client would get differ from what it rejected (a newer snapshot) or it subscribes to something new.</item>
/// <item>A response goes out only when the subscribed view changed, on the first request of a type, or when names were added.</item>
/// <item>A push follows CDS, EDS, LDS, RDS, SDS, then the Istio types (MCP over xDS, full state each); LDS and CDS removals are sent last (make before break).</item>
/// <item>istiod's first request of a type carries a nonce of its own: for an Istio type nothing was sent of yet, it counts as an initial request.</item>
/// </list>
/// </summary>
internal sealed class SotwStream(AdsServices services, IServerCallContext call)
{
    private const string MakeBeforeBreakSuffix = "+prev";

    private readonly StreamContext _context = new(services, call, XdsStreamKind.Sotw);
    private readonly Dictionary<string, SotwTypeState> _types = new(StringComparer.Ordinal);

    private ResponseQueue<DiscoveryResponse>? _queue;

    public Task RunAsync(IAsyncStreamReader<SotwRequest> requests, IServerStreamWriter<DiscoveryResponse> responses) =>
        AdsStreamLoop.RunAsync(_context, services, requests, responses, queue => _queue = queue, OnRequestAsync, PushAsync, call.CancellationToken);

    private async ValueTask OnRequestAsync(SotwRequest request, CancellationToken cancellationToken)
    {
        using (request)
        {
            await HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask HandleAsync(SotwRequest request, CancellationToken cancellationToken)
    {
        await _context.StartAsync(request.Node, cancellationToken).ConfigureAwait(false);
        var typeUrl = request.TypeUrl;
        if (!TypeUrls.IsKnown(typeUrl) || (!_types.ContainsKey(typeUrl) && TypeUrls.IsIstio(typeUrl) && _types.Keys.Count(TypeUrls.IsIstio) >= TypeUrls.MaxIstioTypesPerStream))
        {
            XdsServerLog.UnknownType(_context.Logger, _context.NodeId, typeUrl);
            return;
        }

        if (!_types.TryGetValue(typeUrl, out var state))
        {
            state = new SotwTypeState(typeUrl);
            _types[typeUrl] = state;
        }

        var nonce = request.ResponseNonce;
        if (nonce.Length > 0 && state.Nonce is null && TypeUrls.IsIstio(typeUrl))
        {
            // istiod's ADS client puts a nonce of its own (a timestamp) on its first request of every type: with
            // nothing sent yet of that type on this stream, the request is an initial one, not a stale answer.
            nonce = string.Empty;
        }

        if (nonce.Length > 0)
        {
            if (!string.Equals(nonce, state.Nonce, StringComparison.Ordinal))
            {
                _context.StaleNonce(typeUrl, nonce, state.Nonce);
                return;
            }

            if (request.ErrorDetail is { } error)
            {
                _context.Nacked(typeUrl, state.Version ?? string.Empty, nonce, error);
            }
            else
            {
                _context.Acked(typeUrl, state.Version ?? string.Empty, nonce, state.SentSetAt, ref state.ConvergenceRecorded);
            }
        }

        // An ACK usually repeats the subscription (SotW): then there is nothing to apply, and the names, compared as
        // bytes, never become strings.
        var added = false;
        if (!state.Subscription.SameAsLastSotw(request))
        {
            added = state.Subscription.ApplySotw(services.SotwNames.Get(request, _context.Watch.Snapshot?.Get(typeUrl)));
            state.SentSet = null;
            _context.Subscribed(typeUrl, state.Subscription);
        }

        var first = !state.Requested;
        state.Requested = true;
        if ((first || added) && _context.Watch.Snapshot is { } snapshot)
        {
            var set = snapshot.Get(typeUrl);
            await SendAsync(state, View(state, set), set.Version, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask PushAsync(CancellationToken cancellationToken)
    {
        if (_context.Watch.Snapshot is not { } snapshot)
        {
            // A cleared snapshot withdraws nothing from clients: they keep their last configuration.
            return;
        }

        List<(SotwTypeState State, IReadOnlyDictionary<string, XdsResource> View, string Version)>? removals = null;
        foreach (var typeUrl in TypeUrls.PushOrder.Concat(IstioTypes()))
        {
            if (!_types.TryGetValue(typeUrl, out var state) || !state.Requested)
            {
                continue;
            }

            var set = snapshot.Get(typeUrl);
            if (state.SentSet is { } sentSet && ReferenceEquals(state.Sent, sentSet.Items))
            {
                // The client was last sent all of a set: only that set's diff to this one matters (computed once for
                // all streams), so a push costs the size of the change, not of the set.
                if (ReferenceEquals(sentSet, set))
                {
                    continue;
                }

                if (Grown(state, sentSet, set) is { } diff)
                {
                    state.Sent = set.Items;
                    state.SentSet = set;
                    if (!diff.IsEmpty)
                    {
                        await SendAsync(state, set.Items, set.Version, cancellationToken, TypeUrls.IsFullState(typeUrl) ? null : [.. diff.Changed]).ConfigureAwait(false);
                    }

                    continue;
                }
            }

            var view = View(state, set);
            if (state.Sent is { } sent && SameView(view, sent))
            {
                continue;
            }

            if (TypeUrls.IsMakeBeforeBreak(typeUrl) && state.Sent is { } previous && previous.Keys.Any(name => !view.ContainsKey(name)))
            {
                // Make before break: first the new and changed resources alongside the ones going away...
                var union = new Dictionary<string, XdsResource>(view, StringComparer.Ordinal);
                foreach (var (name, resource) in previous)
                {
                    union.TryAdd(name, resource);
                }

                if (!SameView(union, previous))
                {
                    await SendAsync(state, union, set.Version + MakeBeforeBreakSuffix, cancellationToken).ConfigureAwait(false);
                }

                // ...and the removal once every other type has been updated.
                (removals ??= []).Add((state, view, set.Version));
                continue;
            }

            await SendAsync(state, view, set.Version, cancellationToken, Changed(typeUrl, view, state.Sent)).ConfigureAwait(false);
        }

        if (removals is not null)
        {
            foreach (var (state, view, version) in removals)
            {
                await SendAsync(state, view, version, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The Istio types this stream asked for, in order (pushed after the Envoy types).</summary>
    private List<string> IstioTypes() => [.. _types.Keys.Where(TypeUrls.IsIstio).Order(StringComparer.Ordinal)];

    private static IReadOnlyDictionary<string, XdsResource> View(SotwTypeState state, ResourceSet set)
    {
        var subscription = state.Subscription;
        if (subscription.Wildcard || SubscribesAll(subscription, set))
        {
            // Explicit names beside "*" are all in the set anyway (or do not exist): the whole set is the view.
            // The same holds when every resource of the set is subscribed (Envoy's EDS): the set is shared, not copied.
            return set.Items;
        }

        var view = new Dictionary<string, XdsResource>(subscription.Names.Count, StringComparer.Ordinal);
        foreach (var name in subscription.Names)
        {
            if (set.Items.TryGetValue(name, out var resource))
            {
                view[name] = resource;
            }
        }

        return view;
    }

    /// <summary>
    /// The diff from <paramref name="previous"/> (the whole view last sent) to <paramref name="set"/> when the new view
    /// is again the whole set: nothing removed, and every added name subscribed. Null: take the general path.
    /// </summary>
    private static ResourceSetDiff? Grown(SotwTypeState state, ResourceSet previous, ResourceSet set)
    {
        var diff = previous.DiffTo(set);
        if (diff.Removed.Count > 0)
        {
            return null;
        }

        if (!state.Subscription.Wildcard)
        {
            foreach (var resource in diff.Changed)
            {
                if (!previous.Items.ContainsKey(resource.Name) && !state.Subscription.Names.Contains(resource.Name))
                {
                    return null;
                }
            }
        }

        return diff;
    }

    private static bool SubscribesAll(Subscription subscription, ResourceSet set)
    {
        if (subscription.Names.Count < set.Items.Count)
        {
            return false;
        }

        foreach (var name in set.Items.Keys)
        {
            if (!subscription.Names.Contains(name))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameView(IReadOnlyDictionary<string, XdsResource> next, IReadOnlyDictionary<string, XdsResource> sent)
    {
        if (ReferenceEquals(next, sent))
        {
            return true;
        }

        if (next.Count != sent.Count)
        {
            return false;
        }

        foreach (var (name, resource) in next)
        {
            if (!sent.TryGetValue(name, out var other) || (!ReferenceEquals(resource, other) && !string.Equals(resource.Version, other.Version, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// For RDS, EDS and SDS, the resources of <paramref name="view"/> the client does not have yet: SotW groups those
    /// types like delta does, so a push carries only what changed (one load assignment instead of all of them).
    /// Null (send the whole view) for LDS and CDS, before the first response, or when nothing was added or changed
    /// (the view only lost names).
    /// </summary>
    private static List<XdsResource>? Changed(string typeUrl, IReadOnlyDictionary<string, XdsResource> view, IReadOnlyDictionary<string, XdsResource>? sent)
    {
        if (TypeUrls.IsFullState(typeUrl) || sent is null)
        {
            return null;
        }

        List<XdsResource>? changed = null;
        foreach (var (name, resource) in view)
        {
            if (!sent.TryGetValue(name, out var other) || (!ReferenceEquals(resource, other) && !string.Equals(resource.Version, other.Version, StringComparison.Ordinal)))
            {
                (changed ??= []).Add(resource);
            }
        }

        return changed;
    }

    /// <summary>Sends <paramref name="resources"/> (default: the whole view) and records <paramref name="view"/> as what the client now has.</summary>
    private async ValueTask SendAsync(SotwTypeState state, IReadOnlyDictionary<string, XdsResource> view, string version, CancellationToken cancellationToken, List<XdsResource>? resources = null)
    {
        var sending = resources ?? view.Values;
        var nonce = _context.NextNonce();
        var response = new DiscoveryResponse { VersionInfo = version, TypeUrl = state.TypeUrl, Nonce = nonce };
        if (services.ControlPlane is { } controlPlane)
        {
            response.ControlPlane = controlPlane;
        }

        response.Resources.Capacity = resources?.Count ?? view.Count;
        foreach (var resource in sending)
        {
            // Shared packed bytes: nothing is serialized per stream but the envelope.
            response.Resources.Add(resource.Packed);
        }

        state.Nonce = nonce;
        state.Version = version;
        state.Sent = view;
        state.SentSet = _context.Watch.Snapshot?.Get(state.TypeUrl) is { } current && ReferenceEquals(current.Items, view) ? current : null;
        state.SentSetAt = _context.Watch.SetAt;
        state.ConvergenceRecorded = false;
        await _queue!.EnqueueAsync(response, cancellationToken).ConfigureAwait(false);
        _context.Sent(state.TypeUrl, version, nonce, resources?.Count ?? view.Count, 0);
    }
}
