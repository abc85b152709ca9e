using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Grpc.Status;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Xds.Bench.Clients;

/// <summary>
/// One ADS (SotW) stream behaving like an Envoy sidecar: CDS as a legacy wildcard (empty first request), then EDS for
/// every EDS cluster it got; every response is ACKed with its version and nonce, and an EDS ACK names the whole
/// subscription again, as SotW requires. The node goes in the first request only.
/// </summary>
internal sealed class SotwAdsClientStream(IGrpcChannel channel, Node node, EdsNameCache edsNames, ClientCounters counters) : IAdsClientStream
{
    private static readonly GrpcMethod<DiscoveryRequest, DiscoveryResponse> Method = new(XdsMethods.StreamAggregatedResources);

    public async Task RunAsync(TaskCompletionSource opened, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(opened);
        try
        {
            using var call = channel.DuplexStreaming(Method, cancellationToken: cancellationToken);
            await call.RequestStream.WriteAsync(new DiscoveryRequest { Node = node, TypeUrl = TypeUrls.Cluster }, cancellationToken).ConfigureAwait(false);
            counters.StreamOpened();
            opened.TrySetResult();

            IReadOnlyList<string>? subscribed = null;
            DiscoveryRequest? edsRequest = null;
            while (await call.ResponseStream.MoveNextAsync(cancellationToken).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                counters.ResponseReceived();
                if (response.TypeUrl == TypeUrls.Cluster)
                {
                    var names = edsNames.For(response);
                    await WriteAsync(call, new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, VersionInfo = response.VersionInfo, ResponseNonce = response.Nonce }, cancellationToken).ConfigureAwait(false);
                    counters.AckSent();
                    if (!ReferenceEquals(names, subscribed))
                    {
                        subscribed = names;
                        edsRequest = Eds(subscribed, edsRequest?.VersionInfo ?? string.Empty, edsRequest?.ResponseNonce ?? string.Empty);
                        await WriteAsync(call, edsRequest, cancellationToken).ConfigureAwait(false);
                    }
                }
                else if (response.TypeUrl == TypeUrls.ClusterLoadAssignment && edsRequest is not null)
                {
                    // The same request with this response's version and nonce (a write serializes it before returning):
                    // the bytes on the wire are Envoy's ACK, without a thousand-name list built per ACK in this process.
                    edsRequest.VersionInfo = response.VersionInfo;
                    edsRequest.ResponseNonce = response.Nonce;
                    await WriteAsync(call, edsRequest, cancellationToken).ConfigureAwait(false);
                    counters.AckSent();
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

    private static DiscoveryRequest Eds(IReadOnlyList<string> names, string version, string nonce)
    {
        var request = new DiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, VersionInfo = version, ResponseNonce = nonce };
        request.ResourceNames.AddRange(names);
        return request;
    }

    private static ValueTask WriteAsync(IDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse> call, DiscoveryRequest request, CancellationToken cancellationToken) =>
        call.RequestStream.WriteAsync(request, cancellationToken);
}
