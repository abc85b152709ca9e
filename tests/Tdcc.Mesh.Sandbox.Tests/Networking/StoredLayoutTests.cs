using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

public sealed class StoredLayoutTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tdcc-layout-").FullName;

    [Fact]
    public void Choose_NoState_TheResolvedLayout()
    {
        StoredLayout.Choose(_directory, NetworkMode.Auto, NetworkMode.Routed).Should().Be(NetworkMode.Routed);
        StoredLayout.Choose(null, NetworkMode.Isolated, NetworkMode.Isolated).Should().Be(NetworkMode.Isolated);
    }

    [Fact]
    public void Choose_StateFromBeforeLayoutsAndAuto_StaysOnLoopback()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "clusters"));

        StoredLayout.Choose(_directory, NetworkMode.Auto, NetworkMode.Routed).Should().Be(NetworkMode.Loopback);
    }

    [Fact]
    public void Choose_ExplicitLayoutWithAnotherAddressPlan_RefusedNamingFresh()
    {
        StoredLayout.Write(_directory, NetworkMode.Loopback);

        var act = () => StoredLayout.Choose(_directory, NetworkMode.Routed, NetworkMode.Routed);

        act.Should().Throw<NetworkSetupException>().WithMessage("*loopback layout*--network loopback*--fresh*");
    }

    [Fact]
    public void Choose_RoutedStateThenIsolated_SamePlanAllowed()
    {
        StoredLayout.Write(_directory, NetworkMode.Routed);

        StoredLayout.Choose(_directory, NetworkMode.Isolated, NetworkMode.Isolated).Should().Be(NetworkMode.Isolated);
        StoredLayout.Choose(_directory, NetworkMode.Auto, NetworkMode.Routed).Should().Be(NetworkMode.Routed);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
