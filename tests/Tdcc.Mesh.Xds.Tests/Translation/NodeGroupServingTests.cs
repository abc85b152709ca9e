using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Tests.Server;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Translation;

/// <summary>
/// The node groups over the wire: our ADS server with <see cref="NodeHashes.ByClusterAndRole"/> and the snapshots of
/// <see cref="NodeGroupTranslator"/> serves an Envoy-shaped node (wildcard LDS/CDS, <c>TDCC_ROLE</c> in its metadata)
/// its gateway view, and a node without the role the proxyless view of the same cluster.
/// </summary>
public sealed class NodeGroupServingTests : IAsyncLifetime
{
    private XdsTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await XdsTestServer.StartAsync(NodeHashes.ByClusterAndRole);
        foreach (var (group, snapshot) in NodeGroupTranslator.Translate(GatewayModels.ClusterSet(), ["east", "west"]))
        {
            _server.Cache.SetSnapshot(group, snapshot);
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(NodeRoles.EastWestGateway, "east-west-gateway")]
    [InlineData(NodeRoles.IngressGateway, "ingress-gateway")]
    public async Task WildcardListeners_GatewayRole_OnlyTheGatewayListener(string role, string listener)
    {
        await using var client = Ads.Sotw(_server.Address);

        await client.SendAsync(Ads.Request(TypeUrls.Listener, [], Gateway(role, "east")));
        var response = await client.ReceiveAsync();

        response.Resources.Select(any => any.Unpack<Listener>().Name).Should().Equal(listener);
        _server.Status.GetStatus().Nodes.Single().Group.Should().Be(role + "/east");
    }

    [Fact]
    public async Task WildcardClusters_EastWestGateway_InboundClustersOfItsOwnExports()
    {
        await using var client = Ads.Sotw(_server.Address);

        await client.SendAsync(Ads.Request(TypeUrls.Cluster, [], Gateway(NodeRoles.EastWestGateway, "west")));
        var response = await client.ReceiveAsync();

        response.Resources.Select(any => any.Unpack<Cluster>().Name).Where(name => name.StartsWith("inbound|", StringComparison.Ordinal)).Should().BeEquivalentTo(
            "inbound|9090|echo.demo.svc.clusterset.local", "inbound|8080|echo.demo.svc.clusterset.local", "inbound|80|web.demo.svc.clusterset.local");
        response.Resources.Select(any => any.Unpack<Cluster>().Name).Where(name => name.StartsWith("outbound|", StringComparison.Ordinal)).Should().Contain(
            "outbound|7070|stream.demo.svc.clusterset.local", "every clusterset service port has its outbound cluster");
    }

    [Fact]
    public async Task WildcardListeners_NoRole_ProxylessViewOfTheCluster()
    {
        await using var client = Ads.Sotw(_server.Address);

        await client.SendAsync(Ads.Request(TypeUrls.Listener, [], Ads.Node("grpc-east-0", "east")));
        var names = (await client.ReceiveAsync()).Resources.Select(any => any.Unpack<Listener>().Name).ToList();

        names.Should().Contain(GatewayModels.EchoGrpc).And.Contain("grpc/server/xds/listening_address/10.0.0.1:19090");
        names.Should().NotContain(["east-west-gateway", "ingress-gateway"]);
        _server.Status.GetStatus().Nodes.Single().Group.Should().Be("east");
    }

    private static Envoy.Config.Core.V3.Node Gateway(string role, string cluster)
    {
        var node = Ads.Node(role + "-" + cluster + "-0", cluster);
        node.Metadata = new Struct { Fields = { [NodeRoles.MetadataKey] = Value.ForString(role) } };
        return node;
    }

}
