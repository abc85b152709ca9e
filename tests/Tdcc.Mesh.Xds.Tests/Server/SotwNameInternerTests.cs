using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Xds.Tests.Server;

public sealed class SotwNameInternerTests
{
    private readonly DiscoveryRequestDecoder _decoder = new();

    [Fact]
    public void Get_SameNamesFromTwoStreams_OneSharedInstance()
    {
        var interner = new SotwNameInterner();
        using var first = Decode(Request("a", "b", "*"));
        using var second = Decode(Request("a", "b", "*"));

        var shared = interner.Get(first, null);

        interner.Get(second, null).Should().BeSameAs(shared);
        shared.Requested.Should().Equal("a", "b", "*");
        shared.Names.Should().BeEquivalentTo("a", "b");
        shared.Star.Should().BeTrue();
        shared.Sorted.Should().Equal("*", "a", "b");
        second.ResourceNamesEqual(shared).Should().BeTrue();
    }

    [Fact]
    public void Get_OtherOrderOrName_AnotherInstance()
    {
        var interner = new SotwNameInterner();
        using var ab = Decode(Request("a", "b"));
        using var ba = Decode(Request("b", "a"));
        using var ac = Decode(Request("a", "c"));

        var first = interner.Get(ab, null);

        interner.Get(ba, null).Should().NotBeSameAs(first);
        interner.Get(ac, null).Should().NotBeSameAs(first);
        ba.ResourceNamesEqual(first).Should().BeFalse();
    }

    [Fact]
    public void Get_ExistingResource_UsesTheSnapshotsStringInstance()
    {
        var set = Snapshot.Create([new Envoy.Config.Endpoint.V3.ClusterLoadAssignment { ClusterName = "echo" }]).Get(TypeUrls.ClusterLoadAssignment);
        using var request = Decode(Request("echo", "missing"));

        var names = new SotwNameInterner().Get(request, set);

        names.Requested[0].Should().BeSameAs(set.Items["echo"].Name);
        names.Requested[1].Should().Be("missing");
    }

    [Fact]
    public void Get_NamesInterleavedWithOtherFields_CorrectButNotShared()
    {
        var interner = new SotwNameInterner();
        var bytes = Concat(Request("a").ToByteArray(), new DiscoveryRequest { VersionInfo = "v" }.ToByteArray(), Request("b").ToByteArray());
        using var first = Decode(bytes);
        using var second = Decode(bytes);

        var names = interner.Get(first, null);

        names.Requested.Should().Equal("a", "b");
        names.Encoded.Should().BeNull();
        interner.Get(second, null).Should().NotBeSameAs(names);
        second.ResourceNamesEqual(names).Should().BeTrue("compared name by name");
    }

    [Fact]
    public void Get_ListsNoStreamHolds_AreSwept()
    {
        var interner = new SotwNameInterner();
        AddUnreferenced(interner, 200);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        AddUnreferenced(interner, 100);

        interner.Count.Should().BeLessThan(200, "entries of collected lists are dropped as new ones come");
    }

    private void AddUnreferenced(SotwNameInterner interner, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var request = Decode(Request("name-" + Guid.NewGuid()));
            interner.Get(request, null);
        }
    }

    private SotwRequest Decode(DiscoveryRequest request) => Decode(request.ToByteArray());

    private SotwRequest Decode(byte[] bytes) => _decoder.Decode(new System.Buffers.ReadOnlySequence<byte>(bytes));

    private static DiscoveryRequest Request(params string[] names)
    {
        var request = new DiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, VersionInfo = "1", ResponseNonce = "2" };
        request.ResourceNames.Add(names);
        return request;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];
}
