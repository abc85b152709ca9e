using Google.Protobuf;
using Tdcc.Mesh.Grpc.Framing;

namespace Tdcc.Mesh.Grpc.Server.CallHandlers;

/// <summary>One request message in, one response message out.</summary>
internal sealed class UnaryCallHandler<TRequest, TResponse>(
    string method, UnaryServerMethod<TRequest, TResponse> handler, GrpcServerServices services)
    : ServerCallHandler(method, services)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>
{
    private readonly ProtobufMessageDecoder<TRequest> _decoder = new(new MessageParser<TRequest>(() => new TRequest()));

    protected override bool StreamingRequest => false;

    protected override async Task HandleCallCoreAsync(HttpServerCallContext call)
    {
        var request = await GrpcMessageReader
            .ReadSingleMessageAsync(call.HttpContext.Request.BodyReader, _decoder, call.ReadOptions, call.CancellationToken)
            .ConfigureAwait(false);
        var response = await handler(request, call).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The handler of {Method} returned no response message.");
        await call.WriteMessageAsync(response, call.CancellationToken).ConfigureAwait(false);
    }
}
