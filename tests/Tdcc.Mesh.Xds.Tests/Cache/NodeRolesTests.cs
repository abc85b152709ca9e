using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Tests.Cache;

public sealed class NodeRolesTests
{
    [Fact]
    public void ByClusterAndRole_NoMetadata_ClusterName()
    {
        NodeHashes.ByClusterAndRole.GetGroup(new Node { Id = "x", Cluster = "east" }).Should().Be("east");
    }

    [Theory]
    [InlineData("east-west-gateway", "east-west-gateway/east")]
    [InlineData("ingress-gateway", "ingress-gateway/east")]
    [InlineData("", "east")]
    [InlineData("sidecar", "sidecar/east")]
    public void ByClusterAndRole_RoleMetadata_RoleSlashCluster(string role, string group)
    {
        var node = new Node { Id = "x", Cluster = "east", Metadata = new Struct { Fields = { [NodeRoles.MetadataKey] = Value.ForString(role) } } };

        NodeHashes.ByClusterAndRole.GetGroup(node).Should().Be(group);
    }

    [Fact]
    public void ByClusterAndRole_NonStringRole_Proxyless()
    {
        var node = new Node { Id = "x", Cluster = "west", Metadata = new Struct { Fields = { [NodeRoles.MetadataKey] = Value.ForNumber(1) } } };

        NodeHashes.ByClusterAndRole.GetGroup(node).Should().Be("west");
        NodeRoles.Of(node).Should().BeNull();
    }

    [Fact]
    public void Group_ProxylessAndGateways()
    {
        NodeRoles.Group("east", null).Should().Be("east");
        NodeRoles.Group("east", NodeRoles.EastWestGateway).Should().Be("east-west-gateway/east");
        NodeRoles.Gateways.Should().Equal(NodeRoles.EastWestGateway, NodeRoles.IngressGateway);
    }
}
