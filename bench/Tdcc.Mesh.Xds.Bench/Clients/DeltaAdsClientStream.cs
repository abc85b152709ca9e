using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Grpc.Status;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Xds.Bench.Clients;

/// <summary>
/// One DeltaAggregatedResources stream behaving like an Envoy sidecar with <c>api_type: DELTA_GRPC</c>: CDS as a
/// wildcard (empty first request), then one request subscribing EDS for every EDS cluster; every response is ACKed
/// with its nonce (a delta ACK names nothing).
/// </summary>
internal sealed class DeltaAdsClientStream(IGrpcChannel channel, Node node, EdsNameCache edsNames, ClientCounters counters) : IAdsClientStream
{
    private static readonly GrpcMethod<DeltaDiscoveryRequest, DeltaDiscoveryResponse> Method = new(XdsMethods.DeltaAggregatedResources);

    public async Task RunAsync(TaskCompletionSource opened, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(opened);
        try
        {
            using var call = channel.DuplexStreaming(Method, cancellationToken: cancellationToken);
            await call.RequestStream.WriteAsync(new DeltaDiscoveryRequest { Node = node, TypeUrl = TypeUrls.Cluster }, cancellationToken).ConfigureAwait(false);
            counters.StreamOpened();
            opened.TrySetResult();

            var subscribed = false;
            while (await call.ResponseStream.MoveNextAsync(cancellationToken).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                counters.ResponseReceived();
                await call.RequestStream.WriteAsync(new DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce }, cancellationToken).ConfigureAwait(false);
                counters.AckSent();
                if (response.TypeUrl == TypeUrls.Cluster && !subscribed)
                {
                    subscribed = true;
                    var request = new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment };
                    request.ResourceNamesSubscribe.AddRange(edsNames.For(response));
                    await call.RequestStream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
                }
            }

            counters.StreamFailed(new InvalidOperationException("the server ended the stream"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the bench.
        }
        catch (RpcException ex) when (cancellationToken.IsCancellationRequested && ex.StatusCode == StatusCode.Cancelled)
        {
            // Stopped by the bench.
        }
        catch (Exception ex) when (ex is RpcException or IOException or HttpRequestException or InvalidOperationException)
        {
            counters.StreamFailed(ex);
        }
        finally
        {
            opened.TrySetResult();
        }
    }
}
