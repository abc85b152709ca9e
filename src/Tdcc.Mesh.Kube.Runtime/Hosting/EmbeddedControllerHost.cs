using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tdcc.Mesh.Kube.Runtime.Informers;

namespace Tdcc.Mesh.Kube.Runtime.Hosting;

/// <summary>
/// A private container of informers and controllers, for components that run embedded in another process (several
/// agents in one sandbox, a library user without a host): each has its own caches and clients. Runs a preparation
/// step, then the container's hosted services, and returns once the informers have synced.
/// </summary>
public sealed class EmbeddedControllerHost(ServiceProvider provider, Func<IServiceProvider, CancellationToken, Task> prepare) : IAsyncDisposable
{
    private readonly List<IHostedService> started = [];
    private int disposed;

    public IServiceProvider Services => provider;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await prepare(provider, cancellationToken).ConfigureAwait(false);
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
            started.Add(service);
        }

        // Return once the informers have synced, so callers can rely on the caches.
        await Task.WhenAll(provider.GetServices<IInformer>().Select(i => i.ReadyAsync(cancellationToken))).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        for (var i = started.Count - 1; i >= 0; i--)
        {
            await started[i].StopAsync(cancellationToken).ConfigureAwait(false);
        }

        started.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), provider.GetRequiredService<TimeProvider>()))
        {
            await StopAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await provider.DisposeAsync().ConfigureAwait(false);
    }
}
