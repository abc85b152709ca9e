using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Xds.Tests.Server;

/// <summary>An ADS client over our own gRPC channel: writes requests, reads responses with a timeout.</summary>
public sealed class AdsTestClient<TRequest, TResponse> : IAsyncDisposable
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly IGrpcChannel _channel;
    private readonly IDuplexStreamingCall<TRequest, TResponse> _call;
    private readonly CancellationTokenSource _cancel = new();
    private Task<bool>? _pending;

    internal AdsTestClient(Uri address, string method, string? bearerToken = null)
    {
        _channel = GrpcChannel.ForAddress(address);
        var options = bearerToken is null ? null : new GrpcCallOptions { Headers = [new KeyValuePair<string, string>("authorization", "Bearer " + bearerToken)] };
        _call = _channel.DuplexStreaming(new GrpcMethod<TRequest, TResponse>(method), options, _cancel.Token);
    }

    public Task SendAsync(TRequest request) => _call.RequestStream.WriteAsync(request).AsTask();

    /// <summary>The next response; fails the test when none comes in time.</summary>
    public async Task<TResponse> ReceiveAsync(TimeSpan? timeout = null)
    {
        var response = await TryReceiveAsync(timeout ?? TimeSpan.FromSeconds(10));
        return response ?? throw new Xunit.Sdk.XunitException("no xDS response within the timeout");
    }

    /// <summary>The next response, or null when none comes within <paramref name="timeout"/> (the read stays pending).</summary>
    public async Task<TResponse?> TryReceiveAsync(TimeSpan timeout)
    {
        _pending ??= _call.ResponseStream.MoveNextAsync(_cancel.Token).AsTask();
        var done = await Task.WhenAny(_pending, Task.Delay(timeout));
        if (done != _pending)
        {
            return null;
        }

        var more = await _pending;
        _pending = null;
        return more ? _call.ResponseStream.Current : throw new Xunit.Sdk.XunitException("the server ended the stream");
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        _call.Dispose();
        _channel.Dispose();
        _cancel.Dispose();
    }
}

/// <summary>Factories and request builders for the ADS test clients.</summary>
public static class Ads
{
    /// <summary>A SotW stream; <paramref name="bearerToken"/> is sent as <c>authorization: Bearer</c> (gateway nodes need their cluster's hub token).</summary>
    public static AdsTestClient<DiscoveryRequest, DiscoveryResponse> Sotw(Uri address, string? bearerToken = null) =>
        new(address, XdsMethods.StreamAggregatedResources, bearerToken);

    public static AdsTestClient<DeltaDiscoveryRequest, DeltaDiscoveryResponse> Delta(Uri address) =>
        new(address, XdsMethods.DeltaAggregatedResources);

    public static Node Node(string id = "node-1", string cluster = "east") =>
        new() { Id = id, Cluster = cluster, Locality = new Locality { Region = "us-east", Zone = "us-east-1a" }, UserAgentName = "test" };

    public static DiscoveryRequest Request(string typeUrl, IEnumerable<string> names, Node? node = null, string version = "", string nonce = "")
    {
        var request = new DiscoveryRequest { TypeUrl = typeUrl, VersionInfo = version, ResponseNonce = nonce, Node = node };
        request.ResourceNames.Add(names);
        return request;
    }

    public static DiscoveryRequest Ack(DiscoveryResponse response, IEnumerable<string> names) =>
        Request(response.TypeUrl, names, version: response.VersionInfo, nonce: response.Nonce);

    public static DiscoveryRequest Nack(DiscoveryResponse response, IEnumerable<string> names, string lastGoodVersion, string message)
    {
        var request = Request(response.TypeUrl, names, version: lastGoodVersion, nonce: response.Nonce);
        request.ErrorDetail = new Google.Rpc.Status { Code = 14, Message = message };
        return request;
    }
}
