using Google.Protobuf;
using Tdcc.Mesh.Grpc.Framing;

namespace Tdcc.Mesh.Grpc.Server.CallHandlers;

/// <summary>A stream of request messages in, one response message out.</summary>
internal sealed class ClientStreamingCallHandler<TRequest, TResponse>(
    string method, ClientStreamingServerMethod<TRequest, TResponse> handler, GrpcServerServices services)
    : ServerCallHandler(method, services)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>
{
    private readonly ProtobufMessageDecoder<TRequest> _decoder = new(new MessageParser<TRequest>(() => new TRequest()));

    protected override bool StreamingRequest => true;

    protected override async Task HandleCallCoreAsync(HttpServerCallContext call)
    {
        var reader = new HttpContextStreamReader<TRequest>(call, _decoder);
        var response = await handler(reader, call).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The handler of {Method} returned no response message.");
        await call.WriteMessageAsync(response, call.CancellationToken).ConfigureAwait(false);
    }
}
