namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// Sits in front of a peer's pooled HTTP/2 handler: a request that may be sent again without harm (idempotent method,
/// no body) is given up with <see cref="PeerDownException"/> the moment the peer goes down (<see cref="PeerHealth"/>),
/// instead of waiting on a connection that no longer answers; the sender then tries the next cluster. Other requests
/// and CONNECT streams are left to their own timeouts: they may already have had an effect.
/// </summary>
internal sealed class PeerDownHandler(string cluster, PeerHealth health, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null || !IsIdempotent(request.Method))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var down = health.DownToken(cluster);
        if (down.IsCancellationRequested)
        {
            // Down already: still try (the selector only sends here when no other cluster is left), bounded by the caller.
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, down);
        try
        {
            return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (down.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PeerDownException($"the gateway of cluster {cluster} stopped answering its probes", e);
        }
    }

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace
        || method == HttpMethod.Put || method == HttpMethod.Delete;
}
