using System.Net.Sockets;
using Tdcc.Mesh.Gateway.Configuration;

namespace Tdcc.Mesh.Gateway.Forwarding;

/// <summary>Opens a TCP connection to the first of a service's ready local endpoints that accepts (next one on refusal).</summary>
internal sealed class TcpConnector(EndpointPicker picker, TimeSpan connectTimeout)
{
    public async Task<NetworkStream?> ConnectAsync(ServiceKey service, System.Collections.Immutable.ImmutableArray<EndpointAddress> endpoints, CancellationToken cancellationToken)
    {
        foreach (var endpoint in picker.Order(service, endpoints))
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(connectTimeout);
            try
            {
                await socket.ConnectAsync(endpoint.Address, endpoint.Port, timeout.Token).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                socket.Dispose();
            }
        }

        return null;
    }
}
