using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Cache;

public sealed class SnapshotTests
{
    [Fact]
    public void Create_SameContentTwice_SameVersions()
    {
        var a = ClusterSetTranslator.TranslateSnapshot(TestResources.Model(("east", "10.0.0.1", true)), "east");
        var b = ClusterSetTranslator.TranslateSnapshot(TestResources.Model(("east", "10.0.0.1", true)), "east");

        foreach (var type in TypeUrls.PushOrder)
        {
            a.GetVersion(type).Should().Be(b.GetVersion(type));
        }
    }

    [Fact]
    public void Create_EndpointChanged_OnlyEdsVersionChanges()
    {
        var a = ClusterSetTranslator.TranslateSnapshot(TestResources.Model(("east", "10.0.0.1", true)), "east");
        var b = ClusterSetTranslator.TranslateSnapshot(TestResources.Model(("east", "10.0.0.2", true)), "east");

        b.GetVersion(TypeUrls.ClusterLoadAssignment).Should().NotBe(a.GetVersion(TypeUrls.ClusterLoadAssignment));
        b.GetVersion(TypeUrls.Cluster).Should().Be(a.GetVersion(TypeUrls.Cluster));
        b.GetVersion(TypeUrls.Listener).Should().Be(a.GetVersion(TypeUrls.Listener));
    }

    [Fact]
    public void Create_DuplicateName_Throws()
    {
        var act = () => Snapshot.Create([new Cluster { Name = "a" }, new Cluster { Name = "a" }]);

        act.Should().Throw<ArgumentException>().WithMessage("*Duplicate CDS resource 'a'*");
    }

    [Fact]
    public void Create_UnnamedResource_Throws()
    {
        var act = () => Snapshot.Create([new ClusterLoadAssignment()]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Consistent_TranslatedClusterset_IsConsistent()
    {
        var snapshot = ClusterSetTranslator.TranslateSnapshot(TestResources.Model(("east", "10.0.0.1", true)), "east");

        snapshot.Consistent().IsConsistent.Should().BeTrue();
    }

    [Fact]
    public void Consistent_MissingEndpointsAndRoutes_NamesThem()
    {
        var full = ClusterSetTranslator.Translate(TestResources.Model(("east", "10.0.0.1", true)), "east");
        var partial = Snapshot.Create(full.Where(message => message is not ClusterLoadAssignment and not Envoy.Config.Route.V3.RouteConfiguration));

        var result = partial.Consistent();

        result.IsConsistent.Should().BeFalse();
        result.MissingEndpoints.Should().Equal("echo.demo.svc.clusterset.local:9090");
        result.MissingRoutes.Should().Equal("echo.demo.svc.clusterset.local:9090");
    }

    [Fact]
    public void Get_TypeWithoutResources_EmptySetWithStableVersion()
    {
        Snapshot.Empty.Get(TypeUrls.Secret).Items.Should().BeEmpty();
        Snapshot.Empty.GetVersion(TypeUrls.Secret).Should().Be(Snapshot.Create(Array.Empty<XdsResource>()).GetVersion(TypeUrls.Secret));
    }
}
