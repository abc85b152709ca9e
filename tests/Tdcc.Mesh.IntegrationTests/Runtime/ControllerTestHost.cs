using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>A service provider whose hosted services (the controller host) run against the live server for one test.</summary>
internal sealed class ControllerTestHost : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly List<IHostedService> hosted;

    private ControllerTestHost(ServiceProvider provider, List<IHostedService> hosted)
    {
        this.provider = provider;
        this.hosted = hosted;
    }

    public IServiceProvider Services => provider;

    /// <summary>Registers <paramref name="client"/>, lets <paramref name="configure"/> add controllers, starts them and waits until the workers run.</summary>
    public static async Task<ControllerTestHost> StartAsync(IKubeClient client, Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(client);
        configure(services);
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        var host = new ControllerTestHost(provider, hosted);
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        foreach (var controllerHost in hosted.OfType<ControllerHost>())
        {
            await controllerHost.Started.WaitAsync(Eventually.DefaultTimeout);
        }

        return host;
    }

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(Eventually.DefaultTimeout);
        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(stop.Token);
        }

        await provider.DisposeAsync();
    }
}
