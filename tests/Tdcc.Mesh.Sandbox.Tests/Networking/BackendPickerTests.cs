using System.Collections.Immutable;
using System.Net;
using Tdcc.Mesh.Sandbox.Networking;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

public sealed class BackendPickerTests
{
    private static readonly ImmutableArray<IPEndPoint> Backends = [Ep("100.65.1.1"), Ep("100.65.1.2"), Ep("100.65.1.3")];
    private static readonly IPAddress ClientA = IPAddress.Parse("100.65.17.1");

    [Fact]
    public void Pick_NoAffinity_RoundRobinWithTheOthersAsFallbacks()
    {
        var picker = new BackendPicker(TimeProvider.System);
        var frontend = new ServiceFrontend(Ep("100.65.8.10"), Backends, null);

        var firsts = Enumerable.Range(0, 6).Select(_ => picker.Pick(frontend, ClientA)).ToList();

        firsts.Select(p => p[0]).Should().Equal(Backends[0], Backends[1], Backends[2], Backends[0], Backends[1], Backends[2]);
        firsts[1].Should().Equal(Backends[1], Backends[2], Backends[0]);
    }

    [Fact]
    public void Pick_ClientIpAffinity_SameBackendUntilItExpires()
    {
        var time = new FakeTimeProvider();
        var picker = new BackendPicker(time);
        var frontend = new ServiceFrontend(Ep("100.65.8.10"), Backends, TimeSpan.FromSeconds(30));

        var first = picker.Pick(frontend, ClientA)[0];
        Enumerable.Range(0, 5).Select(_ => picker.Pick(frontend, ClientA)[0]).Should().AllBeEquivalentTo(first);
        picker.Pick(frontend, IPAddress.Parse("100.65.17.2"))[0].Should().NotBe(first, "another client takes the next backend");

        time.Advance(TimeSpan.FromSeconds(31));
        picker.Pick(frontend, ClientA)[0].Should().NotBe(first, "the affinity expired and round robin moved on");
    }

    [Fact]
    public void Pick_AffinityBackendGone_AnotherBackend()
    {
        var picker = new BackendPicker(TimeProvider.System);
        var frontend = new ServiceFrontend(Ep("100.65.8.10"), Backends, TimeSpan.FromHours(3));
        var first = picker.Pick(frontend, ClientA)[0];

        var without = frontend with { Backends = Backends.Remove(first) };

        picker.Pick(without, ClientA)[0].Should().NotBe(first);
    }

    [Fact]
    public void Pick_NoBackends_Empty()
    {
        new BackendPicker(TimeProvider.System).Pick(new ServiceFrontend(Ep("100.65.8.10"), [], null), ClientA).Should().BeEmpty();
    }

    private static IPEndPoint Ep(string ip) => new(IPAddress.Parse(ip), 8080);
}
