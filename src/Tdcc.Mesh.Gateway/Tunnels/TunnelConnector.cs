using System.Net;
using Tdcc.Mesh.Gateway.Status;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// Opens a TCP connection's stream through the tunnel: an HTTP/2 extended CONNECT (RFC 8441) with <c>:protocol</c>
/// <c>tdcc-tcp</c> and <c>:authority</c> = the service port. .NET's client sends CONNECT over HTTP/2 only in the
/// extended form (it needs <c>:protocol</c> to give the response a writable stream), hence this shape rather than a plain CONNECT.
/// </summary>
internal sealed class TunnelConnector(StatusTracker status)
{
    /// <summary>The duplex stream, or null with the reason when the peer refused or could not be reached.</summary>
    public async Task<(Stream? Stream, string? Error, bool NothingDelivered)> ConnectAsync(TunnelClient tunnel, string authority, string sourceCluster, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Connect, tunnel.Prefix)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Protocol = TunnelProtocol.TcpProtocol;
        request.Headers.Host = authority;
        request.Headers.TryAddWithoutValidation(TunnelProtocol.SourceClusterHeader, sourceCluster);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await tunnel.Invoker.SendAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            status.Failed(tunnel.Cluster, e.Message);
            return (null, e.Message, true);
        }

        status.Succeeded(tunnel.Cluster, tunnel.Direction, System.Diagnostics.Stopwatch.GetElapsedTime(started), null);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var error = $"peer {tunnel.Cluster} answered {(int)response.StatusCode}";
            response.Dispose();
            return (null, error, true);
        }

        return (await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), null, false);
    }
}
