using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Json;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>
/// Decides ClusterRegistrationRequests (automatically for a valid bootstrap token, or by an administrator) and, once
/// approved, provisions the cluster, creates its ManagedCluster and points the request's status at the credentials.
/// </summary>
internal sealed partial class RegistrationReconciler
{
    private readonly ClusterHubOptions _options;
    private readonly IKubeClient _hub;
    private readonly TimeProvider _time;
    private readonly ClusterProvisioner _provisioner;
    private readonly LifecycleBroadcaster _lifecycle;
    private readonly ILogger _logger;

    public RegistrationReconciler(ClusterHubOptions options, IKubeClient hub, TimeProvider time, ClusterProvisioner provisioner, LifecycleBroadcaster lifecycle, ILogger logger)
    {
        _options = options;
        _hub = hub;
        _time = time;
        _provisioner = provisioner;
        _lifecycle = lifecycle;
        _logger = logger;
    }

    public async Task ReconcileAsync(ClusterRegistrationRequest request, CancellationToken cancellationToken)
    {
        var name = request.Metadata.Name ?? string.Empty;
        var phase = request.Status?.Phase;
        if (request.Metadata.DeletionTimestamp is not null || phase == RegistrationPhase.Denied || (phase == RegistrationPhase.Approved && request.Status?.CredentialsSecretRef is not null))
        {
            return;
        }

        var spec = request.Spec ?? new ClusterRegistrationRequestSpec();
        if (phase is null or "")
        {
            if (spec.ClusterName != name || string.IsNullOrEmpty(spec.ClusterId))
            {
                await DecideAsync(name, RegistrationPhase.Denied, "InvalidRequest", "spec.clusterName must equal the request's name and spec.clusterId must be set", cancellationToken).ConfigureAwait(false);
                return;
            }

            if (_options.Approval == ApprovalMode.Manual)
            {
                await DecideAsync(name, RegistrationPhase.Pending, "AwaitingApproval", "waiting for an administrator to approve", cancellationToken).ConfigureAwait(false);
                return;
            }

            var tokenId = BootstrapTokens.TokenIdOf(spec.RequestedBy);
            if (tokenId is null || !await BootstrapTokens.IsValidAsync(_hub, tokenId, _time, cancellationToken).ConfigureAwait(false))
            {
                LogDenied(_logger, name, spec.RequestedBy ?? string.Empty);
                await DecideAsync(name, RegistrationPhase.Denied, "InvalidBootstrapToken", "the requester's bootstrap token is unknown or expired", cancellationToken).ConfigureAwait(false);
                return;
            }

            phase = RegistrationPhase.Approved;
        }

        if (phase != RegistrationPhase.Approved)
        {
            return;
        }

        var clusters = _hub.Resource<ManagedCluster>();
        var existing = await clusters.GetAsync(null, name, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Spec?.ClusterId is { Length: > 0 } id && id != spec.ClusterId)
        {
            await DecideAsync(name, RegistrationPhase.Denied, "ClusterNameTaken", $"cluster {name} is already registered with id {id}", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (existing?.Metadata.DeletionTimestamp is not null)
        {
            return; // The previous incarnation is still being cleaned up; try again on the next pass.
        }

        var credentials = await _provisioner.ProvisionAsync(name, spec.RequestedBy, cancellationToken).ConfigureAwait(false);
        var hubNamespace = ClustersApi.ClusterNamespace(name);
        if (existing is null)
        {
            await clusters.CreateAsync(
                new ManagedCluster
                {
                    Metadata = new ObjectMeta
                    {
                        Name = name,
                        Labels = spec.ClusterLabels ?? ImmutableDictionary<string, string>.Empty,
                        Finalizers = [ClustersApi.CleanupFinalizer],
                    },
                    Spec = new ManagedClusterSpec { ClusterId = spec.ClusterId, SyncMode = spec.SyncMode ?? SyncModes.Pull },
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await KubeWrites.MergeStatusAsync(clusters, null, name, new JsonObject { ["namespace"] = hubNamespace }, cancellationToken).ConfigureAwait(false);
        }

        var status = new ClusterRegistrationRequestStatus
        {
            Phase = RegistrationPhase.Approved,
            Reason = _options.Approval == ApprovalMode.Manual ? "ApprovedByAdministrator" : "AutoApproved",
            Message = "the cluster joined; use the credentials Secret from now on",
            ClusterNamespace = hubNamespace,
            ClusterSetName = _options.ClusterSetName,
            CredentialsSecretRef = credentials,
            ManagedClusterName = name,
        };
        var node = (JsonObject)JsonSerializer.SerializeToNode(status, ClustersJsonContext.Default.ClusterRegistrationRequestStatus)!;
        await KubeWrites.MergeStatusAsync(_hub.Resource<ClusterRegistrationRequest>(), null, name, node, cancellationToken).ConfigureAwait(false);
        LogApproved(_logger, name, hubNamespace);
        await _lifecycle.PublishAsync(new ClusterLifecycleEvent(ClusterLifecycleEventType.Joined, name, spec.ClusterId ?? string.Empty, hubNamespace, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    private Task<ClusterRegistrationRequest> DecideAsync(string name, string phase, string reason, string message, CancellationToken cancellationToken) =>
        KubeWrites.MergeStatusAsync(
            _hub.Resource<ClusterRegistrationRequest>(),
            null,
            name,
            new JsonObject { ["phase"] = phase, ["reason"] = reason, ["message"] = message },
            cancellationToken);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Cluster registration request {Request} approved; hub namespace {Namespace}")]
    private static partial void LogApproved(ILogger logger, string request, string @namespace);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Cluster registration request {Request} denied: requester {RequestedBy} has no valid bootstrap token")]
    private static partial void LogDenied(ILogger logger, string request, string requestedBy);
}
