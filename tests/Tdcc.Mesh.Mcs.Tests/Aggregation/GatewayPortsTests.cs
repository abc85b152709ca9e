using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Aggregation;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Tests.Aggregation;

public sealed class GatewayPortsTests
{
    private static readonly IReadOnlySet<int> None = new HashSet<int>();

    [Fact]
    public void Parse_ValueWithJunk_KeepsValidInRangePairsFirstWins()
    {
        var ports = GatewayPorts.Parse("80=30001, 443=30002,x=1,8080=80,90=,9090=32767,80=30009,-1=30003");

        ports.Should().Equal(new Dictionary<int, int> { [80] = 30001, [443] = 30002, [9090] = 32767 });
        GatewayPorts.Parse(null).Should().BeEmpty();
    }

    [Fact]
    public void Format_Ports_SortedByServicePortAndParsesBack()
    {
        var text = GatewayPorts.Format(new Dictionary<int, int> { [443] = 30002, [80] = 30001 });

        text.Should().Be("80=30001,443=30002");
        GatewayPorts.Parse(text).Should().Equal(new Dictionary<int, int> { [80] = 30001, [443] = 30002 });
    }

    [Fact]
    public void Allocate_NewPorts_InRangeDistinctAndDeterministic()
    {
        var first = GatewayPorts.Allocate("demo/echo", [8080, 9090, 8080], ImmutableSortedDictionary<int, int>.Empty, None, None);
        var again = GatewayPorts.Allocate("demo/echo", [9090, 8080], ImmutableSortedDictionary<int, int>.Empty, None, None);

        first.Keys.Should().Equal(8080, 9090);
        first.Values.Should().OnlyContain(port => port >= 30000 && port <= 32767).And.OnlyHaveUniqueItems();
        again.Should().Equal(first, "the start of the probe is a hash of service and port, the same in every process");
    }

    [Fact]
    public void Allocate_ExistingAllocation_KeptWhilePortExistsAndFreedWhenItGoes()
    {
        var current = new Dictionary<int, int> { [80] = 31000, [443] = 31001 };

        var ports = GatewayPorts.Allocate("demo/web", [80, 8443], current, None, None);

        ports[80].Should().Be(31000);
        ports.Should().NotContainKey(443);
        ports[8443].Should().NotBe(31000);
    }

    [Fact]
    public void Allocate_ExistingPortHeldByAnOlderImport_Moves()
    {
        var current = new Dictionary<int, int> { [80] = 31000 };

        var ports = GatewayPorts.Allocate("demo/web", [80], current, new HashSet<int> { 31000 }, None);

        ports[80].Should().NotBe(31000);
    }

    [Fact]
    public void Allocate_ExistingPortHeldByAYoungerImport_Kept()
    {
        var current = new Dictionary<int, int> { [80] = 31000 };

        var ports = GatewayPorts.Allocate("demo/web", [80], current, None, new HashSet<int> { 31000 });

        ports[80].Should().Be(31000);
    }

    [Fact]
    public void Allocate_HashedStartTaken_ProbesToTheNextFreePort()
    {
        var free = GatewayPorts.Allocate("demo/echo", [8080], ImmutableSortedDictionary<int, int>.Empty, None, None)[8080];
        var next = free == GatewayPorts.MaxPort ? GatewayPorts.MinPort : free + 1;

        var ports = GatewayPorts.Allocate("demo/echo", [8080], ImmutableSortedDictionary<int, int>.Empty, new HashSet<int> { free }, None);

        ports[8080].Should().Be(next);
    }

    [Fact]
    public void Allocate_RangeFull_PortGetsNone()
    {
        var all = Enumerable.Range(GatewayPorts.MinPort, GatewayPorts.MaxPort - GatewayPorts.MinPort).ToHashSet();

        var ports = GatewayPorts.Allocate("demo/echo", [1, 2], ImmutableSortedDictionary<int, int>.Empty, all, None);

        ports.Should().Equal(new Dictionary<int, int> { [1] = GatewayPorts.MaxPort });
    }

    [Fact]
    public void Allocator_ConcurrentAssigns_NeverOnePortTwice()
    {
        var allocator = new GatewayPortAllocator();

        var assigned = Enumerable.Range(0, 200).AsParallel()
            .Select(i => allocator.Assign($"demo.svc{i}", $"demo/svc{i}", null, [80, 443], []).Ports.Values)
            .SelectMany(ports => ports)
            .ToList();

        assigned.Should().HaveCount(400).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Allocator_TwoImportsHoldOnePort_OlderKeepsAndEvictsTheYounger()
    {
        var older = Import("demo.a", "80=31000", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var younger = Import("demo.b", "80=31000,81=31001", new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

        var keeps = new GatewayPortAllocator().Assign("demo.a", "demo/a", older, [80], [younger]);
        var yields = new GatewayPortAllocator().Assign("demo.b", "demo/b", younger, [80, 81], [older]);

        keeps.Ports.Should().Equal(new Dictionary<int, int> { [80] = 31000 });
        var eviction = keeps.Evictions.Should().ContainSingle().Subject;
        eviction.Import.Metadata.Name.Should().Be("demo.b");
        eviction.Remaining.Should().Equal(new Dictionary<int, int> { [81] = 31001 });
        yields.Ports[80].Should().NotBe(31000);
        yields.Ports[81].Should().Be(31001);
        yields.Evictions.Should().BeEmpty();
    }

    [Fact]
    public void Allocator_Released_PortFreeForOthers()
    {
        var allocator = new GatewayPortAllocator();
        var first = allocator.Assign("demo.a", "demo/a", null, [80], []).Ports[80];

        allocator.Release("demo.a");
        var current = new Dictionary<int, int> { [80] = first };
        var taken = allocator.Assign("demo.b", "demo/b", Import("demo.b", GatewayPorts.Format(current), DateTimeOffset.UnixEpoch), [80], []);

        taken.Ports[80].Should().Be(first);
    }

    private static ServiceImport Import(string name, string ports, DateTimeOffset created) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = McsNames.DefaultImportsNamespace,
            Name = name,
            CreationTimestamp = created,
            Annotations = ImmutableDictionary<string, string>.Empty.Add(McsLabels.GatewayPortsAnnotation, ports),
        },
        Spec = new ServiceImportSpec { Type = ServiceImportTypes.ClusterSetIP },
    };
}
