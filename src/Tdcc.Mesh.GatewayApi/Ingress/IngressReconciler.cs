using Microsoft.Extensions.Logging;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// Resolves the cluster's caches (<see cref="IngressResolver"/>), hands the configuration to the
/// <see cref="IngressController"/> (first, so a failed status write never holds traffic back), then writes the statuses
/// that changed. Every watched change enqueues the one key <see cref="Key"/>, so changes arriving during a pass coalesce
/// into one more pass; a failed write is retried by the controller with backoff.
/// </summary>
internal sealed partial class IngressReconciler(
    IKubeClient cluster,
    IngressController controller,
    IngressControllerOptions options,
    IInformerStore<GatewayClass> classes,
    IInformerStore<Gateway> gateways,
    IInformerStore<HttpRoute> httpRoutes,
    IInformerStore<GrpcRoute> grpcRoutes,
    IInformerStore<ReferenceGrant> grants,
    IInformerStore<Service> services,
    IInformerStore<EndpointSlice> slices,
    IInformerStore<ServiceImport> imports,
    IInformerStore<Secret> secrets,
    IInformerStore<Namespace> namespaces,
    TimeProvider time,
    ILogger<IngressReconciler> logger) : IReconciler, IDisposable
{
    public static readonly ObjectKey Key = ObjectKey.Cluster("ingress");

    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var inputs = new IngressInputs
            {
                GatewayClasses = classes.List(),
                Gateways = gateways.List(),
                HttpRoutes = httpRoutes.List(),
                GrpcRoutes = grpcRoutes.List(),
                ReferenceGrants = grants.List(),
                Services = services.List(),
                EndpointSlices = slices.List(),
                ServiceImports = imports.List(),
                Secrets = secrets.List(),
                Namespaces = namespaces.List(),
            };
            var resolution = IngressResolver.Resolve(inputs, options, time.GetUtcNow());
            if (controller.Publish(resolution.Configuration))
            {
                var rules = resolution.Configuration.Listeners.Sum(l => l.Rules.Length);
                LogConfiguration(logger, resolution.Configuration.Version, resolution.Configuration.Listeners.Length, rules);
            }

            foreach (var gatewayClass in resolution.GatewayClasses)
            {
                await cluster.Resource<GatewayClass>().UpdateStatusAsync(gatewayClass, cancellationToken: cancellationToken).ConfigureAwait(false);
                Written("GatewayClass", gatewayClass.Metadata.Name, gatewayClass.Status!.Conditions);
            }

            foreach (var gateway in resolution.Gateways)
            {
                await cluster.Resource<Gateway>().UpdateStatusAsync(gateway, cancellationToken: cancellationToken).ConfigureAwait(false);
                Written("Gateway", $"{gateway.Metadata.Namespace}/{gateway.Metadata.Name}", gateway.Status!.Conditions);
            }

            foreach (var route in resolution.HttpRoutes)
            {
                await cluster.Resource<HttpRoute>().UpdateStatusAsync(route, cancellationToken: cancellationToken).ConfigureAwait(false);
                Report(GatewayApiGroups.HttpRouteKind, route.Metadata, route.Status!);
            }

            foreach (var route in resolution.GrpcRoutes)
            {
                await cluster.Resource<GrpcRoute>().UpdateStatusAsync(route, cancellationToken: cancellationToken).ConfigureAwait(false);
                Report(GatewayApiGroups.GrpcRouteKind, route.Metadata, route.Status!);
            }

            return ReconcileResult.Done;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private void Report(string kind, ObjectMeta metadata, RouteStatus status)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        var name = $"{kind} {metadata.Namespace}/{metadata.Name}";
        foreach (var parent in status.Parents.Where(p => p.ControllerName == options.ControllerName))
        {
            foreach (var condition in parent.Conditions.Where(c => c.Status == ConditionSet.False))
            {
                LogRouteCondition(logger, name, parent.ParentRef.Name, condition.Type, condition.Reason, condition.Message);
            }
        }

        Written(kind, $"{metadata.Namespace}/{metadata.Name}", status.Parents.Where(p => p.ControllerName == options.ControllerName).SelectMany(p => p.Conditions));
    }

    private void Written(string kind, string? name, IEnumerable<Condition> conditions)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var summary = Summary(conditions);
            LogStatusWritten(logger, kind, name, summary);
        }
    }

    private static string Summary(IEnumerable<Condition> conditions) => string.Join(", ", conditions.Select(c => $"{c.Type}={c.Status} ({c.Reason})"));

    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Ingress configuration {Version}: {Listeners} listeners, {Rules} rules")]
    private static partial void LogConfiguration(ILogger logger, string version, int listeners, int rules);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Debug, Message = "{Kind} {Name} status written: {Conditions}")]
    private static partial void LogStatusWritten(ILogger logger, string kind, string? name, string conditions);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "{Route} at Gateway {Gateway}: {Type} is False, {Reason}: {Detail}")]
    private static partial void LogRouteCondition(ILogger logger, string route, string gateway, string type, string? reason, string? detail);
}
