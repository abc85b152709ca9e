using System.Text.Json;
using Tdcc.Mesh.Xds.Bootstrap;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Tests.Bootstrap;

public sealed class XdsBootstrapTests
{
    [Fact]
    public void ToJson_ProxylessClient_IsTheA27ShapeWithoutOptionalFields()
    {
        var node = XdsBootstrapNode.Create("west-1", "west", new XdsBootstrapLocality("west", "west-a"));

        using var json = JsonDocument.Parse(XdsBootstrap.Create("127.0.0.1:18000", node).ToJson());

        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal("xds_servers", "node");
        var server = root.GetProperty("xds_servers").EnumerateArray().Should().ContainSingle().Subject;
        server.GetProperty("server_uri").GetString().Should().Be("127.0.0.1:18000");
        server.GetProperty("channel_creds").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("type").GetString().Should().Be("insecure");
        server.GetProperty("server_features").EnumerateArray().Select(f => f.GetString()).Should().Equal("xds_v3");
        var nodeJson = root.GetProperty("node");
        nodeJson.EnumerateObject().Select(p => p.Name).Should().Equal("id", "cluster", "locality");
        nodeJson.GetProperty("id").GetString().Should().Be("west-1");
        nodeJson.GetProperty("cluster").GetString().Should().Be("west");
        nodeJson.GetProperty("locality").GetProperty("region").GetString().Should().Be("west");
        nodeJson.GetProperty("locality").GetProperty("zone").GetString().Should().Be("west-a");
    }

    [Theory]
    [InlineData(NodeRoles.EastWestGateway)]
    [InlineData(NodeRoles.IngressGateway)]
    public void ToJson_GatewayRole_InNodeMetadataUnderTdccRole(string role)
    {
        var node = XdsBootstrapNode.Create("gw-0", "east", new XdsBootstrapLocality("east", "east-a"), role);

        using var json = JsonDocument.Parse(XdsBootstrap.Create("127.0.0.1:18000", node).ToJson());

        var metadata = json.RootElement.GetProperty("node").GetProperty("metadata");
        metadata.EnumerateObject().Should().ContainSingle().Which.Name.Should().Be(NodeRoles.MetadataKey);
        metadata.GetProperty(NodeRoles.MetadataKey).GetString().Should().Be(role);
    }

    [Fact]
    public void ToJson_EmptyLocalityAndListenerTemplate_LocalityKeptAsEmptyObjectTemplateWritten()
    {
        var node = XdsBootstrapNode.Create("server-1", "east", new XdsBootstrapLocality(null, null));
        const string Template = "grpc/server/xds/listening_address/%s";

        using var json = JsonDocument.Parse(XdsBootstrap.Create("127.0.0.1:18000", node, Template).ToJson());

        json.RootElement.GetProperty("node").GetProperty("locality").EnumerateObject().Should().BeEmpty();
        json.RootElement.GetProperty("server_listener_resource_name_template").GetString().Should().Be(Template);
    }

    [Fact]
    public void Create_EmptyServerUri_Throws()
    {
        var node = XdsBootstrapNode.Create("west-1", "west", new XdsBootstrapLocality("west", "west-a"));

        var create = () => XdsBootstrap.Create("", node);

        create.Should().Throw<ArgumentException>();
    }
}
