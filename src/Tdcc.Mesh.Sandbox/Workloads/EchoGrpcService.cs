using Microsoft.AspNetCore.Routing;
using Tdcc.Mesh.Grpc;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Protos;
using Tdcc.Mesh.Protos.Echo.V1;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>tdcc.echo.v1.EchoService: answers with the pod identity and the request metadata.</summary>
internal sealed class EchoGrpcService(PodIdentity identity)
{
    /// <summary>The most responses one EchoStream call sends.</summary>
    public const int MaxRepeat = 10_000;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcUnary<EchoRequest, EchoResponse>(ProtoPaths.Echo, (request, context) =>
            Task.FromResult(Reply(request.Text, 0, context)));

        endpoints.MapGrpcServerStreaming<EchoRequest, EchoResponse>(ProtoPaths.EchoStream, async (request, responses, context) =>
        {
            var count = Math.Clamp(request.Repeat, 1, MaxRepeat);
            for (var i = 0; i < count; i++)
            {
                await responses.WriteAsync(Reply(request.Text, i, context), context.CancellationToken).ConfigureAwait(false);
            }
        });

        endpoints.MapGrpcDuplexStreaming<EchoRequest, EchoResponse>(ProtoPaths.EchoChat, async (requests, responses, context) =>
        {
            var sequence = 0;
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                await responses.WriteAsync(Reply(request.Text, sequence++, context), context.CancellationToken).ConfigureAwait(false);
            }
        });
    }

    private EchoResponse Reply(string text, int sequence, IServerCallContext context)
    {
        var response = new EchoResponse
        {
            Text = text,
            Cluster = identity.Cluster,
            Namespace = identity.Namespace,
            Pod = identity.Pod,
            PodIp = identity.PodIP.ToString(),
            Sequence = sequence,
            Port = context.HttpContext.Connection.LocalPort,
        };
        foreach (var (name, values) in context.RequestHeaders)
        {
            response.Headers[name.ToLowerInvariant()] = values.ToString();
        }

        return response;
    }
}
