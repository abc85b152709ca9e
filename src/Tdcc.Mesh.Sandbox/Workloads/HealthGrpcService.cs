using Microsoft.AspNetCore.Routing;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Grpc.Status;
using Tdcc.Mesh.Protos;
using Tdcc.Mesh.Protos.Health.V1;
using ServingStatus = Tdcc.Mesh.Protos.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// grpc.health.v1.Health for the echo image: the server ("") and the services it hosts are SERVING;
/// Check answers NOT_FOUND for anything else, Watch answers SERVICE_UNKNOWN and keeps the stream open.
/// </summary>
internal sealed class HealthGrpcService(CancellationToken stopping)
{
    private static readonly string[] Served = [string.Empty, ProtoPaths.EchoService, ProtoPaths.HealthService];

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcUnary<HealthCheckRequest, HealthCheckResponse>(ProtoPaths.HealthCheck, (request, _) =>
            Served.Contains(request.Service, StringComparer.Ordinal)
                ? Task.FromResult(new HealthCheckResponse { Status = ServingStatus.Serving })
                : throw new RpcException(StatusCode.NotFound, $"unknown service {request.Service}"));

        endpoints.MapGrpcServerStreaming<HealthCheckRequest, HealthCheckResponse>(ProtoPaths.HealthWatch, async (request, responses, context) =>
        {
            var status = Served.Contains(request.Service, StringComparer.Ordinal) ? ServingStatus.Serving : ServingStatus.ServiceUnknown;
            await responses.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken).ConfigureAwait(false);

            // The status never changes while the pod runs: hold the stream until the caller leaves or the pod stops.
            using var until = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, until.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                // The pod is stopping: end the watch with OK.
            }
        });
    }
}
