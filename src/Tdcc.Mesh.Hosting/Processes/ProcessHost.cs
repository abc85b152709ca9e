using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;

namespace Tdcc.Mesh.Hosting.Processes;

/// <summary>A started process host (hub or agent): its services, its bound addresses; disposing stops it gracefully.</summary>
public sealed class ProcessHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IAsyncDisposable[] _owned;
    private int _stopped;

    private ProcessHost(WebApplication app, IReadOnlyList<Uri> addresses, IAsyncDisposable[] owned)
    {
        _app = app;
        Addresses = addresses;
        _owned = owned;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>Every address the host listens on, with the ports actually bound, in the order the listeners were added.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>Whether this replica leads now (true without leader election).</summary>
    public bool IsLeader => _app.Services.GetService<ILeaderElector>()?.IsLeader ?? true;

    /// <summary>
    /// Runs <paramref name="prepare"/> (CRDs and the like, idempotent across replicas), then starts the application.
    /// <paramref name="owned"/> are disposed after the application stops.
    /// </summary>
    public static async Task<ProcessHost> StartAsync(WebApplication app, Func<IServiceProvider, CancellationToken, Task> prepare, IReadOnlyList<IAsyncDisposable> owned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(owned);
        try
        {
            await prepare(app.Services, cancellationToken).ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Select(a => new Uri(a)).ToList();
            return new ProcessHost(app, addresses, [.. owned]);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            foreach (var item in owned)
            {
                await item.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Stops the application (queues drained, Lease released, listeners closed) within the shutdown timeout, then disposes it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        var timeout = _app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        using (var grace = new CancellationTokenSource(timeout))
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        foreach (var item in _owned)
        {
            await item.DisposeAsync().ConfigureAwait(false);
        }
    }
}
