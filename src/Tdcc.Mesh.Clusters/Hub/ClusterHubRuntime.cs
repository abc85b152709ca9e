using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>
/// The hub's registration logic for one request or one cluster at a time, run by two controllers
/// (<see cref="Controllers.RegistrationRequestController"/>, <see cref="Controllers.ManagedClusterController"/>) as
/// their objects and the heartbeat Leases change: decide and provision requests; finalizer and cleanup, push agents and
/// heartbeat judgement of ManagedClusters. <see cref="ResyncAsync"/> also runs one pass over everything at once.
/// </summary>
internal sealed partial class ClusterHubRuntime : IClusterHub
{
    private readonly IKubeClient _hub;
    private readonly ILogger _logger;
    private readonly LifecycleBroadcaster _lifecycle;
    private readonly RegistrationReconciler _registration;
    private readonly HeartbeatMonitor _heartbeats;
    private readonly ClusterCleanup _cleanup;
    private readonly PushAgents _push;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private IAsyncDisposable? _host;
    private int _disposed;

    /// <summary>The hub's registration logic for <paramref name="options"/>, writing through <paramref name="hub"/> (administrator rights); push-mode agents dial the hub with clients from <paramref name="hubClientFactory"/> (null: a <c>KubeClient</c> for the options' <c>HubServer</c>).</summary>
    public ClusterHubRuntime(ClusterHubOptions options, IKubeClient hub, Func<string, IKubeClient>? hubClientFactory, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(time);
        _hub = hub;
        _logger = loggerFactory.CreateLogger("Tdcc.Mesh.Clusters.Hub");
        _lifecycle = new LifecycleBroadcaster(_logger);
        var provisioner = new ClusterProvisioner(hub);
        _registration = new RegistrationReconciler(options, hub, time, provisioner, _lifecycle, _logger);
        _heartbeats = new HeartbeatMonitor(options, hub, time, _lifecycle, _logger);
        _cleanup = new ClusterCleanup(hub, time, provisioner, _lifecycle, _logger);
        _push = new PushAgents(options, hub, hubClientFactory, time, provisioner, loggerFactory);
    }

    public IReadOnlyDictionary<string, ClusterMembership> PushMemberships => _push.Memberships;

    /// <summary>Lets bootstrap tokens (group system:bootstrappers) file and read registration requests.</summary>
    public static async Task EnsureBootstrapRbacAsync(IKubeClient hub, CancellationToken cancellationToken)
    {
        var meta = new ObjectMeta { Name = ClustersApi.BootstrapRole };
        var rules = new JsonArray(new JsonObject
        {
            ["apiGroups"] = new JsonArray(ClustersApi.Group),
            ["resources"] = new JsonArray("clusterregistrationrequests"),
            ["verbs"] = new JsonArray("create", "get"),
        });
        await hub.Resource(RbacTypes.ClusterRole).CreateOrUpdateAsync(GenericObject.Create(RbacTypes.ClusterRole, meta, new JsonObject { ["rules"] = rules }), cancellationToken).ConfigureAwait(false);
        await hub.Resource(RbacTypes.ClusterRoleBinding).CreateOrUpdateAsync(
            GenericObject.Create(RbacTypes.ClusterRoleBinding, meta, new JsonObject
            {
                ["roleRef"] = new JsonObject { ["apiGroup"] = RbacTypes.Group, ["kind"] = "ClusterRole", ["name"] = ClustersApi.BootstrapRole },
                ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = RbacTypes.Group, ["kind"] = "Group", ["name"] = BootstrapTokens.Group }),
            }),
            cancellationToken).ConfigureAwait(false);
    }

    public IDisposable Subscribe(Func<ClusterLifecycleEvent, CancellationToken, Task> handler) => _lifecycle.Subscribe(handler);

    /// <summary>The private controller host this runtime runs in, disposed with it (null when a process's manager runs the controllers).</summary>
    public void OwnHost(IAsyncDisposable host) => _host = host;

    public async Task ResyncAsync(CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PassAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pass.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }

        await _push.DisposeAsync().ConfigureAwait(false);
        _pass.Dispose();
    }

    private static bool IsTransient(Exception e) =>
        e is KubeApiException or HttpRequestException or TimeoutException or InvalidOperationException or System.Text.Json.JsonException;

    /// <summary>Decides and provisions one registration request; true once it needs nothing more (approved with credentials, denied, or waiting for an administrator).</summary>
    public async Task<bool> ReconcileRequestAsync(ClusterRegistrationRequest request, CancellationToken cancellationToken)
    {
        await _registration.ReconcileAsync(request, cancellationToken).ConfigureAwait(false);
        var current = await _hub.Resource<ClusterRegistrationRequest>().GetAsync(null, request.Metadata.Name ?? string.Empty, cancellationToken).ConfigureAwait(false);
        return current is null
            || current.Metadata.DeletionTimestamp is not null
            || current.Status?.Phase is RegistrationPhase.Denied or RegistrationPhase.Pending
            || (current.Status?.Phase == RegistrationPhase.Approved && current.Status.CredentialsSecretRef is not null);
    }

    /// <summary>Cleanup (when deleted), push agent and heartbeat judgement of one cluster; returns when to judge it again by the clock (null: on its next change).</summary>
    public async Task<TimeSpan?> ReconcileClusterAsync(ManagedCluster cluster, CancellationToken cancellationToken)
    {
        if (await _cleanup.ReconcileAsync(cluster, _push.StopAsync, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await _push.ReconcileAsync(cluster, cancellationToken).ConfigureAwait(false);
        return await _heartbeats.ReconcileAsync(cluster, cancellationToken).ConfigureAwait(false);
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        var requests = await _hub.Resource<ClusterRegistrationRequest>().ListAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var request in requests.Items)
        {
            await GuardAsync(request.Metadata.Name, () => _registration.ReconcileAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var clusters = await _hub.Resource<ManagedCluster>().ListAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var cluster in clusters.Items)
        {
            await GuardAsync(
                cluster.Metadata.Name,
                () => ReconcileClusterAsync(cluster, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One object's failure is logged and retried on the next pass; it does not stop the others.</summary>
    private async Task GuardAsync(string? name, Func<Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            LogObjectFailed(_logger, name ?? string.Empty, e);
        }
    }

    [LoggerMessage(EventId = 141, Level = LogLevel.Warning, Message = "Cluster hub: reconciling {Name} failed; retrying with the next pass or change")]
    private static partial void LogObjectFailed(ILogger logger, string name, Exception exception);
}
