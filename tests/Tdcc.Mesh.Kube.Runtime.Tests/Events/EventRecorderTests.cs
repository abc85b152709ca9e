using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Events;

public sealed class EventRecorderTests
{
    private readonly InMemoryKubeClient kube = new();
    private readonly FakeTimeProvider time = new();
    private readonly Meter meter = new("Test." + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Record_IdenticalEventsWithinWindow_OneEventWithCount2()
    {
        var recorder = Create();
        var configMap = Stored("ns", "web");

        recorder.Record(configMap, EventType.Normal, "Synced", "synced to 3 clusters");
        await DrainAsync(recorder);
        time.Advance(TimeSpan.FromMinutes(1));
        recorder.Record(configMap, EventType.Normal, "Synced", "synced to 3 clusters");
        await DrainAsync(recorder);

        var written = await EventsAsync();
        written.Should().ContainSingle();
        var recorded = written[0];
        recorded.Count.Should().Be(2);
        recorded.FirstTimestamp.Should().Be(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        recorded.LastTimestamp.Should().Be(new DateTimeOffset(2025, 1, 1, 0, 1, 0, TimeSpan.Zero));
        recorded.Metadata.Namespace.Should().Be("ns");
        recorded.Metadata.Name.Should().MatchRegex("^web\\.[0-9a-f]{16}$");
        recorded.Type.Should().Be("Normal");
        recorded.Reason.Should().Be("Synced");
        recorded.Source.Should().BeEquivalentTo(new EventSource { Component = "test-controller", Host = "node-1" });
        recorded.InvolvedObject.Should().BeEquivalentTo(new ObjectReference
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Namespace = "ns",
            Name = "web",
            Uid = configMap.Metadata.Uid,
            ResourceVersion = configMap.Metadata.ResourceVersion,
        });
    }

    [Fact]
    public async Task Record_DifferentMessages_TwoEvents()
    {
        var recorder = Create();
        var configMap = Stored("ns", "web");

        recorder.Record(configMap, EventType.Warning, "SyncFailed", "cluster east unreachable");
        recorder.Record(configMap, EventType.Warning, "SyncFailed", "cluster west unreachable");
        await DrainAsync(recorder);

        var written = await EventsAsync();
        written.Should().HaveCount(2);
        written.Select(e => e.Message).Should().BeEquivalentTo("cluster east unreachable", "cluster west unreachable");
        written.Should().OnlyContain(e => e.Count == 1 && e.Type == "Warning");
    }

    [Fact]
    public async Task Record_IdenticalEventAfterWindow_CreatesNewEvent()
    {
        var recorder = Create(o => o.AggregationWindow = TimeSpan.FromMinutes(5));
        var configMap = Stored("ns", "web");

        recorder.Record(configMap, EventType.Normal, "Synced", "ok");
        await DrainAsync(recorder);
        time.Advance(TimeSpan.FromMinutes(6));
        recorder.Record(configMap, EventType.Normal, "Synced", "ok");
        await DrainAsync(recorder);

        (await EventsAsync()).Should().HaveCount(2).And.OnlyContain(e => e.Count == 1);
    }

    [Fact]
    public async Task Record_QueueFull_DropsAndCountsWithoutBlocking()
    {
        long droppedMeasured = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name == "tdcc.events.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref droppedMeasured, value));
        listener.Start();
        var recorder = Create(o => o.QueueCapacity = 2);
        var configMap = Stored("ns", "web");

        for (var i = 0; i < 5; i++)
        {
            recorder.Record(configMap, EventType.Normal, "Step", $"step {i}");
        }

        recorder.DroppedCount.Should().Be(3);
        Interlocked.Read(ref droppedMeasured).Should().Be(3);
        await DrainAsync(recorder);
        (await EventsAsync()).Select(e => e.Message).Should().BeEquivalentTo("step 0", "step 1");
    }

    [Fact]
    public async Task Record_ClusterScopedObject_WritesToDefaultNamespace()
    {
        var recorder = Create();
        var node = await kube.For<Node>().CreateAsync(new Node { Metadata = new ObjectMeta { Name = "worker-1" } });

        recorder.Record(node, EventType.Normal, "Joined", "joined the mesh");
        await DrainAsync(recorder);

        var written = (await EventsAsync()).Should().ContainSingle().Subject;
        written.Metadata.Namespace.Should().Be("default");
        written.InvolvedObject!.Namespace.Should().BeNull();
        written.InvolvedObject.Kind.Should().Be("Node");
    }

    [Fact]
    public async Task Record_AggregatedEventWasDeleted_CreatesItAgain()
    {
        var recorder = Create();
        var configMap = Stored("ns", "web");
        recorder.Record(configMap, EventType.Normal, "Synced", "ok");
        await DrainAsync(recorder);
        var first = (await EventsAsync()).Single();
        await kube.For<Event>().DeleteAsync(first.Metadata.Namespace, first.Metadata.Name!);

        recorder.Record(configMap, EventType.Normal, "Synced", "ok");
        await DrainAsync(recorder);

        var again = (await EventsAsync()).Should().ContainSingle().Subject;
        again.Metadata.Name.Should().Be(first.Metadata.Name);
        again.Count.Should().Be(2);
    }

    [Fact]
    public async Task Record_WriteFails_IsNotThrownAndLaterEventsAreWritten()
    {
        var recorder = Create();
        var configMap = Stored("ns", "web");
        kube.For<Event>().Fault = verb => new KubeApiException(KubeErrorReason.ServiceUnavailable, 503, "down");

        recorder.Record(configMap, EventType.Normal, "Synced", "first");
        await DrainAsync(recorder);
        kube.For<Event>().Fault = null;
        recorder.Record(configMap, EventType.Normal, "Synced", "second");
        await DrainAsync(recorder);

        (await EventsAsync()).Should().ContainSingle().Which.Message.Should().Be("second");
    }

    [Fact]
    public async Task AddKubeEventRecorder_Resolved_WritesInTheBackgroundAndFlushesOnDispose()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IKubeClient>(kube);
        services.AddKubeEventRecorder("mesh-controller", o => o.Host = "node-2");
        var provider = services.BuildServiceProvider();
        var recorder = provider.GetRequiredService<IEventRecorder>();
        var configMap = Stored("ns", "web");

        recorder.Record(configMap, EventType.Normal, "Synced", "ok");
        recorder.Record(configMap, EventType.Normal, "Synced", "ok");
        await provider.DisposeAsync();

        var written = (await EventsAsync()).Should().ContainSingle().Subject;
        written.Count.Should().Be(2);
        written.Source!.Component.Should().Be("mesh-controller");
        written.ReportingInstance.Should().Be("node-2");
    }

    private EventRecorder Create(Action<EventRecorderOptions>? configure = null)
    {
        var options = new EventRecorderOptions { Component = "test-controller", Host = "node-1" };
        configure?.Invoke(options);
        return new EventRecorder(kube, options, time, new EventInstruments(meter), NullLogger<EventRecorder>.Instance);
    }

    private static ConfigMap Stored(string ns, string name) =>
        TestObjects.ConfigMap(ns, name) with { Metadata = new ObjectMeta { Namespace = ns, Name = name, Uid = "uid-" + name, ResourceVersion = "7" } };

    private static async Task DrainAsync(EventRecorder recorder)
    {
        while (await recorder.WriteNextAsync(CancellationToken.None))
        {
        }
    }

    private async Task<IReadOnlyList<Event>> EventsAsync() => (await kube.For<Event>().ListAsync()).Items;
}
