using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Agent;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>
/// Push mode: for each ManagedCluster with <c>syncMode: Push</c> the hub provisions the cluster like an approved request,
/// reads the member's kubeconfig from <c>spec.kubeconfigSecretRef</c> (key <c>kubeconfig</c>) and runs the member-side
/// agent work (identity, heartbeat, status) in its own process, as the cluster's ServiceAccount.
/// </summary>
internal sealed partial class PushAgents : IAsyncDisposable
{
    private readonly ClusterHubOptions _options;
    private readonly IKubeClient _hub;
    private readonly Func<string, IKubeClient>? _hubClientFactory;
    private readonly TimeProvider _time;
    private readonly ClusterProvisioner _provisioner;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, (AgentRunner Agent, KubeClient Member)> _agents = new(StringComparer.Ordinal);

    public PushAgents(ClusterHubOptions options, IKubeClient hub, Func<string, IKubeClient>? hubClientFactory, TimeProvider time, ClusterProvisioner provisioner, ILoggerFactory loggerFactory)
    {
        _options = options;
        _hub = hub;
        _hubClientFactory = hubClientFactory;
        _time = time;
        _provisioner = provisioner;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Tdcc.Mesh.Clusters.Hub.Push");
    }

    public IReadOnlyDictionary<string, ClusterMembership> Memberships =>
        _agents.Where(p => p.Value.Agent.Membership is not null).ToDictionary(p => p.Key, p => p.Value.Agent.Membership!, StringComparer.Ordinal);

    public async Task ReconcileAsync(ManagedCluster cluster, CancellationToken cancellationToken)
    {
        var name = cluster.Metadata.Name ?? string.Empty;
        if (cluster.Spec?.SyncMode != SyncModes.Push || _agents.ContainsKey(name))
        {
            if (_agents.TryGetValue(name, out var running) && running.Agent.Membership is { } membership && string.IsNullOrEmpty(cluster.Spec?.ClusterId))
            {
                var patch = new JsonObject { ["spec"] = new JsonObject { ["clusterId"] = membership.ClusterId } };
                await _hub.Resource<ManagedCluster>().PatchAsync(null, name, new Patch(PatchType.Merge, patch.ToJsonString()), cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var reference = cluster.Spec.KubeconfigSecretRef;
        var secret = reference?.Name is { } secretName
            ? await _hub.Resource<Secret>().GetAsync(reference.Namespace ?? "default", secretName, cancellationToken).ConfigureAwait(false)
            : null;
        if (secret is null || KubeWrites.SecretValue(secret, "kubeconfig") is not { } kubeconfig)
        {
            LogNoKubeconfig(_logger, name);
            return;
        }

        await _provisioner.ProvisionAsync(name, null, cancellationToken).ConfigureAwait(false);
        var token = await _provisioner.AgentTokenAsync(name, cancellationToken).ConfigureAwait(false);
        if (token is null)
        {
            return;
        }

        var hubNamespace = ClustersApi.ClusterNamespace(name);
        await KubeWrites.MergeStatusAsync(_hub.Resource<ManagedCluster>(), null, name, new JsonObject { ["namespace"] = hubNamespace }, cancellationToken).ConfigureAwait(false);
        var member = new KubeClient(Kubeconfig.Parse(kubeconfig, $"secret {reference!.Namespace}/{reference.Name}").ToClientOptions());
        var agentOptions = new ClusterAgentOptions
        {
            ClusterName = name,
            ClusterId = cluster.Spec.ClusterId,
            HubServer = _options.HubServer,
            HeartbeatInterval = _options.PushHeartbeatInterval,
        };
        var agent = ClusterAgent.StartPush(agentOptions, new HubCredentials(token, hubNamespace, _options.ClusterSetName), member, _hubClientFactory, _time, _loggerFactory);
        _agents[name] = (agent, member);
        LogStarted(_logger, name);
    }

    public async Task StopAsync(string clusterName, CancellationToken cancellationToken)
    {
        if (!_agents.TryRemove(clusterName, out var entry))
        {
            return;
        }

        await entry.Agent.DisposeAsync().ConfigureAwait(false);
        try
        {
            // The cluster left: it is no longer in the clusterset.
            await ClusterIdentity.RemoveClusterSetAsync(entry.Member, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException)
        {
            LogMemberUnreachable(_logger, clusterName, e);
        }

        entry.Member.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, entry) in _agents)
        {
            await entry.Agent.DisposeAsync().ConfigureAwait(false);
            entry.Member.Dispose();
        }

        _agents.Clear();
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "Push cluster {ClusterName}: kubeconfig Secret missing or without a 'kubeconfig' key")]
    private static partial void LogNoKubeconfig(ILogger logger, string clusterName);

    [LoggerMessage(EventId = 131, Level = LogLevel.Information, Message = "Push cluster {ClusterName}: member-side agent started in the hub")]
    private static partial void LogStarted(ILogger logger, string clusterName);

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "Push cluster {ClusterName}: could not remove the clusterset property")]
    private static partial void LogMemberUnreachable(ILogger logger, string clusterName, Exception exception);
}
