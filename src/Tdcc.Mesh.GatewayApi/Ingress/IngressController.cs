using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Crds;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// The control plane of an ingress gateway (docs/ingress.md): watches one cluster's Gateway API objects (and the
/// Services, EndpointSlices, ServiceImports, Secrets, ReferenceGrants and Namespaces they refer to), resolves the
/// Gateways of GatewayClasses naming <see cref="IngressControllerOptions.ControllerName"/> into an
/// <see cref="IngressConfiguration"/> for the data path, and writes their statuses.
/// </summary>
public sealed class IngressController : IIngressConfigurationSource, IAsyncDisposable
{
    private readonly TaskCompletionSource resolved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IngressConfiguration current = new();
    private EmbeddedControllerHost? host;

    private IngressController()
    {
    }

    /// <inheritdoc />
    public IngressConfiguration Current => Volatile.Read(ref current);

    /// <inheritdoc />
    public event EventHandler? Changed;

    /// <summary>
    /// Starts watching <paramref name="cluster"/> (installing the Gateway API CRDs first with
    /// <see cref="IngressControllerOptions.InstallCrds"/>); returns once the caches have synced and <see cref="Current"/>
    /// holds the first resolution. Statuses are written as they change, and retried with backoff on failure.
    /// </summary>
    public static async Task<IngressController> StartAsync(IKubeClient cluster, IngressControllerOptions options, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(time);
        var controller = new IngressController();
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(time);
        services.AddSingleton(cluster);
        services.AddSingleton(options);
        services.AddSingleton(controller);
        var ns = options.Namespace;
        services.AddKubeInformer<GatewayClass>();
        services.AddKubeInformer<Namespace>();
        services.AddKubeInformer<Gateway>(o => o.Namespace = ns);
        services.AddKubeInformer<HttpRoute>(o => o.Namespace = ns);
        services.AddKubeInformer<GrpcRoute>(o => o.Namespace = ns);
        services.AddKubeInformer<ReferenceGrant>(o => o.Namespace = ns);
        services.AddKubeInformer<Service>(o => o.Namespace = ns);
        services.AddKubeInformer<EndpointSlice>(o => o.Namespace = ns);
        services.AddKubeInformer<ServiceImport>(o => o.Namespace = ns);
        services.AddKubeInformer<Secret>(o =>
        {
            o.Namespace = ns;
            o.FieldSelector = "type=" + TlsSecrets.Type;
        });
        services.AddKubeController<IngressReconciler>("ingress")
            .Watches<GatewayClass>(Enqueue)
            .Watches<Gateway>(Enqueue)
            .Watches<HttpRoute>(Enqueue)
            .Watches<GrpcRoute>(Enqueue)
            .Watches<ReferenceGrant>(Enqueue)
            .Watches<Service>(Enqueue)
            .Watches<EndpointSlice>(Enqueue)
            .Watches<ServiceImport>(Enqueue)
            .Watches<Secret>(Enqueue)
            .Watches<Namespace>(Enqueue);
        var embedded = new EmbeddedControllerHost(services.BuildServiceProvider(), async (provider, ct) =>
        {
            if (options.InstallCrds)
            {
                var installer = new CrdInstaller(cluster, FieldManagers.GatewayApi, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<CrdInstaller>>());
                await installer.InstallAsync(GatewayApiCrds.Ingress.Select(GatewayApiCrds.Read), ct).ConfigureAwait(false);
            }
        });
        controller.host = embedded;
        try
        {
            await embedded.StartAsync(cancellationToken).ConfigureAwait(false);

            // The informers have synced; resolve once now rather than wait for the workers to take the first event.
            var reconciler = embedded.Services.GetRequiredService<IngressReconciler>();
            try
            {
                await reconciler.ReconcileAsync(IngressReconciler.Key, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException)
            {
                // A status write failed; the configuration is published already and the workers retry the writes.
            }

            await controller.resolved.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return controller;
        }
        catch
        {
            await embedded.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops watching; <see cref="Current"/> keeps the last configuration.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref host, null) is { } running)
        {
            await running.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Makes <paramref name="configuration"/> current; true (and <see cref="Changed"/> raised) when its version differs.</summary>
    internal bool Publish(IngressConfiguration configuration)
    {
        var previous = Interlocked.Exchange(ref current, configuration);
        resolved.TrySetResult();
        if (previous.Version == configuration.Version)
        {
            return false;
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return true;
    }

    private static IEnumerable<ObjectKey> Enqueue<T>(T _) => [IngressReconciler.Key];
}
