using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Mesh;
using Tdcc.Mesh.MeshModel;
using static Tdcc.Mesh.GatewayApi.Tests.Mesh.TestRoutes;

namespace Tdcc.Mesh.GatewayApi.Tests.Mesh;

public sealed class RouteResolverTests
{
    private const string Canary = """
        metadata: {name: echo-canary}
        spec:
          parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 9090}]
          rules:
          - backendRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 9090}]
          - matches: [{headers: [{name: X-Version, value: v2}]}]
            backendRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo-v2, port: 9090}]
        """;

    [Fact]
    public void Resolve_GrpcCanaryByHeader_HeaderRuleFirstThenDefault()
    {
        var resolution = Resolve(ParseGrpc(Canary));

        var ports = resolution.RoutesOf("demo", "echo");
        ports.Should().ContainSingle().Which.Port.Should().Be(9090);
        var rules = ports![0].Rules;
        rules.Select(r => r.Name).Should().Equal("GRPCRoute demo/echo-canary rule 1", "GRPCRoute demo/echo-canary rule 0");
        rules[0].Matches.Should().ContainSingle().Which.Headers.Should().Equal(new HeaderMatchModel("x-version", "v2"));
        rules[0].Backends.Should().Equal(new RouteBackendModel("demo", "echo-v2", 9090));
        rules[1].Matches.Should().BeEmpty();
        rules[1].Backends.Should().Equal(new RouteBackendModel("demo", "echo", 9090));
        resolution.RoutesOf("demo", "echo-v2").Should().BeNull();
        var parent = resolution.Verdicts.Should().ContainSingle().Subject.Parents.Should().ContainSingle().Subject;
        Condition(parent, RouteConditions.Accepted).Should().Be(("True", "Accepted", "attached to port 9090 of ServiceImport demo/echo"));
        Condition(parent, RouteConditions.ResolvedRefs).Should().Be(("True", "ResolvedRefs", "every backend is a clusterset service"));
        parent.Conditions.Should().OnlyContain(c => c.ObservedGeneration == 3);
    }

    [Fact]
    public void Resolve_GrpcMethodMatches_OrderedByServiceThenMethodCharactersThenHeaders()
    {
        var route = ParseGrpc("""
            metadata: {name: methods}
            spec:
              parentRefs: [{group: "", kind: Service, name: echo, port: 9090}]
              rules:
              - name: any
                backendRefs: [{name: echo}]
              - name: method-only
                matches: [{method: {method: Echo}}]
                backendRefs: [{name: echo}]
              - name: service
                matches: [{method: {service: tdcc.echo.v1.Echo}}]
                backendRefs: [{name: echo}]
              - name: service-headers
                matches: [{method: {service: tdcc.echo.v1.Echo}, headers: [{name: a, value: b}]}]
                backendRefs: [{name: echo}]
              - name: exact
                matches: [{method: {service: tdcc.echo.v1.Echo, method: Echo}}]
                backendRefs: [{name: echo-v2}]
            """);

        var rules = Resolve(route).RoutesOf("demo", "echo")![0].Rules;

        rules.Select(r => r.Name[(r.Name.LastIndexOf(' ') + 1)..]).Should().Equal("exact", "service-headers", "service", "method-only", "any");
        rules[0].Matches[0].Path.Should().Be(new PathMatchModel(PathMatchKind.Exact, "/tdcc.echo.v1.Echo/Echo"));
        rules[0].Backends.Should().Equal(new[] { new RouteBackendModel("demo", "echo-v2", 9090) }, "a backend without port takes the parent port");
        rules[3].Matches[0].Path.Should().Be(new PathMatchModel(PathMatchKind.RegularExpression, "/[^/]+/Echo"));
    }

