using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiMachinery.Resource;
using Tdcc.Mesh.Clusters.Json;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>
/// The agent's loop: cluster id → credentials (preset in push mode, stored, or a fresh join with the bootstrap token) →
/// clusterset property → every heartbeat interval: check the ManagedCluster still exists, renew the Lease, report status.
/// When the ManagedCluster is gone (or the credentials are revoked) the local state is removed and the loop ends.
/// With <see cref="ClusterAgentOptions.LeaderElection"/>, only the elected replica writes: it files the registration
/// request on a first install, drops stale credentials, sets the clusterset property and heartbeats; the others join
/// from the stored credentials (waiting for them when there are none yet), only read the ManagedCluster every interval
/// (to see the cluster leave) and start heartbeating as soon as they are elected.
/// </summary>
internal sealed partial class AgentRunner : IClusterAgent
{
    private readonly ClusterAgentOptions _options;
    private readonly HubCredentials? _preset;
    private readonly string _syncMode;
    private readonly IKubeClient _member;
    private readonly Func<string, IKubeClient>? _hubClientFactory;
    private readonly TimeProvider _time;
    private readonly CredentialStore _store;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<ClusterMembership> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _left = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, IKubeClient> _hubs = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _clients = [];
    private readonly ServiceProvider? _election;
    private readonly ILeaderElector? _elector;
    private readonly Channel<CancellationToken> _terms = Channel.CreateUnbounded<CancellationToken>();
    private volatile TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lastReport;
    private Task _run = Task.CompletedTask;
    private Task _electionRun = Task.CompletedTask;
    private IDisposable? _subscription;
    private volatile ClusterMembership? _membership;
    private int _disposed;

