namespace Tdcc.Mesh.Mcs.Hosting;

/// <summary>The MCS agent of one member cluster: exports to the hub and imports from it.</summary>
public interface IMcsAgent : IAsyncDisposable
{
    /// <summary>Installs the member CRDs (unless disabled), starts the informers and controllers, and returns once they have synced.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops the controllers, letting in-flight reconciles finish within the token's time.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
