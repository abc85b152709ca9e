using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tdcc.Mesh.Kube.Runtime.Informers;

namespace Tdcc.Mesh.Mcs.Hosting;

/// <summary>
/// A private container of informers and controllers, so each agent (several may share a process, as in the
/// sandbox) has its own caches and clients. Runs a preparation step, then the runtime's hosted services.
/// </summary>
internal sealed class McsHost(ServiceProvider provider, Func<IServiceProvider, CancellationToken, Task> prepare) : IAsyncDisposable
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
