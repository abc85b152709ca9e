using Envoy.Config.Core.V3;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Tests.Cache;

public sealed class SnapshotCacheTests
{
    [Fact]
    public void SetSnapshot_Watched_CompletesWatchAndServesNewSnapshot()
    {
        var cache = SnapshotCaches.Create();
        var watch = cache.Watch("a");
        watch.Snapshot.Should().BeNull();

        cache.SetSnapshot("a", Snapshot.Empty);

        watch.Changed.IsCompleted.Should().BeTrue();
        cache.Watch("a").Snapshot.Should().BeSameAs(Snapshot.Empty);
        cache.GetSnapshot("a").Should().BeSameAs(Snapshot.Empty);
    }

    [Fact]
    public void SetSnapshot_OtherGroup_DoesNotWake()
    {
        var cache = SnapshotCaches.Create();
        var watch = cache.Watch("a");

        cache.SetSnapshot("b", Snapshot.Empty);

        watch.Changed.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public void ClearSnapshot_Existing_WakesAndRemoves()
    {
        var cache = SnapshotCaches.Create();
        cache.SetSnapshot("a", Snapshot.Empty);
        var watch = cache.Watch("a");

        cache.ClearSnapshot("a").Should().BeTrue();

        watch.Changed.IsCompleted.Should().BeTrue();
        cache.GetSnapshot("a").Should().BeNull();
        cache.Groups.Should().BeEmpty();
    }

    [Fact]
    public void NodeHash_ByCluster_GroupsByNodeCluster()
    {
        NodeHashes.ByCluster.GetGroup(new Node { Id = "x", Cluster = "east" }).Should().Be("east");
        NodeHashes.ById.GetGroup(new Node { Id = "x", Cluster = "east" }).Should().Be("x");
    }

    [Fact]
    public void SetAt_ComesFromTimeProvider()
    {
        var time = new FakeTimeProvider();
        var cache = SnapshotCaches.Create(timeProvider: time);
        time.Advance(TimeSpan.FromSeconds(5));

        cache.SetSnapshot("a", Snapshot.Empty);

        cache.Watch("a").SetAt.Should().Be(time.GetTimestamp());
    }
}
