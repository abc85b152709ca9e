namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>The running hub and members of one sandbox, and the files that describe them.</summary>
internal sealed class ClusterSet(string directory, IReadOnlyList<SimulatedCluster> clusters, Networking.SandboxNetwork? network, TimeProvider time) : IClusterSet
{
    private int _stopped;
    private Mesh.ClusterSetMesh? _mesh;

    public IReadOnlyList<ISimulatedCluster> Clusters => clusters;

    public string Directory => directory;

    public string KubeconfigPath => Path.Combine(directory, KubeconfigWriter.FileName);

    public string EndpointsPath => Path.Combine(directory, SandboxEndpoints.FileName);

    public Mesh.IClusterSetMesh? Mesh => _mesh;

    public Networking.SandboxNetwork? Network => network;

    /// <summary>The mesh started for these clusters; it stops before them.</summary>
    public void Attach(Mesh.ClusterSetMesh mesh) => _mesh = mesh;

    public Task WriteEndpointsAsync(CancellationToken cancellationToken) =>
        new SandboxEndpoints
        {
            Pid = Environment.ProcessId,
            StartedAt = time.GetUtcNow(),
            Kubeconfig = KubeconfigPath,
            Network = network?.Mode.ToString().ToLowerInvariant() ?? "loopback",
            NetworkSlot = network?.Names.Slot,
            Clusters = clusters.Select(c => new ClusterEndpoints
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
            }).ToList(),
        }.WriteAsync(EndpointsPath, cancellationToken);

    public async Task StopAsync(IProgress<SandboxProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        progress?.Report(new SandboxProgress(SandboxStage.Stopping, null, clusters.Count, clusters.Count, "stopping"));

        // Tools stop using the sandbox first; then workloads, controllers and API servers stop (state is flushed).
        File.Delete(EndpointsPath);
        if (_mesh is not null)
        {
            await _mesh.DisposeAsync().ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(clusters, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (cluster, _) =>
            await cluster.StopAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (network is not null)
        {
            await network.DisposeAsync().ConfigureAwait(false);
        }

        progress?.Report(new SandboxProgress(SandboxStage.Stopped, null, 0, clusters.Count, "stopped"));
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
