using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Ingress;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;
using static Tdcc.Mesh.GatewayApi.Tests.Ingress.TestIngress;

namespace Tdcc.Mesh.GatewayApi.Tests.Ingress;

/// <summary>HTTPRoute and GRPCRoute resolution, named after the upstream conformance scenarios they reproduce.</summary>
public sealed class IngressResolverRouteTests
{
    [Fact]
    public void Resolve_HTTPRouteSimpleSameNamespace_AcceptedAndServedFromTheServiceEndpoints()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: gateway-conformance-infra-test}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            """);

        var parent = Parent(resolution, "gateway-conformance-infra-test");
        Condition(parent, RouteConditions.Accepted).Should().Be(("True", "Accepted"));
        Condition(parent, RouteConditions.ResolvedRefs).Should().Be(("True", "ResolvedRefs"));
        parent.Conditions.Should().OnlyContain(c => c.ObservedGeneration == 1 && c.LastTransitionTime == Epoch.AddHours(1));
        var listener = Programmed(resolution, "same-namespace", "http");
        listener.Port.Should().Be(80);
        listener.Protocol.Should().Be(IngressProtocol.Http);
        var rule = listener.Rules.Should().ContainSingle().Subject;
        rule.Route.Should().Be("HTTPRoute infra/gateway-conformance-infra-test");
        rule.Match.Path.Should().Be(new PathMatchModel(PathMatchKind.Prefix, "/"));
        rule.Hostnames.Should().BeEmpty();
        var backend = rule.Backends.Should().ContainSingle().Subject;
        backend.Kind.Should().Be(IngressBackendKind.Service);
        backend.Endpoints.Should().Equal("10.0.0.1:3000");
        Listener(resolution, "same-namespace", "http").AttachedRoutes.Should().Be(1);
        resolution.Configuration.Version.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Resolve_HTTPRouteCrossNamespace_RouteOfAnotherNamespaceAttachesWhereAllNamespacesAreAllowed()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: cross-namespace, namespace: web-backend}
            spec:
              parentRefs: [{name: all-namespaces, namespace: infra}]
              rules: [{backendRefs: [{name: web-backend, port: 8080}]}]
            """);

        var parent = Parent(resolution, "cross-namespace", "all-namespaces", "web-backend");
        Condition(parent, RouteConditions.Accepted).Should().Be(("True", "Accepted"));
        Condition(parent, RouteConditions.ResolvedRefs).Should().Be(("True", "ResolvedRefs"));
        Programmed(resolution, "all-namespaces", "http").Rules.Single().Backends.Single().Endpoints.Should().Equal("10.0.2.1:3000");
    }

    [Fact]
    public void Resolve_HTTPRouteInvalidCrossNamespaceParentRef_NotAllowedByListenersAndNotServed()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: invalid-cross-namespace-parent-ref, namespace: web-backend}
            spec:
              parentRefs: [{name: same-namespace, namespace: infra}]
              rules: [{backendRefs: [{name: web-backend, port: 8080}]}]
            """);

        Condition(Parent(resolution, "invalid-cross-namespace-parent-ref", routeNamespace: "web-backend"), RouteConditions.Accepted).Should().Be(("False", "NotAllowedByListeners"));
        Programmed(resolution, "same-namespace", "http").Rules.Should().BeEmpty();
        Listener(resolution, "same-namespace", "http").AttachedRoutes.Should().Be(0);
    }

    [Fact]
    public void Resolve_HTTPRouteInvalidCrossNamespaceBackendRef_RefNotPermittedAndItsShareAnswers500()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: invalid-cross-namespace-backend-ref}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{name: app-backend-v1, namespace: app-backend, port: 8080}]}]
            """);

        var parent = Parent(resolution, "invalid-cross-namespace-backend-ref");
        Condition(parent, RouteConditions.Accepted).Should().Be(("True", "Accepted"));
        Condition(parent, RouteConditions.ResolvedRefs).Should().Be(("False", "RefNotPermitted"));
        var backend = Programmed(resolution, "same-namespace", "http").Rules.Single().Backends.Single();
        backend.Kind.Should().Be(IngressBackendKind.Invalid);
        backend.Reason.Should().StartWith("RefNotPermitted");
        backend.Weight.Should().Be(1);
    }

    [Fact]
    public void Resolve_HTTPRouteInvalidBackendRefUnknownKind_InvalidKind()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: invalid-backend-ref-unknown-kind}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{group: unknownkind.example.com, kind: UnknownKind, name: infra-backend-v2, port: 8080}]}]
            """);

        Condition(Parent(resolution, "invalid-backend-ref-unknown-kind"), RouteConditions.ResolvedRefs).Should().Be(("False", "InvalidKind"));
        Programmed(resolution, "same-namespace", "http").Rules.Single().Backends.Single().Kind.Should().Be(IngressBackendKind.Invalid);
    }

    [Fact]
    public void Resolve_HTTPRouteInvalidNonExistentBackendRef_BackendNotFound()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: invalid-nonexistent-backend-ref}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{name: nonexistent, port: 8080}]}]
            """);

        Condition(Parent(resolution, "invalid-nonexistent-backend-ref"), RouteConditions.ResolvedRefs).Should().Be(("False", "BackendNotFound"));
    }

    [Theory]
    [InlineData("Service", "", "infra-backend-v1", 9999)]
    [InlineData("ServiceImport", "multicluster.x-k8s.io", "echo", 9999)]
    [InlineData("ServiceImport", "multicluster.x-k8s.io", "missing", 8080)]
    public void Resolve_BackendPortOrImportMissing_BackendNotFound(string kind, string group, string name, int port)
    {
        var resolution = Resolve($$"""
            kind: HTTPRoute
            metadata: {name: bad-port}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{group: "{{group}}", kind: {{kind}}, name: {{name}}, port: {{port}}}]}]
            """);

        Condition(Parent(resolution, "bad-port"), RouteConditions.ResolvedRefs).Should().Be(("False", "BackendNotFound"));
    }

    [Fact]
    public void Resolve_HTTPRouteReferenceGrant_CrossNamespaceBackendPermittedByTheGrant()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: reference-grant}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{name: app-backend-v1, namespace: app-backend, port: 8080}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: reference-grant, namespace: app-backend}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: infra}]
              to: [{group: "", kind: Service, name: app-backend-v1}]
            """);

        Condition(Parent(resolution, "reference-grant"), RouteConditions.ResolvedRefs).Should().Be(("True", "ResolvedRefs"));
        Programmed(resolution, "same-namespace", "http").Rules.Single().Backends.Single().Endpoints.Should().Equal("10.0.1.1:3000");
    }

    [Fact]
    public void Resolve_HTTPRoutePartiallyInvalidViaInvalidReferenceGrant_ValidRuleServedInvalidBackendKeepsItsShare()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: invalid-reference-grant}
            spec:
              parentRefs: [{name: same-namespace}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /v2}}]
                backendRefs: [{name: app-backend-v1, namespace: app-backend, port: 8080, weight: 3}]
              - backendRefs: [{name: infra-backend-v1, port: 8080}]
            ---
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: not-matching-from, namespace: app-backend}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web-backend}]
              to: [{group: "", kind: Service}]
            ---
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: not-matching-name, namespace: app-backend}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: infra}]
              to: [{group: "", kind: Service, name: app-backend-v2}]
            """);

        var parent = Parent(resolution, "invalid-reference-grant");
        Condition(parent, RouteConditions.Accepted).Should().Be(("True", "Accepted"));
        Condition(parent, RouteConditions.ResolvedRefs).Should().Be(("False", "RefNotPermitted"));
        var rules = Programmed(resolution, "same-namespace", "http").Rules;
        rules.Select(r => r.Match.Path!.Value).Should().Equal("/v2", "/");
        rules[0].Backends.Single().Should().Match<IngressBackend>(b => b.Kind == IngressBackendKind.Invalid && b.Weight == 3);
        rules[1].Backends.Single().Kind.Should().Be(IngressBackendKind.Service);
    }

    [Fact]
    public void Resolve_HTTPRouteWeight_ServiceAndServiceImportSplitByWeight()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: weighted-backends}
            spec:
              parentRefs: [{name: same-namespace}]
              rules:
              - backendRefs:
                - {name: infra-backend-v1, port: 8080, weight: 70}
                - {group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 8080, weight: 30}
                - {name: infra-backend-v2, port: 8080, weight: 0}
            """);

        Condition(Parent(resolution, "weighted-backends"), RouteConditions.ResolvedRefs).Should().Be(("True", "ResolvedRefs"));
        var backends = Programmed(resolution, "same-namespace", "http").Rules.Single().Backends;
        backends.Select(b => (b.Kind, b.Namespace, b.Name, b.Port, b.Weight)).Should().Equal(
            (IngressBackendKind.Service, "infra", "infra-backend-v1", 8080, 70),
            (IngressBackendKind.ServiceImport, "infra", "echo", 8080, 30),
            (IngressBackendKind.Service, "infra", "infra-backend-v2", 8080, 0));
        backends[1].Endpoints.Should().BeEmpty();
    }

    [Fact]
    public void Resolve_HTTPRouteHostnameIntersection_ListenerAndRouteHostnamesIntersectOrTheRouteIsRejected()
    {
        var resolution = Resolve("""
            kind: Gateway
            metadata: {name: httproute-hostname-intersection}
            spec:
              gatewayClassName: tdcc
              listeners:
              - {name: listener-1, port: 9080, protocol: HTTP, hostname: very.specific.com}
              - {name: listener-2, port: 9080, protocol: HTTP, hostname: "*.wildcard.io"}
              - {name: listener-3, port: 9080, protocol: HTTP, hostname: "*.anotherwildcard.io"}
            ---
            kind: HTTPRoute
            metadata: {name: specific-host-matches-listener-specific-host}
            spec:
              parentRefs: [{name: httproute-hostname-intersection}]
              hostnames: [non.matching.com, "*.nonmatchingwildcard.io", very.specific.com]
              rules: [{matches: [{path: {type: PathPrefix, value: /s1}}], backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            ---
            kind: HTTPRoute
            metadata: {name: specific-host-matches-listener-wildcard-host}
            spec:
              parentRefs: [{name: httproute-hostname-intersection}]
              hostnames: [non.matching.com, wildcard.io, foo.wildcard.io, bar.wildcard.io, foo.bar.wildcard.io]
              rules: [{matches: [{path: {type: PathPrefix, value: /s2}}], backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            ---
            kind: HTTPRoute
            metadata: {name: wildcard-host-matches-listener-specific-host}
            spec:
              parentRefs: [{name: httproute-hostname-intersection}]
              hostnames: [non.matching.com, "*.specific.com"]
              rules: [{matches: [{path: {type: PathPrefix, value: /s3}}], backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            ---
            kind: HTTPRoute
            metadata: {name: wildcard-host-matches-listener-wildcard-host}
            spec:
              parentRefs: [{name: httproute-hostname-intersection}]
              hostnames: ["*.anotherwildcard.io"]
              rules: [{matches: [{path: {type: PathPrefix, value: /s4}}], backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            ---
            kind: HTTPRoute
            metadata: {name: no-intersecting-hosts}
            spec:
              parentRefs: [{name: httproute-hostname-intersection}]
              hostnames: [specific.but.wrong.com, wildcard.io]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            """);

        foreach (var accepted in new[] { "specific-host-matches-listener-specific-host", "specific-host-matches-listener-wildcard-host", "wildcard-host-matches-listener-specific-host", "wildcard-host-matches-listener-wildcard-host" })
        {
            Condition(Parent(resolution, accepted, "httproute-hostname-intersection"), RouteConditions.Accepted).Should().Be(("True", "Accepted"), accepted);
        }

        Condition(Parent(resolution, "no-intersecting-hosts", "httproute-hostname-intersection"), RouteConditions.Accepted).Should().Be(("False", "NoMatchingListenerHostname"));
        Programmed(resolution, "httproute-hostname-intersection", "listener-1").Rules.Select(r => (r.Hostnames.Single(), r.Match.Path!.Value)).Should().Equal(
            ("very.specific.com", "/s1"), ("very.specific.com", "/s3"));
        Programmed(resolution, "httproute-hostname-intersection", "listener-2").Rules.Select(r => r.Hostnames.Single()).Should().Equal(
            "foo.bar.wildcard.io", "foo.wildcard.io", "bar.wildcard.io");
        Programmed(resolution, "httproute-hostname-intersection", "listener-3").Rules.Single().Hostnames.Should().Equal("*.anotherwildcard.io");
        Listener(resolution, "httproute-hostname-intersection", "listener-1").AttachedRoutes.Should().Be(2);
    }

    [Fact]
    public void Resolve_HTTPRouteListenerHostnameMatching_SectionNamePicksTheListenerOfOneHostname()
    {
        var resolution = Resolve("""
            kind: Gateway
            metadata: {name: httproute-listener-hostname-matching}
            spec:
              gatewayClassName: tdcc
              listeners:
              - {name: listener-1, port: 9081, protocol: HTTP, hostname: bar.com}
              - {name: listener-2, port: 9081, protocol: HTTP, hostname: foo.bar.com}
              - {name: listener-3, port: 9081, protocol: HTTP, hostname: "*.bar.com"}
              - {name: listener-4, port: 9081, protocol: HTTP, hostname: "*.foo.com"}
            ---
            kind: HTTPRoute
            metadata: {name: backend-v1}
            spec:
              parentRefs: [{name: httproute-listener-hostname-matching, sectionName: listener-1}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            ---
            kind: HTTPRoute
            metadata: {name: backend-v2}
            spec:
              parentRefs: [{name: httproute-listener-hostname-matching, sectionName: listener-2}]
              rules: [{backendRefs: [{name: infra-backend-v2, port: 8080}]}]
            ---
            kind: HTTPRoute
            metadata: {name: backend-v3}
            spec:
              parentRefs: [{name: httproute-listener-hostname-matching, sectionName: listener-3}, {name: httproute-listener-hostname-matching, sectionName: listener-4}]
              rules: [{backendRefs: [{name: app-backend-v1, namespace: app-backend, port: 8080}]}]
            """);

        var listeners = resolution.Configuration.Listeners.Where(l => l.Port == 9081).ToList();
        listeners.Select(l => (l.Name, l.Hostname, l.Rules.Single().Route)).Should().Equal(
            ("listener-1", "bar.com", "HTTPRoute infra/backend-v1"),
            ("listener-2", "foo.bar.com", "HTTPRoute infra/backend-v2"),
            ("listener-3", "*.bar.com", "HTTPRoute infra/backend-v3"),
            ("listener-4", "*.foo.com", "HTTPRoute infra/backend-v3"));
        resolution.HttpRoutes.Single(r => r.Metadata.Name == "backend-v3").Status!.Parents.Should().HaveCount(2);
        Condition(Listener(resolution, "httproute-listener-hostname-matching", "listener-1").Conditions, GatewayConditions.Conflicted).Should().Be(("False", "NoConflicts"));
    }

    [Fact]
    public void Resolve_HTTPRouteMatchingAcrossRoutes_RulesOrderedByTheSpecPrecedence()
    {
        var resolution = Resolve(
            """
            kind: HTTPRoute
            metadata: {name: matching-part1, creationTimestamp: "2025-06-01T00:00:00Z"}
            spec:
              parentRefs: [{name: same-namespace}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /}}]
                backendRefs: [{name: infra-backend-v1, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /example}, headers: [{name: version, value: one}]}]
                backendRefs: [{name: infra-backend-v1, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /v2}, method: POST}, {path: {type: PathPrefix, value: /v2}, headers: [{name: a, value: "1"}, {name: b, value: "2"}]}]
                backendRefs: [{name: infra-backend-v1, port: 8080}]
            """,
            """
            kind: HTTPRoute
            metadata: {name: matching-part2, creationTimestamp: "2025-01-01T00:00:00Z"}
            spec:
              parentRefs: [{name: same-namespace}]
              rules:
              - matches: [{path: {type: Exact, value: /v2}}]
                backendRefs: [{name: infra-backend-v2, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /v2/}, queryParams: [{name: q, value: x}], headers: [{name: a, value: "1"}, {name: b, value: "2"}]}]
                backendRefs: [{name: infra-backend-v2, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /example}, headers: [{name: version, value: one}]}]
                backendRefs: [{name: infra-backend-v2, port: 8080}]
            """);

        var rules = Programmed(resolution, "same-namespace", "http").Rules;
        rules.Select(r => (r.Route[(r.Route.IndexOf('/', StringComparison.Ordinal) + 1)..], r.RuleIndex, r.Match.Path!.Kind, r.Match.Path.Value)).Should().Equal(
            ("matching-part2", 0, PathMatchKind.Exact, "/v2"),
            ("matching-part2", 2, PathMatchKind.Prefix, "/example"),
            ("matching-part1", 1, PathMatchKind.Prefix, "/example"),
            ("matching-part1", 2, PathMatchKind.Prefix, "/v2"),
            ("matching-part2", 1, PathMatchKind.Prefix, "/v2"),
            ("matching-part1", 2, PathMatchKind.Prefix, "/v2"),
            ("matching-part1", 0, PathMatchKind.Prefix, "/"));
        rules[3].Match.Method.Should().Be("POST");
        rules[4].Match.QueryParameters.Should().Equal(new HeaderMatchModel("q", "x"));
        rules[5].Match.Headers.Select(h => h.Name).Should().Equal("a", "b");
    }

    [Fact]
    public void Resolve_HTTPRouteObservedGenerationBump_ConditionsFollowTheGenerationAndKeepTheirTransitionTime()
    {
        const string Route = """
            kind: HTTPRoute
            metadata: {name: observed-generation-bump, generation: GEN}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            """;
        var inputs = Inputs(Base, Route.Replace("GEN", "1", StringComparison.Ordinal));
        var first = IngressResolver.Resolve(inputs, Options, Epoch.AddHours(1));
        var written = Written(inputs, first);

        IngressResolver.Resolve(written, Options, Epoch.AddHours(2)).HttpRoutes.Should().BeEmpty("nothing changed, nothing is written");
        var bumped = written with { HttpRoutes = [.. written.HttpRoutes.Select(r => r with { Metadata = r.Metadata with { Generation = 2 } })] };
        var second = IngressResolver.Resolve(bumped, Options, Epoch.AddHours(2));

        var parent = Parent(second, "observed-generation-bump");
        parent.Conditions.Should().OnlyContain(c => c.ObservedGeneration == 2);
        parent.Conditions.Should().OnlyContain(c => c.LastTransitionTime == Epoch.AddHours(1));
    }

    [Fact]
    public void Resolve_OtherControllersParentEntries_KeptUntouched()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: shared}
            spec:
              parentRefs: [{name: same-namespace}, {name: someone-elses}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            status:
              parents:
              - parentRef: {name: someone-elses}
                controllerName: example.com/other
                conditions: [{type: Accepted, status: "True", reason: Accepted, message: theirs, lastTransitionTime: "2025-01-01T00:00:00Z"}]
            """);

        var parents = resolution.HttpRoutes.Single().Status!.Parents;
        parents.Select(p => (p.ParentRef.Name, p.ControllerName)).Should().Equal(("someone-elses", "example.com/other"), ("same-namespace", IngressControllerName.Value));
        parents[0].Conditions.Single().Message.Should().Be("theirs");
    }

    [Theory]
    [InlineData("sectionName: nonexistent", "NoMatchingParent")]
    [InlineData("port: 81", "NoMatchingParent")]
    [InlineData("sectionName: http, port: 80", "Accepted")]
    public void Resolve_HTTPRouteInvalidParentRefNotMatchingSectionNameOrPort_NoMatchingParent(string selector, string reason)
    {
        var resolution = Resolve($$"""
            kind: HTTPRoute
            metadata: {name: section}
            spec:
              parentRefs: [{name: same-namespace, {{selector}}}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            """);

        Condition(Parent(resolution, "section"), RouteConditions.Accepted).Reason.Should().Be(reason);
    }

    [Fact]
    public void Resolve_RoutesOfOtherGateways_NotWrittenNorServed()
    {
        var resolution = Resolve("""
            kind: GatewayClass
            metadata: {name: other}
            spec: {controllerName: example.com/other}
            ---
            kind: Gateway
            metadata: {name: theirs}
            spec: {gatewayClassName: other, listeners: [{name: http, port: 80, protocol: HTTP}]}
            ---
            kind: HTTPRoute
            metadata: {name: theirs}
            spec:
              parentRefs: [{name: theirs}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            """);

        resolution.HttpRoutes.Should().BeEmpty();
        resolution.Gateways.Select(g => g.Metadata.Name).Should().BeEquivalentTo("same-namespace", "all-namespaces");
        resolution.GatewayClasses.Select(g => g.Metadata.Name).Should().Equal("tdcc");
    }

    [Fact]
    public void Resolve_HTTPRouteFilters_EveryCoreAndExtendedFilterCarried()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: filters}
            spec:
              parentRefs: [{name: same-namespace}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /prefix}}]
                filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier: {set: [{name: X-Set, value: s}], add: [{name: X-Add, value: a}], remove: [X-Remove]}
                - type: ResponseHeaderModifier
                  responseHeaderModifier: {add: [{name: X-Resp, value: r}]}
                - type: URLRewrite
                  urlRewrite: {hostname: rewritten.example.com, path: {type: ReplacePrefixMatch, replacePrefixMatch: /one}}
                - type: RequestMirror
                  requestMirror: {backendRef: {name: infra-backend-v2, port: 8080}, fraction: {numerator: 1, denominator: 4}}
                backendRefs:
                - name: infra-backend-v1
                  port: 8080
                  filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Backend, value: v1}]}}]
                timeouts: {request: 10s, backendRequest: 0s}
                retry: {attempts: 2, codes: [502, 503], backoff: 100ms}
              - matches: [{path: {type: Exact, value: /redirect}}]
                filters:
                - type: RequestRedirect
                  requestRedirect: {scheme: https, hostname: example.org, port: 8443, statusCode: 301, path: {type: ReplaceFullPath, replaceFullPath: /new}}
            """);

        Condition(Parent(resolution, "filters"), RouteConditions.Accepted).Should().Be(("True", "Accepted"));
        var rules = Programmed(resolution, "same-namespace", "http").Rules;
        var redirect = rules[0];
        redirect.Filters.Single().Should().Be(new RedirectFilter("https", "example.org", new IngressPathModifier(true, "/new"), 8443, 301));
        redirect.Backends.Should().BeEmpty();
        var rule = rules[1];
        rule.Filters.Should().HaveCount(4);
        var request = rule.Filters[0].Should().BeOfType<HeaderModifierFilter>().Subject;
        (request.Response, request.Set.Single(), request.Add.Single(), request.Remove.Single()).Should().Be((false, KeyValuePair.Create("X-Set", "s"), KeyValuePair.Create("X-Add", "a"), "X-Remove"));
        rule.Filters[1].Should().BeOfType<HeaderModifierFilter>().Which.Response.Should().BeTrue();
        rule.Filters[2].Should().Be(new RewriteFilter("rewritten.example.com", new IngressPathModifier(false, "/one")));
        var mirror = rule.Filters[3].Should().BeOfType<MirrorFilter>().Subject;
        mirror.Percent.Should().Be(25);
        mirror.Backend.Endpoints.Should().Equal("10.0.0.2:3000");
        rule.Backends.Single().Filters.Single().Should().BeOfType<HeaderModifierFilter>().Which.Set.Single().Value.Should().Be("v1");
        rule.RequestTimeout.Should().Be(TimeSpan.FromSeconds(10));
        rule.BackendRequestTimeout.Should().BeNull();
        rule.Retry!.Attempts.Should().Be(2);
        rule.Retry.Codes.Should().Equal(502, 503);
        rule.Retry.Backoff.Should().Be(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Resolve_UnsupportedFilterOrBadRegex_NotAcceptedWithUnsupportedValueNamingTheField()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: unsupported}
            spec:
              parentRefs: [{name: same-namespace}]
              rules:
              - matches: [{path: {type: RegularExpression, value: "/(?=x)"}}]
                filters: [{type: ExtensionRef, extensionRef: {group: example.com, kind: Thing, name: t}}]
                backendRefs: [{name: infra-backend-v1, port: 8080}]
            """);

        var accepted = Parent(resolution, "unsupported").Conditions.Single(c => c.Type == RouteConditions.Accepted);
        (accepted.Status, accepted.Reason).Should().Be(("False", "UnsupportedValue"));
        accepted.Message.Should().Contain("spec.rules[0].filters[0]: filter ExtensionRef is not supported").And.Contain("spec.rules[0].matches[0].path.value");
        Programmed(resolution, "same-namespace", "http").Rules.Should().BeEmpty();
    }

    [Fact]
    public void Resolve_GRPCRouteExactMethodMatching_ServiceAndMethodBecomeTheExactPath()
    {
        var resolution = Resolve("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {name: exact-matching}
            spec:
              parentRefs: [{name: same-namespace}]
              rules:
              - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: Echo}}]
                backendRefs: [{name: infra-backend-v1, port: 8080}]
              - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: EchoTwo}}]
                backendRefs: [{name: infra-backend-v2, port: 8080}]
              - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho}, headers: [{name: X-Version, value: "3"}]}]
                backendRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo, port: 8080}]
            """);

        Condition(Parent(resolution, "exact-matching"), RouteConditions.Accepted).Should().Be(("True", "Accepted"));
        var rules = Programmed(resolution, "same-namespace", "http").Rules;
        rules.Select(r => (r.Route, r.Match.Path!.Kind, r.Match.Path.Value)).Should().Equal(
            ("GRPCRoute infra/exact-matching", PathMatchKind.Exact, "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/EchoTwo"),
            ("GRPCRoute infra/exact-matching", PathMatchKind.Exact, "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/Echo"),
            ("GRPCRoute infra/exact-matching", PathMatchKind.Prefix, "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/"));
        rules[2].Match.Headers.Should().Equal(new HeaderMatchModel("x-version", "3"));
        rules[2].Backends.Single().Kind.Should().Be(IngressBackendKind.ServiceImport);
    }

    [Fact]
    public void Resolve_GRPCRouteOnListenerAllowingOnlyHTTPRoutes_NotAllowedByListeners()
    {
        var resolution = Resolve("""
            kind: Gateway
            metadata: {name: http-only}
            spec:
              gatewayClassName: tdcc
              listeners: [{name: http, port: 9000, protocol: HTTP, allowedRoutes: {kinds: [{kind: HTTPRoute}]}}]
            ---
            kind: GRPCRoute
            metadata: {name: grpc}
            spec:
              parentRefs: [{name: http-only}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            """);

        Condition(Parent(resolution, "grpc", "http-only"), RouteConditions.Accepted).Should().Be(("False", "NotAllowedByListeners"));
        Listener(resolution, "http-only", "http").SupportedKinds.Select(k => k.Kind).Should().Equal("HTTPRoute");
    }

    [Fact]
    public void Resolve_AllowedRoutesFromSelector_OnlyNamespacesWithTheLabelsAttach()
    {
        var resolution = Resolve("""
            kind: Namespace
            metadata: {name: web-backend, labels: {ingress: allowed}}
            ---
            kind: Namespace
            metadata: {name: app-backend}
            ---
            kind: Gateway
            metadata: {name: by-selector}
            spec:
              gatewayClassName: tdcc
              listeners: [{name: http, port: 9001, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {ingress: allowed}}}}}]
            ---
            kind: HTTPRoute
            metadata: {name: web, namespace: web-backend}
            spec:
              parentRefs: [{name: by-selector, namespace: infra}]
              rules: [{backendRefs: [{name: web-backend, port: 8080}]}]
            ---
            kind: HTTPRoute
            metadata: {name: app, namespace: app-backend}
            spec:
              parentRefs: [{name: by-selector, namespace: infra}]
              rules: [{backendRefs: [{name: app-backend-v1, port: 8080}]}]
            """);

        Condition(Parent(resolution, "web", "by-selector", "web-backend"), RouteConditions.Accepted).Should().Be(("True", "Accepted"));
        Condition(Parent(resolution, "app", "by-selector", "app-backend"), RouteConditions.Accepted).Should().Be(("False", "NotAllowedByListeners"));
    }

    [Fact]
    public void Resolve_SameInputsTwice_SameVersionAndAnEndpointChangeChangesIt()
    {
        const string Route = """
            kind: HTTPRoute
            metadata: {name: versioned}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            """;
        var inputs = Inputs(Base, Route);

        var first = IngressResolver.Resolve(inputs, Options, Epoch).Configuration.Version;
        var again = IngressResolver.Resolve(inputs, Options, Epoch.AddHours(5)).Configuration.Version;
        var moved = inputs with { EndpointSlices = [.. inputs.EndpointSlices.Select(s => s with { Endpoints = [.. s.Endpoints.Select(e => e with { Addresses = ["10.9.9.9"] })] })] };

        again.Should().Be(first);
        IngressResolver.Resolve(moved, Options, Epoch).Configuration.Version.Should().NotBe(first);
    }

    [Fact]
    public void Resolve_HTTPRouteInvalidReferenceGrant_GrantInTheRoutesNamespacePermitsNothing()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: invalid-reference-grant}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{name: app-backend-v1, namespace: app-backend, port: 8080}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: wrong-namespace, namespace: infra}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: infra}]
              to: [{group: "", kind: Service, name: app-backend-v1}]
            """);

        Condition(Parent(resolution, "invalid-reference-grant"), RouteConditions.ResolvedRefs).Should().Be(("False", "RefNotPermitted"));
    }

    [Fact]
    public void Resolve_RouteNoLongerNamingOurGateway_OurParentEntryRemoved()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: moved}
            spec:
              parentRefs: [{name: elsewhere}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            status:
              parents:
              - parentRef: {name: same-namespace}
                controllerName: tdcc.io/gateway-controller
                conditions: [{type: Accepted, status: "True", reason: Accepted, message: old, lastTransitionTime: "2025-01-01T00:00:00Z"}]
            """);

        resolution.HttpRoutes.Single().Status!.Parents.Should().BeEmpty();
    }

    [Fact]
    public void Resolve_GatewayWithAttachedRoutes_EachListenerCountsTheRoutesAcceptedOnIt()
    {
        var resolution = Resolve("""
            kind: Gateway
            metadata: {name: gateway-with-attached-routes}
            spec:
              gatewayClassName: tdcc
              listeners:
              - {name: http, port: 9600, protocol: HTTP}
              - {name: http-unattached, port: 9601, protocol: HTTP, hostname: unattached.example.com}
              - {name: http-other, port: 9602, protocol: HTTP}
            ---
            kind: HTTPRoute
            metadata: {name: to-every-listener}
            spec:
              parentRefs: [{name: gateway-with-attached-routes}]
              hostnames: [other.example.com]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            ---
            kind: HTTPRoute
            metadata: {name: to-one-listener}
            spec:
              parentRefs: [{name: gateway-with-attached-routes, sectionName: http}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            ---
            kind: HTTPRoute
            metadata: {name: not-allowed, namespace: web-backend}
            spec:
              parentRefs: [{name: gateway-with-attached-routes, namespace: infra}]
              rules: [{backendRefs: [{name: web-backend, port: 8080}]}]
            """);

        Gateway(resolution, "gateway-with-attached-routes").Status!.Listeners!.Value.Select(l => (l.Name, l.AttachedRoutes)).Should().Equal(
            ("http", 2), ("http-unattached", 0), ("http-other", 1));
    }

    [Fact]
    public void Resolve_GatewayModifyListeners_StatusFollowsTheListenersOfTheSpec()
    {
        var inputs = Inputs(Base);
        var written = Written(inputs, IngressResolver.Resolve(inputs, Options, Epoch));
        var modified = written with
        {
            Gateways = [.. written.Gateways.Select(g => g.Metadata.Name != "same-namespace" ? g : g with
            {
                Metadata = g.Metadata with { Generation = 2 },
                Spec = g.Spec! with { Listeners = [new Listener { Name = "added", Port = 9700, Protocol = "HTTP" }] },
            })],
        };

        var gateway = IngressResolver.Resolve(modified, Options, Epoch.AddHours(1)).Gateways.Single();

        gateway.Status!.Listeners!.Value.Select(l => l.Name).Should().Equal("added");
        gateway.Status.Listeners.Value.Single().Conditions.Should().OnlyContain(c => c.ObservedGeneration == 2 && c.LastTransitionTime == Epoch.AddHours(1));
    }

    [Fact]
    public void Resolve_ReplacePrefixMatchOnAnExactMatch_UnsupportedValue()
    {
        var resolution = Resolve("""
            kind: HTTPRoute
            metadata: {name: rewrite-exact}
            spec:
              parentRefs: [{name: same-namespace}]
              rules:
              - matches: [{path: {type: Exact, value: /one}}]
                filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /two}}}]
                backendRefs: [{name: infra-backend-v1, port: 8080}]
            """);

        var accepted = Parent(resolution, "rewrite-exact").Conditions.Single(c => c.Type == RouteConditions.Accepted);
        (accepted.Status, accepted.Reason).Should().Be(("False", "UnsupportedValue"));
        accepted.Message.Should().Contain("ReplacePrefixMatch");
    }
}
