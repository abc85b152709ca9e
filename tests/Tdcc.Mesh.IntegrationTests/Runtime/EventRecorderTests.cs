using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.IntegrationTests.Client;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>The event recorder writing core/v1 Events to the live server.</summary>
public sealed class EventRecorderTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    [Fact]
    public async Task Record_RepeatedEvent_IsOneEventWithAggregatedCount()
    {
        var ns = await live.CreateNamespaceAsync("events");
        var subject = await live.Client.Resource<ConfigMap>().CreateAsync(TestObjects.ConfigMap(ns, "subject"));
        var services = new ServiceCollection();
        services.AddSingleton<IKubeClient>(live.Client);
        services.AddKubeEventRecorder("tdcc-integration");
        var events = live.Client.Resource<Event>();

        await using (var provider = services.BuildServiceProvider())
        {
            var recorder = provider.GetRequiredService<IEventRecorder>();
            for (var i = 0; i < 3; i++)
            {
                recorder.Record(subject, EventType.Normal, "Synced", "configuration synced");
            }

            recorder.Record(subject, EventType.Warning, "SyncFailed", "something went wrong");

            await Eventually.TrueAsync(
                async () =>
                {
                    var list = await events.ListAsync(new ListOptions { Namespace = ns, FieldSelector = "involvedObject.name=subject" });
                    return list.Items.Any(e => e.Reason == "Synced" && e.Count == 3) && list.Items.Any(e => e.Reason == "SyncFailed");
                },
                "the recorder writes one aggregated Normal event and one Warning");
        }

        var recorded = (await events.ListAsync(new ListOptions { Namespace = ns, FieldSelector = "involvedObject.name=subject" })).Items;
        recorded.Should().HaveCount(2);
        var synced = recorded.Single(e => e.Reason == "Synced");
        synced.Type.Should().Be("Normal");
        synced.Count.Should().Be(3);
        synced.Message.Should().Be("configuration synced");
        synced.InvolvedObject!.Kind.Should().Be("ConfigMap");
        synced.InvolvedObject.Uid.Should().Be(subject.Metadata.Uid);
        synced.Source!.Component.Should().Be("tdcc-integration");
        // Event timestamps are metav1.Time (whole seconds on the wire), so compare at that precision.
        synced.LastTimestamp!.Value.ToUnixTimeSeconds().Should().BeGreaterThanOrEqualTo(synced.FirstTimestamp!.Value.ToUnixTimeSeconds());
        var warning = recorded.Single(e => e.Reason == "SyncFailed");
        warning.Type.Should().Be("Warning");
        warning.Count.Should().Be(1);

        var byReason = await events.ListAsync(new ListOptions { Namespace = ns, FieldSelector = "reason=SyncFailed,type=Warning" });
        byReason.Items.Should().ContainSingle();
    }

    [Fact]
    public async Task Record_AfterTheEventWasDeleted_CreatesItAgain()
    {
        var ns = await live.CreateNamespaceAsync("events");
        var subject = await live.Client.Resource<ConfigMap>().CreateAsync(TestObjects.ConfigMap(ns, "subject"));
        var services = new ServiceCollection();
        services.AddSingleton<IKubeClient>(live.Client);
        services.AddKubeEventRecorder("tdcc-integration");
        var events = live.Client.Resource<Event>();
        await using var provider = services.BuildServiceProvider();
        var recorder = provider.GetRequiredService<IEventRecorder>();
        async Task<Event?> FindAsync() =>
            (await events.ListAsync(new ListOptions { Namespace = ns, FieldSelector = "involvedObject.name=subject,reason=Exported" })).Items.SingleOrDefault();

        recorder.Record(subject, EventType.Normal, "Exported", "exported to the mesh");
        await Eventually.TrueAsync(async () => await FindAsync() is not null, "the first event is written");
        var first = await FindAsync();
        await events.DeleteAsync(ns, first!.Metadata.Name!);

        recorder.Record(subject, EventType.Normal, "Exported", "exported to the mesh");

        await Eventually.TrueAsync(async () => await FindAsync() is not null, "the repeat of a vanished event is created again");
        (await FindAsync())!.Message.Should().Be("exported to the mesh");
    }
}
