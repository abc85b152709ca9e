using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Translation;
using Tdcc.Mesh.Xds.Validation;
using ConfigRbac = Envoy.Config.Rbac.V3.RBAC;
using Principal = Envoy.Config.Rbac.V3.Principal;
using RbacPerRoute = Envoy.Extensions.Filters.Http.Rbac.V3.RBACPerRoute;

namespace Tdcc.Mesh.Xds.Tests.Translation;

public sealed class AccessPolicyTranslatorTests
{
    private static readonly ServiceAccessModel DenyWest = new(
        [new AccessRuleModel("demo/deny-west", "rule-0", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], [])],
        AccessAction.Allow);

    private static ClusterSetModel WithEchoAccess(ServiceAccessModel access)
    {
        var model = GatewayModels.ClusterSet();
        return model with { Services = [.. model.Services.Select(s => s.Name == "echo" ? s with { Access = access } : s)] };
    }

    [Fact]
    public void TranslateEastWest_GovernedService_RbacFilterBeforeRouter_PerRouteRbacOnItsVirtualHostsOnly()
    {
        var resources = GatewayTranslator.TranslateEastWest(WithEchoAccess(DenyWest), "east");

        var hcm = resources.OfType<Listener>().Single().FilterChains.Single().Filters.Single().TypedConfig.Unpack<HttpConnectionManager>();
        hcm.HttpFilters.Select(f => f.Name).Should().Equal(AccessPolicyTranslator.FilterName, "envoy.filters.http.router");
        hcm.HttpFilters[0].TypedConfig.TypeUrl.Should().Be("type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC");
        var hosts = resources.OfType<RouteConfiguration>().Single().VirtualHosts;
        hosts.Where(h => h.TypedPerFilterConfig.ContainsKey(AccessPolicyTranslator.FilterName)).Select(h => h.Name)
            .Should().BeEquivalentTo(GatewayModels.EchoGrpc, GatewayModels.EchoHttp);
        var rbac = hosts.First(h => h.Name == GatewayModels.EchoHttp).TypedPerFilterConfig[AccessPolicyTranslator.FilterName].Unpack<RbacPerRoute>().Rbac.Rules;
        rbac.Action.Should().Be(ConfigRbac.Types.Action.Deny);
        var policy = rbac.Policies.Should().ContainKey("demo/deny-west/rule-0").WhoseValue;
        policy.Permissions.Single().Any.Should().BeTrue();
        policy.Principals.Single().Authenticated.PrincipalName.Suffix.Should().Be("/cluster/west/gateway");
    }

    [Fact]
    public void TranslateEastWest_NoPolicies_ListenerHasOnlyTheRouter()
    {
        var hcm = GatewayTranslator.TranslateEastWest(GatewayModels.ClusterSet(), "east").OfType<Listener>().Single()
            .FilterChains.Single().Filters.Single().TypedConfig.Unpack<HttpConnectionManager>();

        hcm.HttpFilters.Select(f => f.Name).Should().Equal("envoy.filters.http.router");
    }

    [Fact]
    public void TranslateEastWest_ServiceNotExportedHere_NoRbac()
    {
        var model = GatewayModels.ClusterSet();
        model = model with { Services = [.. model.Services.Select(s => s.Name == "web" ? s with { Access = DenyWest } : s)] };

        var resources = GatewayTranslator.TranslateEastWest(model, "east");

        resources.OfType<RouteConfiguration>().Single().VirtualHosts.Should().OnlyContain(h => h.TypedPerFilterConfig.Count == 0);
        resources.OfType<Listener>().Single().FilterChains.Single().Filters.Single().TypedConfig.Unpack<HttpConnectionManager>().HttpFilters.Should().ContainSingle();
    }

    [Fact]
    public void Rbac_FirstMatchOrder_DenyExcludesEarlierAllows_DefaultDenyExcludesAllAllows()
    {
        var access = new ServiceAccessModel(
        [
            new AccessRuleModel("demo/p", "allow-north", AccessAction.Allow, [new AccessSourceModel(Clusters: ["north"])], []),
            new AccessRuleModel("demo/p", "deny-posts", AccessAction.Deny, [], [new AccessOperationModel(Methods: ["POST"])]),
            new AccessRuleModel("demo/p", "allow-api", AccessAction.Allow, [], [new AccessOperationModel(Paths: ["/api/*", "/health"])]),
        ],
            AccessAction.Deny,
            "demo/p");

        var rbac = AccessPolicyTranslator.Rbac(access, 8080)!;

        rbac.Policies.Keys.Should().Equal("demo/p/deny-posts", "demo/p/default");
        var denyPosts = rbac.Policies["demo/p/deny-posts"].Principals.Single();
        denyPosts.AndIds.Ids.Should().HaveCount(2);
        denyPosts.AndIds.Ids[0].Header.Name.Should().Be(":method");
        denyPosts.AndIds.Ids[0].Header.StringMatch.Exact.Should().Be("POST");
        denyPosts.AndIds.Ids[1].NotId.Authenticated.PrincipalName.Suffix.Should().Be("/cluster/north/gateway", "a POST from north is allowed by the earlier rule");
        var fallback = rbac.Policies["demo/p/default"].Principals.Single().NotId.OrIds.Ids;
        fallback.Should().HaveCount(2);
        fallback[1].OrIds.Ids.Select(p => p.UrlPath.Path.MatchPatternCase == Envoy.Type.Matcher.V3.StringMatcher.MatchPatternOneofCase.Prefix ? p.UrlPath.Path.Prefix + "*" : p.UrlPath.Path.Exact)
            .Should().Equal("/api/*", "/health");
    }

    [Fact]
    public void Rbac_PortsPickTheVirtualHosts_OnlyAllowsAndAllowDefault_Null()
    {
        var access = new ServiceAccessModel(
            [new AccessRuleModel("demo/p", "grpc-only", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], [new AccessOperationModel(Ports: [9090])])],
            AccessAction.Allow);

        AccessPolicyTranslator.Rbac(access, 9090)!.Policies.Keys.Should().Equal("demo/p/grpc-only");
        AccessPolicyTranslator.Rbac(access, 8080).Should().BeNull("the rule names another port and nothing else denies");
        AccessPolicyTranslator.Rbac(new ServiceAccessModel([access.Rules[0] with { Action = AccessAction.Allow }], AccessAction.Allow), 9090).Should().BeNull();
    }

    [Fact]
    public void Rbac_SourceNamespacesAndIdentities_AttestedHeadersAndedWithTheCluster()
    {
        var access = new ServiceAccessModel(
            [new AccessRuleModel("demo/p", "r", AccessAction.Deny, [new AccessSourceModel(["west"], ["batch"], ["batch/reporter"])], [])],
            AccessAction.Allow);

        var principal = AccessPolicyTranslator.Rbac(access, 8080)!.Policies["demo/p/r"].Principals.Single();

        principal.AndIds.Ids.Select(Describe).Should().Equal(
            "authenticated suffix /cluster/west/gateway",
            "header x-tdcc-source-namespace=batch",
            "header x-tdcc-source-workload=batch/reporter");
    }

    [Fact]
    public void TranslateEastWest_WithPolicies_PassesEnvoysConstraints()
    {
        var access = new ServiceAccessModel(
        [
            new AccessRuleModel("demo/p", "a", AccessAction.Allow, [new AccessSourceModel(Clusters: ["north", "south"]), new AccessSourceModel(Namespaces: ["ops"])], [new AccessOperationModel([8080], ["GET", "HEAD"], ["/api/*"])]),
            new AccessRuleModel("demo/p", "d", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], []),
        ],
            AccessAction.Deny,
            "demo/p");
        var validator = new ProtoConstraintValidator(new ProtoConstraintValidatorOptions { ReportUnknownAnyTypes = true });

        var resources = GatewayTranslator.TranslateEastWest(WithEchoAccess(access), "east");

        resources.SelectMany(resource => validator.Validate(resource).Select(v => $"{resource.Descriptor.Name}: {v}")).Should().BeEmpty();
        resources.OfType<RouteConfiguration>().Single().VirtualHosts.SelectMany(h => h.TypedPerFilterConfig.Values).Should().NotBeEmpty();
    }

    private static string Describe(Principal principal) => principal.IdentifierCase switch
    {
        Principal.IdentifierOneofCase.Authenticated => "authenticated suffix " + principal.Authenticated.PrincipalName.Suffix,
        Principal.IdentifierOneofCase.Header => $"header {principal.Header.Name}={principal.Header.StringMatch.Exact}",
        _ => principal.ToString(),
    };

}
