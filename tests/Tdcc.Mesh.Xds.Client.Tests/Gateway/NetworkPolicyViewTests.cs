using Envoy.Config.Route.V3;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Translation;
using RbacPerRoute = Envoy.Extensions.Filters.Http.Rbac.V3.RBACPerRoute;

namespace Tdcc.Mesh.Xds.Client.Tests.Gateway;

/// <summary>The hub's east-west view with network policies, read back by the gateway: each exported port gets its RBAC, evaluated like Envoy's filter.</summary>
public sealed class NetworkPolicyViewTests
{
    private const string TrustDomain = "clusterset.local";

    private static ClusterSetModel Model(ServiceAccessModel access) => new(
        [
            new ServiceModel("demo", "echo", [new ServicePortModel("http", 8080, AppProtocol: "http")], Access: access),
            new ServiceModel("demo", "open", [new ServicePortModel("http", 8080, AppProtocol: "http")]),
        ],
        [
            new ServiceEndpointsModel("east", "demo", "echo", [new EndpointPortModel("http", 18080)], [new EndpointModel(["10.0.0.1"])]),
            new ServiceEndpointsModel("east", "demo", "open", [new EndpointPortModel("http", 18080)], [new EndpointModel(["10.0.0.2"])]),
        ],
        [new ClusterLocalityModel("east", "us-east", "us-east-1a")]);

    private static string Peer(string cluster) => $"spiffe://{TrustDomain}/cluster/{cluster}/gateway";

    [Fact]
    public void Translate_EastWestViewWithPolicy_InboundPortCarriesIt_DeniesWestOnly()
    {
        var access = new ServiceAccessModel(
        [
            new AccessRuleModel("demo/p", "deny-west", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], []),
            new AccessRuleModel("demo/p", "gets", AccessAction.Allow, [], [new AccessOperationModel(Methods: ["GET"])]),
        ],
            AccessAction.Deny,
            "demo/p");

        var configuration = XdsConfigurationTranslator.Translate(XdsViews.Of(GatewayTranslator.TranslateEastWest(Model(access), "east")), "east");

        var echo = configuration.Inbound.Single(p => p.Service.Name == "echo");
        configuration.Inbound.Single(p => p.Service.Name == "open").Access.Should().BeNull();
        echo.Access!.PolicyNames.Should().Equal("demo/p/deny-west", "demo/p/default");
        echo.Access.DeniedBy(Peer("west"), Headers("GET", "/")).Should().Be("demo/p/deny-west");
        echo.Access.DeniedBy(Peer("north"), Headers("GET", "/")).Should().BeNull();
        echo.Access.DeniedBy(Peer("north"), Headers("POST", "/")).Should().Be("demo/p/default");
        echo.Access.DeniedBy("spiffe://other/cluster/north/gateways", Headers("GET", "/")).Should().BeNull("the suffix does not match west: only rules that match deny");
    }

    [Fact]
    public void Translate_RbacTheGatewayCannotEvaluate_FormatExceptionNamingTheVirtualHost()
    {
        var access = new ServiceAccessModel([new AccessRuleModel("demo/p", "r", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], [])], AccessAction.Allow);
        var resources = GatewayTranslator.TranslateEastWest(Model(access), "east").ToList();
        var routes = resources.OfType<RouteConfiguration>().Single();
        var host = routes.VirtualHosts.Single(h => h.TypedPerFilterConfig.Count > 0);
        var perRoute = host.TypedPerFilterConfig[AccessPolicyTranslator.FilterName].Unpack<RbacPerRoute>();
        perRoute.Rbac.Rules.Policies["demo/p/r"].Principals[0] = new Envoy.Config.Rbac.V3.Principal { RemoteIp = new Envoy.Config.Core.V3.CidrRange { AddressPrefix = "10.0.0.0", PrefixLen = 8 } };
        host.TypedPerFilterConfig[AccessPolicyTranslator.FilterName] = Google.Protobuf.WellKnownTypes.Any.Pack(perRoute);

        var act = () => XdsConfigurationTranslator.Translate(XdsViews.Of(resources), "east");

        act.Should().Throw<FormatException>().WithMessage("*virtual host echo.demo.svc.clusterset.local:8080*RemoteIp is not supported*");
    }

    private static Func<string, string?> Headers(string method, string path) => name => name switch
    {
        ":method" => method,
        ":path" => path,
        _ => null,
    };
}
