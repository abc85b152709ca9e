using Google.Protobuf;

namespace Tdcc.Mesh.Grpc.Server.CallHandlers;

/// <summary>Streams both ways at once, as xDS (ADS) subscriptions are.</summary>
internal sealed class DuplexStreamingCallHandler<TRequest, TResponse>(
    string method, IMessageDecoder<TRequest> decoder, DuplexStreamingServerMethod<TRequest, TResponse> handler, GrpcServerServices services)
    : ServerCallHandler(method, services)
    where TRequest : class
    where TResponse : class, IMessage<TResponse>
{
    protected override bool StreamingRequest => true;

    protected override async Task HandleCallCoreAsync(HttpServerCallContext call)
    {
        var reader = new HttpContextStreamReader<TRequest>(call, decoder);
        var writer = new HttpContextStreamWriter<TResponse>(call);
        try
        {
            await handler(reader, writer, call).ConfigureAwait(false);
        }
        finally
        {
            writer.Complete();
        }
    }
}