    [Fact]
    public void Resolve_TwoRoutesOnOnePort_MergedWithTiesToTheOlderThenByName()
    {
        const string Template = """
            metadata: {name: NAME}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 9090}]
              rules:
              - matches: [{method: {service: tdcc.echo.v1.Echo}}]
                backendRefs: [{name: BACKEND}]
            """;
        var young = ParseGrpc(Template.Replace("NAME", "a-young", StringComparison.Ordinal).Replace("BACKEND", "echo", StringComparison.Ordinal), ageSeconds: 10);
        var old = ParseGrpc(Template.Replace("NAME", "z-old", StringComparison.Ordinal).Replace("BACKEND", "echo-v2", StringComparison.Ordinal), ageSeconds: 20);
        var twin = ParseGrpc(Template.Replace("NAME", "b-twin", StringComparison.Ordinal).Replace("BACKEND", "echo", StringComparison.Ordinal), ageSeconds: 10);

        var rules = Resolve(young, twin, old).RoutesOf("demo", "echo")!.Single().Rules;

        rules.Select(r => r.Name).Should().Equal("GRPCRoute demo/z-old rule 0", "GRPCRoute demo/a-young rule 0", "GRPCRoute demo/b-twin rule 0");
    }

    [Fact]
    public void Resolve_ParentWithoutPort_AttachesToEveryPort()
    {
        var route = ParseHttp("""
            metadata: {name: all-ports}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo}]
              rules:
              - backendRefs: [{name: echo-v2, weight: 1}, {name: echo, weight: 9}]
            """);

        var resolution = Resolve(route);

        var ports = resolution.RoutesOf("demo", "echo")!;
        ports.Select(p => p.Port).Should().Equal(8080, 9090);
        ports[0].Rules.Single().Backends.Should().Equal(new RouteBackendModel("demo", "echo-v2", 8080, 1), new RouteBackendModel("demo", "echo", 8080, 9));
        ports[1].Rules.Single().Backends.Should().Equal(new RouteBackendModel("demo", "echo-v2", 9090, 1), new RouteBackendModel("demo", "echo", 9090, 9));
        Condition(resolution.Verdicts[0].Parents[0], RouteConditions.Accepted).Message.Should().Be("attached to ports 8080, 9090 of ServiceImport demo/echo");
    }

    [Fact]
    public void Resolve_SectionName_SelectsThePortOfThatName()
    {
        var route = ParseHttp("""
            metadata: {name: by-name}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, sectionName: http}]
              rules: [{backendRefs: [{name: echo}]}]
            """);

        Resolve(route).RoutesOf("demo", "echo")!.Select(p => p.Port).Should().Equal(8080);
    }

    [Fact]
    public void Resolve_HttpMatches_OrderedByExactThenLongestPrefixThenHeaders()
    {
        var route = ParseHttp("""
            metadata: {name: paths}
            spec:
              parentRefs: [{group: core, kind: Service, name: echo, port: 8080}]
              rules:
              - name: root
                backendRefs: [{name: echo}]
              - name: api
                matches: [{path: {type: PathPrefix, value: /api/}}]
                backendRefs: [{name: echo}]
              - name: api-v2
                matches: [{path: {type: PathPrefix, value: /api/v2}}]
                backendRefs: [{name: echo-v2}]
              - name: api-header
                matches: [{path: {type: PathPrefix, value: /api}, headers: [{name: x-canary, value: "yes"}]}]
                backendRefs: [{name: echo-v2}]
              - name: regex
                matches: [{path: {type: RegularExpression, value: "/items/[0-9]+"}}]
                backendRefs: [{name: echo}]
              - name: health
                matches: [{path: {type: Exact, value: /healthz}}]
                backendRefs: [{name: echo}]
            """);

        var rules = Resolve(route).RoutesOf("demo", "echo")!.Single().Rules;

        rules.Select(r => r.Name[(r.Name.LastIndexOf(' ') + 1)..]).Should().Equal("health", "regex", "api-v2", "api-header", "api", "root");
        rules[2].Matches.Select(m => m.Path).Should().Equal(new PathMatchModel(PathMatchKind.Exact, "/api/v2"), new PathMatchModel(PathMatchKind.Prefix, "/api/v2/"));
        rules[3].Matches.Should().OnlyContain(m => m.Headers!.Single() == new HeaderMatchModel("x-canary", "yes", HeaderMatchKind.Exact));
        rules[5].Matches.Should().Equal(new RouteMatchModel(new PathMatchModel(PathMatchKind.Prefix, "/")));
    }

