using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>
/// The hub loop: every resync interval, one level-based pass over all registration requests (decide, provision) and all
/// ManagedClusters (finalizer and cleanup, push agents, heartbeat judgement). Passes never overlap.
/// </summary>
internal sealed partial class HubRunner : IClusterHub
{
    private readonly ClusterHubOptions _options;
    private readonly ILogger _logger;
    private readonly LifecycleBroadcaster _lifecycle;
    private readonly RegistrationReconciler _registration;
    private readonly HeartbeatMonitor _heartbeats;
    private readonly ClusterCleanup _cleanup;
    private readonly PushAgents _push;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public HubRunner(ClusterHubOptions options, ILoggerFactory loggerFactory)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger("Tdcc.Mesh.Clusters.Hub");
        _lifecycle = new LifecycleBroadcaster(_logger);
        var provisioner = new ClusterProvisioner(options.Hub);
        _registration = new RegistrationReconciler(options, provisioner, _lifecycle, _logger);
        _heartbeats = new HeartbeatMonitor(options, _lifecycle, _logger);
        _cleanup = new ClusterCleanup(options, provisioner, _lifecycle, _logger);
        _push = new PushAgents(options, provisioner, loggerFactory);
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
        await KubeWrites.EnsureAsync(hub.Resource(RbacTypes.ClusterRole), GenericObject.Create(RbacTypes.ClusterRole, meta, new JsonObject { ["rules"] = rules }), cancellationToken).ConfigureAwait(false);
        await KubeWrites.EnsureAsync(
            hub.Resource(RbacTypes.ClusterRoleBinding),
            GenericObject.Create(RbacTypes.ClusterRoleBinding, meta, new JsonObject
            {
                ["roleRef"] = new JsonObject { ["apiGroup"] = RbacTypes.Group, ["kind"] = "ClusterRole", ["name"] = ClustersApi.BootstrapRole },
                ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = RbacTypes.Group, ["kind"] = "Group", ["name"] = BootstrapTokens.Group }),
            }),
            cancellationToken).ConfigureAwait(false);
    }

    public IDisposable Subscribe(Func<ClusterLifecycleEvent, CancellationToken, Task> handler) => _lifecycle.Subscribe(handler);

    public void Start() => _run = Task.Run(() => LoopAsync(_stop.Token));

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
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        await _push.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _pass.Dispose();
    }

    private static bool IsTransient(Exception e) =>
        e is KubeApiException or HttpRequestException or TimeoutException or InvalidOperationException or System.Text.Json.JsonException;

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ResyncAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Whatever failed, the loop must survive: the next pass retries.
                LogPassFailed(_logger, e);
            }

            await Task.Delay(_options.ResyncInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        var requests = await _options.Hub.Resource<ClusterRegistrationRequest>().ListAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var request in requests.Items)
        {
            await GuardAsync(request.Metadata.Name, () => _registration.ReconcileAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var clusters = await _options.Hub.Resource<ManagedCluster>().ListAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var cluster in clusters.Items)
        {
            await GuardAsync(
                cluster.Metadata.Name,
                async () =>
                {
                    if (await _cleanup.ReconcileAsync(cluster, _push.StopAsync, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    await _push.ReconcileAsync(cluster, cancellationToken).ConfigureAwait(false);
                    await _heartbeats.ReconcileAsync(cluster, cancellationToken).ConfigureAwait(false);
                },
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

    [LoggerMessage(EventId = 140, Level = LogLevel.Warning, Message = "Cluster hub pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 141, Level = LogLevel.Warning, Message = "Cluster hub: reconciling {Name} failed; retrying on the next pass")]
    private static partial void LogObjectFailed(ILogger logger, string name, Exception exception);
}