    public AgentRunner(ClusterAgentOptions options, HubCredentials? preset, string syncMode, IKubeClient member, Func<string, IKubeClient>? hubClientFactory, TimeProvider time, ILoggerFactory loggerFactory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ClusterName);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _preset = preset;
        _syncMode = syncMode;
        _member = member;
        _hubClientFactory = hubClientFactory;
        _time = time;
        _store = new CredentialStore(options, member);
        _logger = logger;
        if (options.LeaderElection is { } election)
        {
            // The election's Lease lives in the member, beside the other elections of the agent.
            var services = new ServiceCollection();
            services.AddSingleton(loggerFactory);
            services.AddSingleton(time);
            services.AddSingleton(member);
            services.AddKubeLeaderElection(election);
            _election = services.BuildServiceProvider();
            _elector = _election.GetRequiredService<ILeaderElector>();
        }
    }

    public ClusterMembership? Membership => _membership;

    public Task<ClusterMembership> Joined => _joined.Task;

    public Task Left => _left.Task;

    /// <summary>Whether this replica may write: it holds the election, or there is none.</summary>
    private bool Elected => _elector?.IsLeader ?? true;

    public void Start()
    {
        if (_elector is not null)
        {
            _subscription = _elector.Subscribe(new LeaderCallbacks { OnStartedLeading = term => _terms.Writer.TryWrite(term) });
            _electionRun = Task.Run(() => CampaignAsync(_elector, _options.LeaderElection!.LeaseNamespace, _stop.Token));
        }

        _run = Task.Run(() => RunAsync(_stop.Token));
    }

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

        // Stopping the election steps down and releases its Lease, so a standby replica heartbeats at once.
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_run, _electionRun).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _joined.TrySetCanceled();
        _left.TrySetCanceled();
        _subscription?.Dispose();
        if (_election is not null)
        {
            await _election.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _stop.Dispose();
    }

    private static bool IsTransient(Exception e) =>
        e is KubeApiException or HttpRequestException or TimeoutException or InvalidOperationException or JsonException
        || (e is TaskCanceledException && e.InnerException is TimeoutException);

    /// <summary>The hub client for a token: one per token for the agent's lifetime.</summary>
    private IKubeClient CreateHub(string token)
    {
        if (_hubs.TryGetValue(token, out var existing))
        {
            return existing;
        }

        IKubeClient client;
        if (_hubClientFactory is { } factory)
        {
            client = factory(token);
        }
        else
        {
            var owned = new KubeClient(KubeClientOptions.ForServer(_options.HubServer) with { BearerToken = token });
            _clients.Add(owned);
            client = owned;
        }

        _hubs[token] = client;
        return client;
    }

    /// <summary>Campaigns once the Lease's namespace exists (helm creates the release namespace; a bare member may not have it yet).</summary>
    private async Task CampaignAsync(ILeaderElector elector, string leaseNamespace, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await _member.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = leaseNamespace } }, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.Forbidden)
            {
                // Not ours to create: campaign in it as it is.
                break;
            }
            catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                LogRetry(_logger, _options.ClusterName, e);
                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        await elector.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        HubCredentials credentials;
        string clusterId;
        var waiting = false;
        while (true)
        {
            try
            {
                clusterId = await ClusterIdentity.EnsureIdAsync(_member, _options.ClusterId, cancellationToken).ConfigureAwait(false);
                var found = _preset
                    ?? await StoredAsync(cancellationToken).ConfigureAwait(false)
                    ?? (Elected ? await JoinAsync(clusterId, cancellationToken).ConfigureAwait(false) : null);
                if (found is null)
                {
                    // A standby replica on a first install: the elected one files the request and stores the credentials.
                    if (!waiting)
                    {
                        LogAwaitingCredentials(_logger, _options.ClusterName);
                        waiting = true;
                    }

                    await PauseAsync(_options.PollInterval, cancellationToken, untilElected: true).ConfigureAwait(false);
                    continue;
                }

                credentials = found;
                if (Elected)
                {
                    await ClusterIdentity.SetClusterSetAsync(_member, credentials.ClusterSetName, cancellationToken).ConfigureAwait(false);
                }

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
                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogJoinFailed(_logger, _options.ClusterName, JoinFailure.NoCredentials, e.Message);
                _joined.TrySetException(e);
                return;
            }
        }

        var hub = CreateHub(credentials.Token);
        var membership = new ClusterMembership(_options.ClusterName, clusterId, credentials.ClusterSetName, credentials.HubNamespace, hub, _member, _syncMode);
        _membership = membership;
        LogJoined(_logger, _options.ClusterName, clusterId, credentials.HubNamespace);
        _joined.TrySetResult(membership);

        if (_elector is null)
        {
            if (!await HeartbeatAsync(membership, CancellationToken.None, cancellationToken).ConfigureAwait(false))
            {
                await LeaveLocallyAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        while (true)
        {
            if (await StandByAsync(membership, cancellationToken).ConfigureAwait(false) is not { } term)
            {
                // The elected replica removes the local state; a standby only stops.
                _membership = null;
                LogLeftWhileStandingBy(_logger, _options.ClusterName);
                _left.TrySetResult();
                return;
            }

            LogElected(_logger, _options.ClusterName, _elector.Identity);
            if (!await HeartbeatAsync(membership, term, cancellationToken).ConfigureAwait(false))
            {
                await LeaveLocallyAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>
    /// Heartbeats every interval until the cluster is no longer a member (false) or <paramref name="term"/> ends (true:
    /// this replica lost the election); throws when the agent stops.
    /// </summary>
    private async Task<bool> HeartbeatAsync(ClusterMembership membership, CancellationToken term, CancellationToken stop)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(term, stop);
        var cancellationToken = linked.Token;

        // Another replica may have reported since this one last did: report in full at once.
        _lastReport = null;
        var identitySet = _elector is null;
        try
        {
            while (true)
            {
                try
                {
                    if (!identitySet)
                    {
                        // The replica that stored the credentials may have stopped before setting the property.
                        await ClusterIdentity.SetClusterSetAsync(_member, membership.ClusterSetName, cancellationToken).ConfigureAwait(false);
                        identitySet = true;
                    }

                    if (!await BeatAsync(membership, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The heartbeat loop must survive any failure; the next beat retries.
                    LogHeartbeatFailed(_logger, _options.ClusterName, e);
                }

                await PauseAsync(_options.HeartbeatInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            return true;
        }
    }

    /// <summary>
    /// A standby replica: reads (never writes) its ManagedCluster every heartbeat interval until this replica is elected;
    /// returns that term, or null once the cluster is no longer a member.
    /// </summary>
    private async Task<CancellationToken?> StandByAsync(ClusterMembership membership, CancellationToken cancellationToken)
    {
        var standingBy = false;
        while (true)
        {
            while (_terms.Reader.TryRead(out var term))
            {
                if (!term.IsCancellationRequested)
                {
                    return term;
                }
            }

            if (!standingBy)
            {
                LogStandingBy(_logger, _options.ClusterName, _elector!.Identity);
                standingBy = true;
            }

            try
            {
                if (!await IsMemberAsync(membership.Hub, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }
            catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                LogHeartbeatFailed(_logger, _options.ClusterName, e);
            }

            await PauseAsync(_options.HeartbeatInterval, cancellationToken, untilElected: true).ConfigureAwait(false);
        }
    }

    /// <summary>Waits <paramref name="delay"/>, or less when <see cref="LeaveAsync"/> wakes the loop (or, <paramref name="untilElected"/>, when a term starts).</summary>
    private async Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken, bool untilElected = false)
    {
        using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var wake = _wake;
        var waits = new List<Task> { Task.Delay(delay, _time, pause.Token), wake.Task };
        if (untilElected)
        {
            // Terms that already ended are of no use.
            while (_terms.Reader.TryPeek(out var term) && term.IsCancellationRequested)
            {
                _terms.Reader.TryRead(out _);
            }

            waits.Add(_terms.Reader.WaitToReadAsync(pause.Token).AsTask());
        }

        await Task.WhenAny(waits).ConfigureAwait(false);
        await pause.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (wake.Task.IsCompleted)
        {
            _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Stored credentials that still work; stale ones are dropped (by the elected replica; a standby waits for new ones).</summary>
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

        if (Elected)
        {
            await _store.DeleteAsync(cancellationToken).ConfigureAwait(false);
        }

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

                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
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
        if (!await IsMemberAsync(hub, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await RenewLeaseAsync(hub, membership.HubNamespace, cancellationToken).ConfigureAwait(false);
        await ReportStatusAsync(hub, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether the cluster's ManagedCluster still exists (and these credentials still reach it).</summary>
    private async Task<bool> IsMemberAsync(IKubeClient hub, CancellationToken cancellationToken)
    {
        try
        {
            var cluster = await hub.Resource<ManagedCluster>().GetAsync(null, _options.ClusterName, cancellationToken).ConfigureAwait(false);
            return cluster is not null && cluster.Metadata.DeletionTimestamp is null;
        }
        catch (KubeApiException e) when (e.Reason is KubeErrorReason.Unauthorized or KubeErrorReason.Forbidden)
        {
            return false;
        }
    }

    private async Task RenewLeaseAsync(IKubeClient hub, string ns, CancellationToken cancellationToken)
    {
        var leases = hub.Resource<Lease>();
        var now = _time.GetUtcNow();
        var lease = await leases.GetAsync(ns, _options.ClusterName, cancellationToken).ConfigureAwait(false);
        var spec = new LeaseSpec
        {
            // The elected replica's identity, so the hub Lease tells which replica heartbeats.
            HolderIdentity = _elector?.Identity ?? "tdcc-agent/" + _options.ClusterName,
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
        var version = JsonNode.Parse(await _member.GetRawAsync("/version", cancellationToken).ConfigureAwait(false))?["gitVersion"]?.GetValue<string>();
        var nodes = await _member.Resource<Node>().ListAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var pods = await _member.Resource<Pod>().ListAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var requests = MemberCapacity.RequestsByNode(pods.Items);
        var status = new ManagedClusterStatus
        {
            KubernetesVersion = version,
            Capacity = ResourceLists.Sum(nodes.Items.Select(n => n.Status?.Capacity)).ToImmutableDictionary(StringComparer.Ordinal),
            Allocatable = ResourceLists.Sum(nodes.Items.Select(n => n.Status?.Allocatable)).ToImmutableDictionary(StringComparer.Ordinal),
            Requested = ResourceLists.Sum(nodes.Items.Select(n => (IReadOnlyDictionary<string, string>?)requests.GetValueOrDefault(n.Metadata.Name ?? string.Empty))),
            NodeGroups = MemberCapacity.Group(nodes.Items, requests),
            ApiVersions = await MemberCapacity.ServedVersionsAsync(_member, cancellationToken).ConfigureAwait(false),
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
        await ClusterIdentity.RemoveClusterSetAsync(_member, cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "Cluster {ClusterName}: {Identity} is elected; it heartbeats now")]
    private static partial void LogElected(ILogger logger, string clusterName, string identity);

    [LoggerMessage(EventId = 208, Level = LogLevel.Information, Message = "Cluster {ClusterName}: {Identity} stands by while the elected replica heartbeats")]
    private static partial void LogStandingBy(ILogger logger, string clusterName, string identity);

    [LoggerMessage(EventId = 209, Level = LogLevel.Information, Message = "Cluster {ClusterName}: no stored hub credentials yet; waiting for the elected replica to join")]
    private static partial void LogAwaitingCredentials(ILogger logger, string clusterName);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Cluster {ClusterName} left the clusterset; this standby replica stops (the elected one removes the local state)")]
    private static partial void LogLeftWhileStandingBy(ILogger logger, string clusterName);
}
