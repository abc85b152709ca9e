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
/// <item>A push sends additions and changes in CDS, EDS, LDS, RDS, SDS order, then the Istio types (MCP), then all removals.</item>
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
        await _context.StartAsync(request.Node, cancellationToken).ConfigureAwait(false);
        var typeUrl = request.TypeUrl;
        if (!TypeUrls.IsKnown(typeUrl) || (!_types.ContainsKey(typeUrl) && TypeUrls.IsIstio(typeUrl) && _types.Keys.Count(TypeUrls.IsIstio) >= TypeUrls.MaxIstioTypesPerStream))
        {
            XdsServerLog.UnknownType(_context.Logger, _context.NodeId, typeUrl);
            return;
        }

        if (!_types.TryGetValue(typeUrl, out var state))
        {
            state = new DeltaTypeState(typeUrl);
            _types[typeUrl] = state;
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

        var set = _context.Watch.Snapshot?.Get(typeUrl);
        var outcome = state.Apply(request.ResourceNamesSubscribe, request.ResourceNamesUnsubscribe, request.InitialResourceVersions, set);
        if (outcome.SubscriptionChanged)
        {
            // A plain ACK changes nothing: the status (a sorted copy of the names) is left as it is.
            _context.Subscribed(typeUrl, state.Subscription);
        }

        if (outcome.Respond && set is not null)
        {
            var (resources, removed) = state.Sync(set);
            if (outcome.First || resources.Count > 0 || removed.Count > 0)
            {
                await SendAsync(state, set.Version, resources, removed, cancellationToken).ConfigureAwait(false);
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
        foreach (var typeUrl in TypeUrls.PushOrder.Concat([.. _types.Keys.Where(TypeUrls.IsIstio).Order(StringComparer.Ordinal)]))
        {
            if (!_types.TryGetValue(typeUrl, out var state))
            {
                continue;
            }

            var set = snapshot.Get(typeUrl);
            var (resources, removed) = state.Push(set);
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

    private async ValueTask SendAsync(DeltaTypeState state, string version, List<XdsResource> resources, List<string> removed, CancellationToken cancellationToken)
    {
        var nonce = _context.NextNonce();
        var response = new DeltaDiscoveryResponse { SystemVersionInfo = version, TypeUrl = state.TypeUrl, Nonce = nonce };
        if (services.ControlPlane is { } controlPlane)
        {
            response.ControlPlane = controlPlane;
        }

        response.Resources.Capacity = resources.Count;
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
