using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;
using Tdcc.Mesh.Testing;
using static Tdcc.Mesh.Mcs.Tests.Hosting.ClusterSet;

namespace Tdcc.Mesh.Mcs.Tests.Hosting;

[Trait("Category", "Slow")]
public sealed class McsServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddMcsHubAndAgents_OneApplication_ExportReachesTheOtherMember()
    {
        await using var hubServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" });
        await using var eastServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "east" });
        await using var westServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "west" });
        using var hub = new KubeClient(KubeClientOptions.ForServer(hubServer.BaseAddress));
        using var east = new KubeClient(KubeClientOptions.ForServer(eastServer.BaseAddress));
        using var west = new KubeClient(KubeClientOptions.ForServer(westServer.BaseAddress));
        foreach (var id in new[] { "east", "west" })
        {
            await hub.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = HubNamespace(id) } });
        }

        var services = new ServiceCollection();
        services.AddMcsHub(new McsHubOptions(), hub);
        services.AddMcsAgent(new McsAgentOptions { ClusterId = "east", HubNamespace = HubNamespace("east") }, east, hub);
        services.AddMcsAgent(new McsAgentOptions { ClusterId = "west", HubNamespace = HubNamespace("west") }, west, hub);
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        await east.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "demo" } });
        await west.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "demo" } });
        await east.Resource<Service>().CreateAsync(ServiceOf("demo", "web"));
        await east.Resource<ServiceExport>().CreateAsync(ExportOf("demo", "web"));

        await Eventually.GetAsync(() => west.Resource<ServiceImport>().GetAsync("demo", "web"), i => i.Status?.Clusters is { Length: 1 }, "imported in west");
        provider.GetRequiredService<IMcsHub>().Should().NotBeNull();
        hosted.Should().HaveCount(3);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var service in hosted.AsEnumerable().Reverse())
        {
            await service.StopAsync(stop.Token);
        }
    }
}
