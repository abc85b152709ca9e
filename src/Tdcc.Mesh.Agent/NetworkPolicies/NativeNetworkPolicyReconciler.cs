using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Policy.Api;

namespace Tdcc.Mesh.Agent.NetworkPolicies;

/// <summary>
/// Keeps the member's NetworkPolicies rendered from the hub's MultiClusterNetworkPolicies
/// (<see cref="NativeNetworkPolicyRenderer"/>): each desired one applied server-side under
/// <see cref="FieldManager"/>, each of ours (label <see cref="NativeNetworkPolicyRenderer.ManagedByLabel"/>) no longer
/// desired deleted. Every change of a policy, export, Service or of our NetworkPolicies enqueues the one key
/// <see cref="Key"/>; a failed write is retried by the controller with backoff.
/// </summary>
internal sealed partial class NativeNetworkPolicyReconciler(
    [FromKeyedServices(NativeNetworkPolicyAgent.Member)] IKubeClient member,
    [FromKeyedServices(NativeNetworkPolicyAgent.Hub)] IInformerStore<MultiClusterNetworkPolicy> policies,
    [FromKeyedServices(NativeNetworkPolicyAgent.Member)] IInformerStore<ServiceExport> exports,
    [FromKeyedServices(NativeNetworkPolicyAgent.Member)] IInformerStore<Service> services,
    [FromKeyedServices(NativeNetworkPolicyAgent.Member)] IInformerStore<NetworkPolicy> rendered,
    NativeNetworkPolicyOptions options,
    ILogger<NativeNetworkPolicyReconciler> logger) : IReconciler
{
    /// <summary>The field manager of the rendered NetworkPolicies.</summary>
    public const string FieldManager = "tdcc-mesh-network-policy";

    /// <summary>The single key every change enqueues.</summary>
    public static readonly ObjectKey Key = ObjectKey.Cluster("native-network-policies");

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var exported = exports.List().Where(e => e.Metadata.DeletionTimestamp is null).Select(e => (e.Metadata.Namespace, e.Metadata.Name)).ToHashSet();
        var desired = NativeNetworkPolicyRenderer.Render(
            options,
            policies.List(),
            services.List().Select(s => (s, exported.Contains((s.Metadata.Namespace, s.Metadata.Name)))));
        var client = member.Resource<NetworkPolicy>();
        foreach (var policy in desired)
        {
            await client.ApplyAsync(policy, new ApplyOptions(FieldManager) { Force = true }, cancellationToken).ConfigureAwait(false);
        }

        var wanted = desired.Select(p => (p.Metadata.Namespace, p.Metadata.Name)).ToHashSet();
        foreach (var stale in rendered.List().Where(p => !wanted.Contains((p.Metadata.Namespace, p.Metadata.Name))))
        {
            LogPruned(logger, stale.Metadata.Namespace ?? string.Empty, stale.Metadata.Name ?? string.Empty);
            try
            {
                await client.DeleteAsync(stale.Metadata.Namespace, stale.Metadata.Name!, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.NotFound)
            {
                // Gone meanwhile.
            }
        }

        return ReconcileResult.Done;
    }

    [LoggerMessage(EventId = 8320, Level = LogLevel.Information, Message = "NetworkPolicy {Namespace}/{Name} no longer rendered from any MultiClusterNetworkPolicy: deleted")]
    private static partial void LogPruned(ILogger logger, string @namespace, string name);
}
