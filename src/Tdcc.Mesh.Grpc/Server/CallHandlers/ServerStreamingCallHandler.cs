using Google.Protobuf;
using Tdcc.Mesh.Grpc.Framing;

namespace Tdcc.Mesh.Grpc.Server.CallHandlers;

/// <summary>One request message in, a stream of response messages out.</summary>
internal sealed class ServerStreamingCallHandler<TRequest, TResponse>(
    string method, ServerStreamingServerMethod<TRequest, TResponse> handler, GrpcServerServices services)
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
        var writer = new HttpContextStreamWriter<TResponse>(call);
        try
        {
            await handler(request, writer, call).ConfigureAwait(false);
        }
        finally
        {
            writer.Complete();
        }
    }
}
