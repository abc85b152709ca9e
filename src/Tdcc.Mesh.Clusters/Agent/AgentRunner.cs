using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiMachinery.Resource;
using Tdcc.Mesh.Clusters.Json;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>
/// The agent's loop: cluster id → credentials (preset in push mode, stored, or a fresh join with the bootstrap token) →
/// clusterset property → every heartbeat interval: check the ManagedCluster still exists, renew the Lease, report status.
/// When the ManagedCluster is gone (or the credentials are revoked) the local state is removed and the loop ends.
/// </summary>
internal sealed partial class AgentRunner : IClusterAgent
{
    private readonly ClusterAgentOptions _options;
    private readonly HubCredentials? _preset;
    private readonly string _syncMode;
    private readonly CredentialStore _store;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<ClusterMembership> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _left = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IDisposable> _clients = [];
    private volatile TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lastReport;
    private Task _run = Task.CompletedTask;
    private volatile ClusterMembership? _membership;
    private int _disposed;

    public AgentRunner(ClusterAgentOptions options, HubCredentials? preset, string syncMode, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ClusterName);
        _options = options;
        _preset = preset;
        _syncMode = syncMode;
        _store = new CredentialStore(options);
        _logger = logger;
    }

    public ClusterMembership? Membership => _membership;

    public Task<ClusterMembership> Joined => _joined.Task;

    public Task Left => _left.Task;

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        var membership = await _joined.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await membership.Hub.Resource<ManagedCluster>().DeleteIfPresentAsync(null, _options.ClusterName, cancellationToken).ConfigureAwait(false);
        _wake.TrySetResult();
        await _left.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _joined.TrySetCanceled();
        _left.TrySetCanceled();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _stop.Dispose();
    }

    private static bool IsTransient(Exception e) =>
        e is KubeApiException or HttpRequestException or TimeoutException or InvalidOperationException or JsonException
        || (e is TaskCanceledException && e.InnerException is TimeoutException);

    private IKubeClient CreateHub(string token)
    {
        if (_options.HubClientFactory is { } factory)
        {
            return factory(token);
        }

        var client = new KubeClient(KubeClientOptions.ForServer(_options.HubServer) with { BearerToken = token });
        _clients.Add(client);
        return client;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        HubCredentials credentials;
        string clusterId;
        while (true)
        {
            try
            {
                clusterId = await ClusterIdentity.EnsureIdAsync(_options.Member, _options.ClusterId, cancellationToken).ConfigureAwait(false);
                credentials = _preset ?? await StoredAsync(cancellationToken).ConfigureAwait(false) ?? await JoinAsync(clusterId, cancellationToken).ConfigureAwait(false);
                await ClusterIdentity.SetClusterSetAsync(_options.Member, credentials.ClusterSetName, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (ClusterJoinException e)
            {
                LogJoinFailed(_logger, _options.ClusterName, e.Failure, e.Message);
                _joined.TrySetException(e);
                return;
            }
            catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                LogRetry(_logger, _options.ClusterName, e);
                await Task.Delay(_options.PollInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogJoinFailed(_logger, _options.ClusterName, JoinFailure.NoCredentials, e.Message);
                _joined.TrySetException(e);
                return;
            }
        }

        var hub = CreateHub(credentials.Token);
        var membership = new ClusterMembership(_options.ClusterName, clusterId, credentials.ClusterSetName, credentials.HubNamespace, hub, _options.Member, _syncMode);
        _membership = membership;
        LogJoined(_logger, _options.ClusterName, clusterId, credentials.HubNamespace);
        _joined.TrySetResult(membership);

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!await BeatAsync(membership, cancellationToken).ConfigureAwait(false))
                {
                    await LeaveLocallyAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The heartbeat loop must survive any failure; the next beat retries.
                LogHeartbeatFailed(_logger, _options.ClusterName, e);
            }

            var wake = _wake;
            await Task.WhenAny(Task.Delay(_options.HeartbeatInterval, _options.TimeProvider, cancellationToken), wake.Task).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (wake.Task.IsCompleted)
            {
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Stored credentials that still work; stale ones are dropped.</summary>
    private async Task<HubCredentials?> StoredAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var hub = CreateHub(stored.Token);
        try
        {
            var cluster = await hub.Resource<ManagedCluster>().GetAsync(null, _options.ClusterName, cancellationToken).ConfigureAwait(false);
            if (cluster is not null && cluster.Metadata.DeletionTimestamp is null)
            {
                LogReusedCredentials(_logger, _options.ClusterName);
                return stored;
            }
        }
        catch (KubeApiException e) when (e.Reason is KubeErrorReason.Unauthorized or KubeErrorReason.Forbidden)
        {
            // Revoked: join again.
        }

        await _store.DeleteAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<HubCredentials> JoinAsync(string clusterId, CancellationToken cancellationToken)
    {
        var token = _options.BootstrapToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new ClusterJoinException(JoinFailure.NoCredentials, $"cluster {_options.ClusterName} has no stored hub credentials and no bootstrap token");
        }

        var bootstrap = CreateHub(token);
        var requests = bootstrap.Resource<ClusterRegistrationRequest>();
        var name = _options.ClusterName;
        try
        {
            var existing = await requests.GetAsync(null, name, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                await requests.CreateAsync(
                    new ClusterRegistrationRequest
                    {
                        Metadata = new ObjectMeta { Name = name },
                        Spec = new ClusterRegistrationRequestSpec
                        {
                            ClusterId = clusterId,
                            ClusterName = name,
                            SyncMode = SyncModes.Pull,
                            ClusterLabels = _options.ClusterLabels,
                            RequestedBy = "system:bootstrap:" + token.Split('.')[0],
                        },
                    },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                LogRequested(_logger, name);
            }
            else if (existing.Spec?.ClusterId != clusterId)
            {
                throw new ClusterJoinException(JoinFailure.Denied, $"a registration request for {name} with another cluster id ({existing.Spec?.ClusterId}) exists");
            }

            while (true)
            {
                var request = await requests.GetAsync(null, name, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"registration request {name} disappeared");
                var status = request.Status;
                if (status?.Phase == RegistrationPhase.Denied)
                {
                    throw new ClusterJoinException(JoinFailure.Denied, $"the hub denied cluster {name}: {status.Reason}: {status.Message}");
                }

                if (status is { Phase: RegistrationPhase.Approved, CredentialsSecretRef: { Name: { } secretName, Namespace: { } secretNamespace } })
                {
                    var secret = await bootstrap.Resource<Secret>().GetAsync(secretNamespace, secretName, cancellationToken).ConfigureAwait(false);
                    if (secret is not null && KubeWrites.SecretValue(secret, "token") is { Length: > 0 } agentToken)
                    {
                        var credentials = new HubCredentials(agentToken, status.ClusterNamespace ?? secretNamespace, status.ClusterSetName ?? string.Empty);
                        await _store.SaveAsync(credentials, cancellationToken).ConfigureAwait(false);
                        return credentials;
                    }
                }

                await Task.Delay(_options.PollInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.Unauthorized)
        {
            throw new ClusterJoinException(JoinFailure.Unauthorized, $"the hub rejected the bootstrap token of cluster {name}", e);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.Forbidden)
        {
            throw new ClusterJoinException(JoinFailure.Forbidden, $"the bootstrap token of cluster {name} may not register clusters: {e.Message}", e);
        }
    }

    /// <summary>One heartbeat; false when the cluster is no longer a member.</summary>
    private async Task<bool> BeatAsync(ClusterMembership membership, CancellationToken cancellationToken)
    {
        var hub = membership.Hub;
        ManagedCluster? cluster;
        try
        {
            cluster = await hub.Resource<ManagedCluster>().GetAsync(null, _options.ClusterName, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason is KubeErrorReason.Unauthorized or KubeErrorReason.Forbidden)
        {
            return false;
        }

        if (cluster is null || cluster.Metadata.DeletionTimestamp is not null)
        {
            return false;
        }

        await RenewLeaseAsync(hub, membership.HubNamespace, cancellationToken).ConfigureAwait(false);
        await ReportStatusAsync(hub, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task RenewLeaseAsync(IKubeClient hub, string ns, CancellationToken cancellationToken)
    {
        var leases = hub.Resource<Lease>();
        var now = _options.TimeProvider.GetUtcNow();
        var lease = await leases.GetAsync(ns, _options.ClusterName, cancellationToken).ConfigureAwait(false);
        var spec = new LeaseSpec
        {
            HolderIdentity = "tdcc-agent/" + _options.ClusterName,
            LeaseDurationSeconds = (int)Math.Ceiling(_options.HeartbeatInterval.TotalSeconds),
            AcquireTime = lease?.Spec?.AcquireTime ?? now,
            RenewTime = now,
        };
        if (lease is null)
        {
            await leases.CreateAsync(new Lease { Metadata = new ObjectMeta { Name = _options.ClusterName, Namespace = ns }, Spec = spec }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await leases.UpdateAsync(lease with { Spec = (lease.Spec ?? new LeaseSpec()) with { HolderIdentity = spec.HolderIdentity, LeaseDurationSeconds = spec.LeaseDurationSeconds, AcquireTime = spec.AcquireTime, RenewTime = now } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReportStatusAsync(IKubeClient hub, CancellationToken cancellationToken)
    {
        var version = JsonNode.Parse(await _options.Member.GetRawAsync("/version", cancellationToken).ConfigureAwait(false))?["gitVersion"]?.GetValue<string>();
        var nodes = await _options.Member.Resource<Node>().ListAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var pods = await _options.Member.Resource<Pod>().ListAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var requests = MemberCapacity.RequestsByNode(pods.Items);
        var status = new ManagedClusterStatus
        {
            KubernetesVersion = version,
            Capacity = ResourceLists.Sum(nodes.Items.Select(n => n.Status?.Capacity)).ToImmutableDictionary(StringComparer.Ordinal),
            Allocatable = ResourceLists.Sum(nodes.Items.Select(n => n.Status?.Allocatable)).ToImmutableDictionary(StringComparer.Ordinal),
            Requested = ResourceLists.Sum(nodes.Items.Select(n => (IReadOnlyDictionary<string, string>?)requests.GetValueOrDefault(n.Metadata.Name ?? string.Empty))),
            NodeGroups = MemberCapacity.Group(nodes.Items, requests),
            ApiVersions = await MemberCapacity.ServedVersionsAsync(_options.Member, cancellationToken).ConfigureAwait(false),
            NodeCount = nodes.Items.Length,
            Gateway = new ClusterGateway { Address = _options.GatewayAddress ?? string.Empty, Port = _options.GatewayPort },
        };
        var node = (JsonObject)JsonSerializer.SerializeToNode(status, ClustersJsonContext.Default.ManagedClusterStatus)!;

        // A merge patch keeps what it does not name: past the group limit, clear the groups reported before.
        node.TryAdd("nodeGroups", null);
        var report = node.ToJsonString();
        if (report == _lastReport)
        {
            return;
        }

        await KubeWrites.MergeStatusAsync(hub.Resource<ManagedCluster>(), null, _options.ClusterName, node, cancellationToken).ConfigureAwait(false);
        _lastReport = report;
    }

    private async Task LeaveLocallyAsync(CancellationToken cancellationToken)
    {
        _membership = null;
        await ClusterIdentity.RemoveClusterSetAsync(_options.Member, cancellationToken).ConfigureAwait(false);
        if (_preset is null)
        {
            await _store.DeleteAsync(cancellationToken).ConfigureAwait(false);
        }

        LogLeft(_logger, _options.ClusterName);
        _left.TrySetResult();
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Cluster {ClusterName} filed a registration request")]
    private static partial void LogRequested(ILogger logger, string clusterName);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Cluster {ClusterName} ({ClusterId}) joined; hub namespace {HubNamespace}")]
    private static partial void LogJoined(ILogger logger, string clusterName, string clusterId, string hubNamespace);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "Cluster {ClusterName} could not join ({Failure}): {Reason}")]
    private static partial void LogJoinFailed(ILogger logger, string clusterName, JoinFailure failure, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Cluster {ClusterName}: joining failed, retrying")]
    private static partial void LogRetry(ILogger logger, string clusterName, Exception exception);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Cluster {ClusterName}: heartbeat failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, string clusterName, Exception exception);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "Cluster {ClusterName} reuses its stored hub credentials")]
    private static partial void LogReusedCredentials(ILogger logger, string clusterName);

    [LoggerMessage(EventId = 206, Level = LogLevel.Information, Message = "Cluster {ClusterName} left the clusterset; local state removed")]
    private static partial void LogLeft(ILogger logger, string clusterName);
}
