using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Translation;

/// <summary>The gRFC A36 server listeners in the proxyless view: what grpc-js-xds's XdsServer validates and needs.</summary>
public sealed class ServerListenerTranslatorTests
{
    [Fact]
    public void Translate_ProxylessEast_OneServerListenerPerLocalEndpointAndPort_ReadyOrNot()
    {
        var listeners = ServerListeners(GatewayModels.ClusterSet(), "east");

        // 10.0.0.2 is not ready: it still gets its listeners, since a gRPC server opens its port only once it has one.
        listeners.Select(l => l.Name).Should().BeEquivalentTo(
            "grpc/server/xds/listening_address/10.0.0.1:19090",
            "grpc/server/xds/listening_address/10.0.0.1:18080",
            "grpc/server/xds/listening_address/10.0.0.1:17070",
            "grpc/server/xds/listening_address/10.0.0.2:19090",
            "grpc/server/xds/listening_address/10.0.0.2:18080");
        listeners.Should().OnlyContain(l => l.Name.EndsWith(l.Address.SocketAddress.Address + ":" + l.Address.SocketAddress.PortValue, StringComparison.Ordinal));
        listeners.Single(l => l.Name.EndsWith("10.0.0.1:19090", StringComparison.Ordinal)).Address.SocketAddress.PortValue.Should().Be(19090u);
    }

    [Fact]
    public void Translate_ServerListener_DefaultFilterChainWithInlineNonForwardingRouteAndRouterLast()
    {
        var listener = ServerListeners(GatewayModels.ClusterSet(), "east")
            .Single(l => l.Name == "grpc/server/xds/listening_address/10.0.0.1:19090");

        listener.ApiListener.Should().BeNull();
        listener.FilterChains.Should().BeEmpty();
        listener.ListenerFilters.Should().BeEmpty("grpc-js rejects listener_filters");
        listener.UseOriginalDst.Should().BeNull();
        listener.TrafficDirection.Should().Be(TrafficDirection.Inbound);
        var filter = listener.DefaultFilterChain.Filters.Should().ContainSingle().Subject;
        listener.DefaultFilterChain.TransportSocket.Should().BeNull("plaintext: the server's own credentials decide");
        var hcm = filter.TypedConfig.Unpack<HttpConnectionManager>();
        hcm.RouteSpecifierCase.Should().Be(HttpConnectionManager.RouteSpecifierOneofCase.RouteConfig);
        hcm.HttpFilters.Should().ContainSingle().Which.TypedConfig.TypeUrl.Should().Be("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router");
        var host = hcm.RouteConfig.VirtualHosts.Should().ContainSingle().Subject;
        host.Domains.Should().Equal("*");
        var route = host.Routes.Should().ContainSingle().Subject;
        route.Match.Prefix.Should().Be("/");
        route.ActionCase.Should().Be(Envoy.Config.Route.V3.Route.ActionOneofCase.NonForwardingAction);
    }

    [Fact]
    public void Translate_ProxylessWest_OnlyWestEndpoints()
    {
        var listeners = ServerListeners(GatewayModels.ClusterSet(), "west");

        listeners.Select(l => l.Name).Should().BeEquivalentTo(
            "grpc/server/xds/listening_address/10.1.0.1:19090",
            "grpc/server/xds/listening_address/10.1.0.1:18080",
            "grpc/server/xds/listening_address/10.1.0.2:8000");
    }

    [Fact]
    public void ClusterSetTranslator_ClientView_NoServerListeners()
    {
        ClusterSetTranslator.Translate(GatewayModels.ClusterSet(), "east").OfType<Listener>().Should().OnlyContain(l => l.ApiListener != null);
    }

    [Fact]
    public void Translate_TwoServicesOnOnePodPort_OneListener()
    {
        var model = new ClusterSetModel(
            [new ServiceModel("demo", "a", [new ServicePortModel("grpc", 9090)]), new ServiceModel("demo", "b", [new ServicePortModel("grpc", 9091)])],
            [
                new ServiceEndpointsModel("east", "demo", "a", [new EndpointPortModel("grpc", 50051)], [new EndpointModel(["10.0.0.9"])]),
                new ServiceEndpointsModel("east", "demo", "b", [new EndpointPortModel("grpc", 50051)], [new EndpointModel(["10.0.0.9"])]),
            ],
            []);

        var snapshot = NodeGroupTranslator.Translate(model, ["east"])["east"];

        snapshot.Get(TypeUrls.Listener).Items.Keys.Should().ContainSingle(name => name.StartsWith("grpc/server/", StringComparison.Ordinal))
            .Which.Should().Be("grpc/server/xds/listening_address/10.0.0.9:50051");
    }

    [Fact]
    public void ServerListenerNames_Ipv6_InBrackets()
    {
        ServerListenerNames.For("fd00::1", 8443).Should().Be("grpc/server/xds/listening_address/[fd00::1]:8443");
        ServerListenerNames.For("10.0.0.1", 8443).Should().Be("grpc/server/xds/listening_address/10.0.0.1:8443");
    }

    [Fact]
    public void Translate_WithServerListeners_Consistent()
    {
        NodeGroupTranslator.Translate(GatewayModels.ClusterSet(), ["east"])["east"].Consistent().IsConsistent.Should().BeTrue();
    }

    /// <summary>The server listeners of a cluster's proxyless group, decoded again from their wire bytes.</summary>
    private static List<Listener> ServerListeners(ClusterSetModel model, string cluster) =>
        [.. NodeGroupTranslator.Translate(model, [cluster])[cluster].Get(TypeUrls.Listener).Items.Values
            .Where(resource => resource.Name.StartsWith("grpc/server/xds/listening_address/", StringComparison.Ordinal))
            .Select(resource => Listener.Parser.ParseFrom(resource.Packed.Value))];
}
