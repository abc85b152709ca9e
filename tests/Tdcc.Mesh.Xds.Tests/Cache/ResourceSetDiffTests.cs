using Envoy.Config.Cluster.V3;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Tests.Cache;

public sealed class ResourceSetDiffTests
{
    [Fact]
    public void DiffTo_AddedChangedRemoved_ListsChangedAndRemovedOnly()
    {
        var before = Clusters(("a", 1), ("b", 1), ("c", 1));
        var after = Clusters(("a", 1), ("b", 2), ("d", 1));

        var diff = before.DiffTo(after);

        diff.Changed.Select(r => r.Name).Should().BeEquivalentTo("b", "d");
        diff.Removed.Should().Equal("c");
        diff.IsEmpty.Should().BeFalse();
    }

    [Fact]
    public void DiffTo_SameNextTwice_ComputedOnceAndShared()
    {
        var before = Clusters(("a", 1));
        var after = Clusters(("a", 2));

        before.DiffTo(after).Should().BeSameAs(before.DiffTo(after));
        before.DiffTo(Clusters(("a", 1))).IsEmpty.Should().BeTrue("equal content is no change");
    }

    private static ResourceSet Clusters(params (string Name, int Timeout)[] clusters) =>
        Snapshot.Create(clusters.Select(c => new Cluster { Name = c.Name, ConnectTimeout = new Google.Protobuf.WellKnownTypes.Duration { Seconds = c.Timeout } }))
            .Get(TypeUrls.Cluster);
}