    [Fact]
    public void Resolve_RuleWithSeveralMatches_OneRulePerMatchSortedSeparately()
    {
        var route = ParseHttp("""
            metadata: {name: multi}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 8080}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /a}}, {path: {type: Exact, value: /b}}]
                backendRefs: [{name: echo}]
                timeouts: {request: 1m30s}
            """);

        var rules = Resolve(route).RoutesOf("demo", "echo")!.Single().Rules;

        rules.Select(r => r.Name).Should().Equal("HTTPRoute demo/multi rule 0 match 1", "HTTPRoute demo/multi rule 0 match 0");
        rules.Should().OnlyContain(r => r.Timeout == TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void Resolve_ConsumerRoute_NotAcceptedAsUnsupportedValue()
    {
        var route = ParseGrpc("""
            metadata: {name: consumer, namespace: other}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, namespace: demo, port: 9090}]
              rules: [{backendRefs: [{name: api}]}]
            """);

        var resolution = Resolve(route);

        resolution.Services.Should().BeEmpty();
        var (status, reason, message) = Condition(resolution.Verdicts[0].Parents[0], RouteConditions.Accepted);
        (status, reason).Should().Be(("False", "UnsupportedValue"));
        message.Should().Be("ServiceImport demo/echo is in namespace demo and the route in other: consumer routes are not supported yet; create the route in namespace demo (a producer route)");
    }

    [Theory]
    [InlineData("{group: multicluster.x-k8s.io, kind: ServiceImport, name: nope}", "ServiceImport demo/nope is not a clusterset service (no ServiceImport demo/nope on the hub)")]
    [InlineData("{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 9091}", "ServiceImport demo/echo has no port 9091 (it has ports 8080, 9090)")]
    [InlineData("{group: '', kind: Service, name: echo, sectionName: admin}", "Service demo/echo has no port named admin (it has ports 8080, 9090)")]
    public void Resolve_UnknownParentOrPort_NoMatchingParent(string parentRef, string message)
    {
        var route = ParseGrpc($"""
            metadata: {"{"}name: lost{"}"}
            spec:
              parentRefs: [{parentRef}]
              rules: [{"{"}backendRefs: [{"{"}name: echo, port: 9090{"}"}]{"}"}]
            """);

        var resolution = Resolve(route);

        resolution.Services.Should().BeEmpty();
        Condition(resolution.Verdicts[0].Parents[0], RouteConditions.Accepted).Should().Be(("False", "NoMatchingParent", message));
    }

    [Fact]
    public void Resolve_GatewayParent_LeftToItsController()
    {
        var route = ParseHttp("""
            metadata: {name: north-south}
            spec:
              parentRefs: [{name: public-gateway}]
              rules: [{backendRefs: [{name: echo, port: 8080}]}]
            """);

        var resolution = Resolve(route);

        resolution.Services.Should().BeEmpty();
        resolution.Verdicts.Single().Parents.Should().BeEmpty();
    }

    [Fact]
    public void Resolve_BadBackends_ReportedAndLeftOut()
    {
        var route = ParseGrpc("""
            metadata: {name: backends}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 9090}]
              rules:
              - matches: [{headers: [{name: x-version, value: v3}]}]
                backendRefs: [{name: echo-v3, port: 9090}]
              - backendRefs:
                - {name: api, namespace: other, port: 9090}
                - {group: apps, kind: Deployment, name: echo}
                - {name: echo-v2, port: 7000}
                - {name: echo, port: 9090}
            """);

        var resolution = Resolve(route);

        var rules = resolution.RoutesOf("demo", "echo")!.Single().Rules;
        rules[0].Backends.Should().BeEmpty("the translator turns a rule without backends into an error response");
        rules[1].Backends.Should().Equal(new RouteBackendModel("demo", "echo", 9090));
        var parent = resolution.Verdicts[0].Parents[0];
        Condition(parent, RouteConditions.Accepted).Status.Should().Be("True");
        Condition(parent, RouteConditions.ResolvedRefs).Should().Be((
            "False",
            "BackendNotFound",
            "spec.rules[0].backendRefs[0]: Service demo/echo-v3 is not a clusterset service; "
            + "spec.rules[1].backendRefs[0]: Service other/api is in another namespace than the route; cross-namespace backends need a ReferenceGrant, which the mesh does not support yet; "
            + "spec.rules[1].backendRefs[1]: Deployment of group 'apps' is not a backend the mesh can send to (Service or ServiceImport); "
            + "spec.rules[1].backendRefs[2]: Service demo/echo-v2 has no port 7000"));
    }

    [Theory]
    [InlineData("RefNotPermitted", "{name: api, namespace: other, port: 9090}")]
    [InlineData("InvalidKind", "{group: gateway.networking.k8s.io, kind: Gateway, name: echo}")]
    [InlineData("BackendNotFound", "{group: multicluster.x-k8s.io, kind: ServiceImport, name: nope, port: 9090}")]
    public void Resolve_OneBadBackend_ItsReason(string reason, string backendRef)
    {
        var route = ParseGrpc($$"""
            metadata: {name: one}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 9090}]
              rules: [{backendRefs: [{{backendRef}}]}]
            """);

        var parent = Resolve(route).Verdicts[0].Parents[0];

        Condition(parent, RouteConditions.ResolvedRefs).Reason.Should().Be(reason);
    }

    [Fact]
    public void Resolve_UnsupportedFields_NotAcceptedNamingEachField()
    {
        var route = ParseHttp("""
            metadata: {name: fancy}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 8080}]
              rules:
              - matches:
                - path: {type: PathPrefix, value: /}
                  method: POST
                  queryParams: [{name: debug, value: "1"}]
                filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: a, value: b}]}}]
                backendRefs: [{name: echo, filters: [{type: RequestMirror, requestMirror: {backendRef: {name: echo-v2, port: 8080}}}]}]
                timeouts: {backendRequest: 1s}
            """);

        var resolution = Resolve(route);

        resolution.Services.Should().BeEmpty();
        Condition(resolution.Verdicts[0].Parents[0], RouteConditions.Accepted).Should().Be((
            "False",
            "UnsupportedValue",
            "spec.rules[0].filters[0]: filter RequestHeaderModifier is not supported; "
            + "spec.rules[0].backendRefs[0].filters[0]: filter RequestMirror is not supported; "
            + "spec.rules[0].timeouts.backendRequest is not supported; "
            + "spec.rules[0].matches[0].method: HTTP method matches are not supported; "
            + "spec.rules[0].matches[0].queryParams: query parameter matches are not supported"));
        resolution.Verdicts[0].Rejected.Should().ContainSingle();
    }

    [Fact]
    public void Resolve_InvalidRegularExpression_NotAccepted()
    {
        var route = ParseGrpc("""
            metadata: {name: regex}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 9090}]
              rules:
              - matches: [{headers: [{type: RegularExpression, name: x-user, value: "(?!admin).*"}]}]
                backendRefs: [{name: echo}]
            """);

        Condition(Resolve(route).Verdicts[0].Parents[0], RouteConditions.Accepted).Should().Be((
            "False", "UnsupportedValue", "spec.rules[0].matches[0].headers[0].value: '(?!' is not supported by RE2"));
    }

    [Fact]
    public void Resolve_GrpcAndHttpRouteOnOnePort_OlderKindWins()
    {
        var grpc = ParseGrpc("""
            metadata: {name: grpc-route}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo}]
              rules: [{backendRefs: [{name: echo-v2}]}]
            """, ageSeconds: 100);
        var http = ParseHttp("""
            metadata: {name: http-route}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 9090}]
              rules: [{backendRefs: [{name: echo}]}]
            """, ageSeconds: 1);

        var resolution = RouteResolver.Resolve([grpc], [http], Services);

        resolution.RoutesOf("demo", "echo")!.Select(p => (p.Port, p.Rules.Single().Name)).Should().Equal(
            (8080, "GRPCRoute demo/grpc-route rule 0"), (9090, "GRPCRoute demo/grpc-route rule 0"));
        Condition(resolution.Verdicts[1].Parents[0], RouteConditions.Accepted).Should().Be((
            "False", "NotAllowedByListeners", "port 9090 of ServiceImport demo/echo already carry GRPCRoute demo/grpc-route, which is older; GRPCRoutes and HTTPRoutes do not merge on one port"));
    }

    private static (string Status, string? Reason, string? Message) Condition(ParentVerdict parent, string type)
    {
        var condition = parent.Conditions.Single(c => c.Type == type);
        return (condition.Status, condition.Reason, condition.Message);
    }
}
