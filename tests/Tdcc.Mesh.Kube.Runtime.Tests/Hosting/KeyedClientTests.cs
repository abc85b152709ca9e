using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Hosting;

public sealed class KeyedClientTests
{
    [Fact]
    public async Task Reconciles_KeyedClient_ReadsOneClusterAndWritesAnother()
    {
        var source = new InMemoryKubeClient();
        var target = new InMemoryKubeClient();
        await source.For<ConfigMap>().CreateAsync(TestObjects.ConfigMap("ns", "existing", "1"));
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IKubeClient>(CopyReconciler.Source, source);
        services.AddKeyedSingleton<IKubeClient>(CopyReconciler.Target, target);
        services.AddKubeController<CopyReconciler>("copy")
            .Reconciles<ConfigMap>(CopyReconciler.Source)
            .Watches<ConfigMap>(CopyReconciler.Target, copy => [ObjectKey.Of(copy)]);
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        await source.For<ConfigMap>().CreateAsync(TestObjects.ConfigMap("ns", "later", "2"));
        await Eventually.TrueAsync(
            () => target.For<ConfigMap>().Peek(new ObjectKey("ns", "existing")) is not null
                && target.For<ConfigMap>().Peek(new ObjectKey("ns", "later"))?.Data?["value"] == "2",
            "both config maps copied to the target");

        await source.For<ConfigMap>().DeleteAsync("ns", "existing");
        await Eventually.TrueAsync(() => target.For<ConfigMap>().Peek(new ObjectKey("ns", "existing")) is null, "the copy removed");

        provider.GetRequiredKeyedService<IInformerStore<ConfigMap>>(CopyReconciler.Source)
            .Should().NotBeSameAs(provider.GetRequiredKeyedService<IInformerStore<ConfigMap>>(CopyReconciler.Target));
        provider.GetServices<IInformer>().Should().HaveCount(2);
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        foreach (var service in hosted)
        {
            await service.StopAsync(stopTimeout.Token);
        }
    }

    [Fact]
    public void AddKubeInformer_KeyedThenUnkeyed_RegistersBoth()
    {
        var services = new ServiceCollection();
        services.AddKubeInformer<ConfigMap>("east");
        services.AddKubeInformer<ConfigMap>("east");
        services.AddKubeInformer<ConfigMap>();

        services.Count(d => d.ServiceType == typeof(ISharedInformer<ConfigMap>) && d.IsKeyedService).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ISharedInformer<ConfigMap>) && !d.IsKeyedService).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IInformer)).Should().Be(2);
    }
}
