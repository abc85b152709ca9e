using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Queues;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Informers;

public sealed class EnqueueHandlersTests
{
    private static readonly ObjectKey Mapped = ObjectKey.Cluster("all");

    [Fact]
    public void ForMapped_UpdateFilter_IgnoresIrrelevantUpdatesButNeverAddsOrDeletes()
    {
        using var queue = WorkQueueFactory.Create<ObjectKey>(new WorkQueueOptions(), new FakeTimeProvider(), TestObjects.Instruments());
        var handler = EnqueueHandlers.ForMapped<ConfigMap>(queue, _ => [Mapped], (old, updated) => old.Data?["value"] != updated.Data?["value"]);
        var before = TestObjects.ConfigMap("ns", "a", "1");

        handler.OnUpdate(before, before with { Metadata = before.Metadata with { ResourceVersion = "2" } });
        queue.Count.Should().Be(0, "an update the filter calls irrelevant enqueues nothing");

        handler.OnUpdate(before, TestObjects.ConfigMap("ns", "a", "2"));
        queue.Count.Should().Be(1, "a relevant update enqueues the mapped key");

        using var other = WorkQueueFactory.Create<ObjectKey>(new WorkQueueOptions(), new FakeTimeProvider(), TestObjects.Instruments());
        var unfiltered = EnqueueHandlers.ForMapped<ConfigMap>(other, _ => [Mapped], (_, _) => false);
        unfiltered.OnAdd(before);
        other.Count.Should().Be(1, "additions always enqueue");
        unfiltered.OnDelete(before);
        other.Count.Should().Be(1, "the deletion enqueues the same key, deduplicated while queued");
    }
}
