using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Events;

public sealed class EventRecorderSetTests
{
    private readonly InMemoryKubeClient kube = new();

    [Fact]
    public async Task For_ComponentsAndHosts_OneRecorderEachWithItsSource()
    {
        var provider = Provider(o => o.SpamBurst = 0);
        var set = provider.GetRequiredService<EventRecorderSet>();
        var pod = Stored("ns", "web-1");

        set.For("kubelet", "node-1").Should().BeSameAs(set.For("kubelet", "node-1"));
        set.For("kubelet", "node-1").Record(pod, EventType.Normal, "Started", "Started container web");
        set.For("kubelet", "node-2").Record(pod, EventType.Normal, "Started", "Started container web");
        set.For("default-scheduler").Record(pod, EventType.Normal, "Scheduled", "Successfully assigned ns/web-1 to node-1");
        set.Count.Should().Be(3);
        await provider.DisposeAsync();

        var written = (await kube.For<Event>().ListAsync()).Items;
        written.Should().HaveCount(3);
        written.Where(e => e.Source!.Component == "kubelet").Select(e => e.Source!.Host).Should().BeEquivalentTo("node-1", "node-2");
        var scheduled = written.Single(e => e.Reason == "Scheduled");
        scheduled.Source!.Host.Should().BeNull("kube's controllers report no host");
        scheduled.ReportingComponent.Should().Be("default-scheduler");
        scheduled.ReportingInstance.Should().BeNull();
    }

    [Fact]
    public async Task Record_ManyDistinctEventsAboutOneObject_SpamFilterBoundsTheWrites()
    {
        var provider = Provider(o => o.SpamBurst = 5);
        var set = provider.GetRequiredService<EventRecorderSet>();
        var pod = Stored("ns", "flapping");

        for (var i = 0; i < 50; i++)
        {
            set.For("kubelet", "node-1").Record(pod, EventType.Warning, "Unhealthy", $"Readiness probe failed: attempt {i}");
        }

        set.DroppedCount.Should().Be(45);
        await provider.DisposeAsync();
        (await kube.For<Event>().ListAsync()).Items.Should().HaveCount(5);
    }

    private ServiceProvider Provider(Action<EventRecorderOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IKubeClient>(kube);
        services.AddKubeEventRecorderSet(configure);
        return services.BuildServiceProvider();
    }

    private static ConfigMap Stored(string ns, string name) =>
        TestObjects.ConfigMap(ns, name) with { Metadata = new ObjectMeta { Namespace = ns, Name = name, Uid = "uid-" + name, ResourceVersion = "7" } };
}
