using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>The running hub and members of one sandbox, and the files that describe them.</summary>
internal sealed partial class ClusterSet(string directory, IReadOnlyList<SimulatedCluster> started, Networking.SandboxNetwork? network, TimeProvider time, ILoggerFactory loggerFactory) : IClusterSet
{
    private readonly SimulatedCluster[] _clusters = [.. started];
    private readonly HashSet<string> _stoppedMembers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _memberGate = new(1, 1);
    private readonly ILogger _logger = loggerFactory.CreateLogger<ClusterSet>();
    private int _stopped;
    private Mesh.IMeshRuntime? _mesh;
    private SandboxControlServer? _control;

    public IReadOnlyList<ISimulatedCluster> Clusters => [.. _clusters];

    /// <summary>The members stopped by <see cref="StopMemberAsync"/> and not started again.</summary>
    public IReadOnlyCollection<string> StoppedMembers
    {
        get
        {
            lock (_stoppedMembers)
            {
                return [.. _stoppedMembers];
            }
        }
    }

    public string Directory => directory;

    public string KubeconfigPath => Path.Combine(directory, KubeconfigWriter.FileName);

    public string EndpointsPath => Path.Combine(directory, SandboxEndpoints.FileName);

    public Mesh.IClusterSetMesh? Mesh => _mesh;

    public Networking.SandboxNetwork? Network => network;

    /// <summary>The mesh started for these clusters; it stops before them.</summary>
    public void Attach(Mesh.IMeshRuntime mesh) => _mesh = mesh;

    /// <summary>The control server tools use to stop and start members; it stops first.</summary>
    public void Attach(SandboxControlServer control) => _control = control;

    public Task WriteEndpointsAsync(CancellationToken cancellationToken) =>
        new SandboxEndpoints
        {
            Pid = Environment.ProcessId,
            StartedAt = time.GetUtcNow(),
            Kubeconfig = KubeconfigPath,
            Network = network?.Mode.ToString().ToLowerInvariant() ?? "loopback",
            Control = _control?.Address.GetLeftPart(UriPartial.Authority),
            ControlToken = _control?.Token,
            NetworkSlot = network?.Names.Slot,
            Clusters = _clusters.Select(c => new ClusterEndpoints
            {
                Namespace = c.Network.NamespaceName,
                Link = network?.Members.FirstOrDefault(m => m.Name == c.Name)?.Link,
                Underlay = c.Addresses.UnderlayAddress?.ToString(),
                Name = c.Name,
                Role = c.Role == ClusterRole.Hub ? "hub" : "member",
                ApiServer = c.ApiServer.GetLeftPart(UriPartial.Authority),
                PodCidr = c.Addresses.PodCidr,
                ServiceCidr = c.Addresses.ServiceCidr,
                Dns = _mesh?.Dns.GetValueOrDefault(c.Name),
                Xds = _mesh?.Xds.GetLeftPart(UriPartial.Authority),
                Gateway = _mesh?.Gateways.GetValueOrDefault(c.Name)?.GetLeftPart(UriPartial.Authority),
            }).ToList(),
        }.WriteAsync(EndpointsPath, cancellationToken);

    public async Task StopAsync(IProgress<SandboxProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        progress?.Report(new SandboxProgress(SandboxStage.Stopping, null, _clusters.Length, _clusters.Length, "stopping"));

        // Tools stop using the sandbox first; then workloads, controllers and API servers stop (state is flushed).
        File.Delete(EndpointsPath);
        if (_control is not null)
        {
            await _control.DisposeAsync().ConfigureAwait(false);
        }

        if (_mesh is not null)
        {
            await _mesh.DisposeAsync().ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(_clusters, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (cluster, _) =>
            await cluster.StopAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (network is not null)
        {
            await network.DisposeAsync().ConfigureAwait(false);
        }

        progress?.Report(new SandboxProgress(SandboxStage.Stopped, null, 0, _clusters.Length, "stopped"));
    }

    public async Task StopMemberAsync(string name, CancellationToken cancellationToken = default)
    {
        await _memberGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var index = MemberIndex(name);
            lock (_stoppedMembers)
            {
                if (!_stoppedMembers.Add(name))
                {
                    throw new InvalidOperationException($"member {name} is stopped already");
                }
            }

            // Like a cluster whose machines go away: its agents fall silent first, then its pods, nodes and API server.
            if (_mesh is not null)
            {
                await _mesh.StopMemberAsync(name).ConfigureAwait(false);
            }

            await _clusters[index].StopAsync(cancellationToken).ConfigureAwait(false);
            LogMemberStopped(_logger, name);
        }
        finally
        {
            _memberGate.Release();
        }
    }

    public async Task StartMemberAsync(string name, CancellationToken cancellationToken = default)
    {
        await _memberGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var index = MemberIndex(name);
            lock (_stoppedMembers)
            {
                if (!_stoppedMembers.Contains(name))
                {
                    throw new InvalidOperationException($"member {name} is running");
                }
            }

            var cluster = await SimulatedCluster.StartAsync(_clusters[index].Options, loggerFactory, cancellationToken).ConfigureAwait(false);
            _clusters[index] = cluster;
            if (_mesh is not null)
            {
                await _mesh.StartMemberAsync(cluster, cancellationToken).ConfigureAwait(false);
            }

            lock (_stoppedMembers)
            {
                _stoppedMembers.Remove(name);
            }

            // Its API server listens on a new port: tools find it through the rewritten kubeconfig and endpoints.json.
            await KubeconfigWriter.WriteAsync(KubeconfigPath, _clusters, "hub", cancellationToken).ConfigureAwait(false);
            if (File.Exists(EndpointsPath))
            {
                await WriteEndpointsAsync(cancellationToken).ConfigureAwait(false);
            }

            LogMemberStarted(_logger, name, cluster.ApiServer);
        }
        finally
        {
            _memberGate.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private int MemberIndex(string name) =>
        Array.FindIndex(_clusters, c => c.Name == name && c.Role == ClusterRole.Member) is >= 0 and var i
            ? i
            : throw new ArgumentException($"'{name}' is not a member cluster of the sandbox (members: {string.Join(", ", _clusters.Where(c => c.Role == ClusterRole.Member).Select(c => c.Name))})", nameof(name));

    [LoggerMessage(EventId = 7173, Level = LogLevel.Information, Message = "Member {Cluster} stopped (its state is kept; start it again with tdcc sandbox start)")]
    private static partial void LogMemberStopped(ILogger logger, string cluster);

    [LoggerMessage(EventId = 7174, Level = LogLevel.Information, Message = "Member {Cluster} started again: API server {ApiServer}")]
    private static partial void LogMemberStarted(ILogger logger, string cluster, Uri apiServer);
}
