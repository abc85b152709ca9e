using Microsoft.Extensions.Logging;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Mesh;
using Tdcc.Mesh.Hub.Xds;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Hub.Routes;

/// <summary>
/// Writes the mesh's <c>status.parents</c> entries of every GRPCRoute and HTTPRoute on the hub, from the same
/// resolution the xDS model uses (<see cref="RouteResolver"/> over the hub's ServiceImports), and only for routes whose
/// status changed. Every route or import change enqueues the one key <see cref="Key"/>; a failed write is retried by the
/// controller with backoff.
/// </summary>
internal sealed partial class RouteStatusReconciler(
    IKubeClient hub,
    IInformerStore<ServiceImport> imports,
    IInformerStore<GrpcRoute> grpcRoutes,
    IInformerStore<HttpRoute> httpRoutes,
    TimeProvider time,
    ILogger<RouteStatusReconciler> logger) : IReconciler
{
    public static readonly ObjectKey Key = ObjectKey.Cluster("routes");

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var grpc = grpcRoutes.List();
        var http = httpRoutes.List();
        var resolution = RouteResolver.Resolve(grpc, http, XdsModelBuilder.Services(imports.List()));
        var verdicts = resolution.Verdicts.ToDictionary(v => v.Route);
        var now = time.GetUtcNow();
        foreach (var route in grpc)
        {
            if (verdicts.TryGetValue(new RouteId(GatewayApiGroups.GrpcRouteKind, route.Metadata.Namespace ?? string.Empty, route.Metadata.Name ?? string.Empty), out var verdict)
                && RouteStatusMerger.Merge(route.Status, verdict, now) is (true, var status))
            {
                await hub.Resource<GrpcRoute>().UpdateStatusAsync(route with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
                Report(verdict);
            }
        }

        foreach (var route in http)
        {
            if (verdicts.TryGetValue(new RouteId(GatewayApiGroups.HttpRouteKind, route.Metadata.Namespace ?? string.Empty, route.Metadata.Name ?? string.Empty), out var verdict)
                && RouteStatusMerger.Merge(route.Status, verdict, now) is (true, var status))
            {
                await hub.Resource<HttpRoute>().UpdateStatusAsync(route with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
                Report(verdict);
            }
        }

        return ReconcileResult.Done;
    }

    private void Report(RouteVerdict verdict)
    {
        var rejected = verdict.Rejected.ToList();
        foreach (var parent in rejected)
        {
            var accepted = parent.Conditions.First(c => c.Type == RouteConditions.Accepted);
            LogRejected(logger, verdict.Route, parent.ParentRef.Name, accepted.Reason, accepted.Message);
        }

        if (rejected.Count == 0)
        {
            LogStatusWritten(logger, verdict.Route, verdict.Parents.Count);
        }
    }

    [LoggerMessage(EventId = 8210, Level = LogLevel.Warning, Message = "{Route} rejected by parent {Parent}: {Reason}: {Detail}")]
    private static partial void LogRejected(ILogger logger, RouteId route, string parent, string? reason, string? detail);

    [LoggerMessage(EventId = 8211, Level = LogLevel.Debug, Message = "{Route} status written for {Parents} mesh parents")]
    private static partial void LogStatusWritten(ILogger logger, RouteId route, int parents);
}
