using System.Diagnostics;
using System.Net;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;
using static Tdcc.Mesh.Gateway.Tests.Ingress.IngressRig;

namespace Tdcc.Mesh.Gateway.Tests.Ingress;

/// <summary>
/// The ingress data path against the scenarios of the Gateway API's HTTPRoute conformance suite (named after them),
/// with the configuration a controller would produce (rules already in precedence order) and real HTTP requests to
/// east's ingress listener on loopback.
/// </summary>
public sealed class HttpRouteConformanceTests : IAsyncLifetime
{
    private IngressRig _rig = null!;

    public async Task InitializeAsync() => _rig = await IngressRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task HTTPRouteMatching_PrefixesElementWise_LongerPrefixFirst()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/v2") }, Service(_rig.B)),
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/") }, Service(_rig.A)),
        ]));

        (await _rig.GetAsync("/")).Server.Should().Be("a");
        (await _rig.GetAsync("/v2")).Server.Should().Be("b");
        (await _rig.GetAsync("/v2/")).Server.Should().Be("b");
        (await _rig.GetAsync("/v2/example")).Server.Should().Be("b");
        (await _rig.GetAsync("/v2example")).Server.Should().Be("a", "a path prefix matches whole path elements: /v2 does not match /v2example");
        (await _rig.GetAsync("/v2?x=1")).Echoed!.Query.Should().Be("?x=1");
    }

    [Fact]
    public async Task HTTPRoutePathMatchOrder_FirstRuleThatMatchesWins_ExactAndRegex()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Exact, "/match/exact") }, Service(_rig.A)),
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.RegularExpression, "/match/[0-9]+") }, Service(_rig.B)),
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/match/") }, Service(_rig.C)),
        ]));

        (await _rig.GetAsync("/match/exact")).Server.Should().Be("a");
        (await _rig.GetAsync("/match/exact/more")).Server.Should().Be("c", "an exact match does not match longer paths");
        (await _rig.GetAsync("/match/42")).Server.Should().Be("b");
        (await _rig.GetAsync("/match/42x")).Server.Should().Be("c", "a regular expression matches the whole path");
        var none = await _rig.GetAsync("/other");
        none.Status.Should().Be(HttpStatusCode.NotFound);
        none.Body.Should().Contain("no route of listener demo/gw/http matches GET example.com/other");
    }

    [Fact]
    public async Task HTTPRouteHeaderMatching_ExactAndRegex_NamesCaseInsensitive()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Headers = [new HeaderMatchModel("version", "one"), new HeaderMatchModel("color", "orange")] }, Service(_rig.C)),
            Rule(new IngressMatch { Headers = [new HeaderMatchModel("version", "one")] }, Service(_rig.A)),
            Rule(new IngressMatch { Headers = [new HeaderMatchModel("color", "(red|blue)", HeaderMatchKind.RegularExpression)] }, Service(_rig.B)),
        ]));

        (await _rig.GetAsync("/", "example.com", ("Version", "one"))).Server.Should().Be("a");
        (await _rig.GetAsync("/", "example.com", ("version", "one"), ("COLOR", "orange"))).Server.Should().Be("c");
        (await _rig.GetAsync("/", "example.com", ("color", "blue"))).Server.Should().Be("b");
        (await _rig.GetAsync("/", "example.com", ("color", "Blue"))).Status.Should().Be(HttpStatusCode.NotFound, "header values are compared case-sensitively");
        (await _rig.GetAsync("/", "example.com", ("version", "two"))).Status.Should().Be(HttpStatusCode.NotFound);
        (await _rig.GetAsync("/")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HTTPRouteQueryParamMatching_ExactAndRegex_NamesCaseSensitive()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { QueryParameters = [new HeaderMatchModel("animal", "dolphin"), new HeaderMatchModel("color", "blue")] }, Service(_rig.C)),
            Rule(new IngressMatch { QueryParameters = [new HeaderMatchModel("animal", "whale")] }, Service(_rig.A)),
            Rule(new IngressMatch { QueryParameters = [new HeaderMatchModel("animal", "dol.*", HeaderMatchKind.RegularExpression)] }, Service(_rig.B)),
        ]));

        (await _rig.GetAsync("/?animal=whale")).Server.Should().Be("a");
        (await _rig.GetAsync("/?animal=dolphin&color=blue")).Server.Should().Be("c");
        (await _rig.GetAsync("/?color=blue&animal=dolphin")).Server.Should().Be("c");
        (await _rig.GetAsync("/?animal=dolphin")).Server.Should().Be("b");
        (await _rig.GetAsync("/?ANIMAL=whale")).Status.Should().Be(HttpStatusCode.NotFound, "query parameter names are case-sensitive");
        (await _rig.GetAsync("/?animal=whale&animal=dolphin")).Server.Should().Be("a", "the first value counts");
    }

    [Fact]
    public async Task HTTPRouteMethodMatching_MethodSelectsTheRule_OtherMethods404()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Method = "POST" }, Service(_rig.A)),
            Rule(new IngressMatch { Method = "GET" }, Service(_rig.B)),
        ]));

        (await _rig.SendAsync(HttpMethod.Post, "/", "example.com", [])).Server.Should().Be("a");
        (await _rig.GetAsync("/")).Server.Should().Be("b");
        (await _rig.SendAsync(HttpMethod.Delete, "/", "example.com", [])).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HTTPRouteWeight_SplitsByWeight_WithinTolerance()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A, 70), Service(_rig.B, 30), Service(_rig.C, 0))]));

        const int Requests = 500;
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < Requests; i++)
        {
            var answer = await _rig.GetAsync("/");
            answer.Status.Should().Be(HttpStatusCode.OK);
            counts[answer.Server!] = counts.GetValueOrDefault(answer.Server!) + 1;
        }

        // 70:30 of 500 = 350/150; a binomial draw (sd ≈ 10) stays within ±50.
        counts.GetValueOrDefault("a").Should().BeInRange(300, 400);
        counts.GetValueOrDefault("b").Should().BeInRange(100, 200);
        counts.Should().NotContainKey("c", "a backend of weight 0 is never chosen");
    }

    [Fact]
    public async Task HTTPRouteRequestHeaderModifier_SetAddRemove_AsTheBackendSeesThem()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A)) with
        {
            Filters = [new HeaderModifierFilter(false, [new("X-Header-Set", "set-overwrites-values")], [new("X-Header-Add", "add-appends-values")], ["X-Header-Remove"])],
        }]));

        var answer = await _rig.GetAsync("/", "example.com", ("X-Header-Set", "some-other-value"), ("X-Header-Add", "add-existing"), ("X-Header-Remove", "gone"), ("X-Keep", "kept"));

        answer.Echoed!.Headers["x-header-set"].Should().Be("set-overwrites-values");
        answer.Echoed.Headers["x-header-add"].Replace(" ", string.Empty, StringComparison.Ordinal).Should().Be("add-existing,add-appends-values");
        answer.Echoed.Headers.Should().NotContainKey("x-header-remove");
        answer.Echoed.Headers["x-keep"].Should().Be("kept");
    }

    [Fact]
    public async Task HTTPRouteResponseHeaderModifier_SetAddRemove_AsTheClientSeesThem()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A)) with
        {
            Filters = [new HeaderModifierFilter(true, [new("X-Header-Set", "set-value")], [new("X-Header-Add", "add-value")], ["x-echo-server"])],
        }]));

        var answer = await _rig.GetAsync("/");

        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.Headers["x-header-set"].Should().Be("set-value");
        answer.Headers["x-header-add"].Should().Be("add-value");
        answer.Headers.Should().NotContainKey("x-echo-server", "the backend's header was removed");
    }

    [Fact]
    public async Task HTTPRouteRedirectHostAndStatus_LocationAndStatus_NoBackendCalled()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/hostname-redirect") }) with { Filters = [new RedirectFilter(null, "example.org", null, null, 302)] },
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/host-and-status") }) with { Filters = [new RedirectFilter(null, "example.org", null, null, 301)] },
        ]));

        var found = await _rig.GetAsync("/hostname-redirect");
        found.Status.Should().Be(HttpStatusCode.Found);
        found.Headers["location"].Should().Be($"http://example.org:{_rig.Port}/hostname-redirect", "without a scheme or port the listener's port is kept");
        var moved = await _rig.GetAsync("/host-and-status?q=1");
        moved.Status.Should().Be(HttpStatusCode.MovedPermanently);
        moved.Headers["location"].Should().Be($"http://example.org:{_rig.Port}/host-and-status?q=1");
        _rig.A.Requests.Should().Be(0);
    }

    [Fact]
    public async Task HTTPRouteRedirectPath_PrefixAndFullPath_Replaced()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/original-prefix") }) with { Filters = [new RedirectFilter(null, null, new IngressPathModifier(false, "/replacement-prefix"), null, 302)] },
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/full") }) with { Filters = [new RedirectFilter(null, null, new IngressPathModifier(true, "/full-path-replacement"), null, 302)] },
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/strip") }) with { Filters = [new RedirectFilter(null, null, new IngressPathModifier(false, "/"), null, 302)] },
        ]));

        (await _rig.GetAsync("/original-prefix/lemon")).Headers["location"].Should().Be($"http://example.com:{_rig.Port}/replacement-prefix/lemon");
        (await _rig.GetAsync("/original-prefix")).Headers["location"].Should().Be($"http://example.com:{_rig.Port}/replacement-prefix");
        (await _rig.GetAsync("/full/path/original")).Headers["location"].Should().Be($"http://example.com:{_rig.Port}/full-path-replacement");
        (await _rig.GetAsync("/strip/three")).Headers["location"].Should().Be($"http://example.com:{_rig.Port}/three");
        (await _rig.GetAsync("/strip")).Headers["location"].Should().Be($"http://example.com:{_rig.Port}/");
    }

    [Fact]
    public async Task HTTPRouteRedirectPort_PortSetOrDefaultLeftOut()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/port") }) with { Filters = [new RedirectFilter(null, null, null, 8083, 302)] },
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/default") }) with { Filters = [new RedirectFilter(null, "example.org", null, 80, 302)] },
        ]));

        (await _rig.GetAsync("/port")).Headers["location"].Should().Be("http://example.com:8083/port");
        (await _rig.GetAsync("/default")).Headers["location"].Should().Be("http://example.org/default", "port 80 is http's default and left out");
    }

    [Fact]
    public async Task HTTPRouteRedirectScheme_SchemesWellKnownPort_UnlessOneIsGiven()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/scheme") }) with { Filters = [new RedirectFilter("https", null, null, null, 302)] },
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/scheme-and-port") }) with { Filters = [new RedirectFilter("https", "example.org", null, 8443, 301)] },
        ]));

        (await _rig.GetAsync("/scheme/x")).Headers["location"].Should().Be("https://example.com/scheme/x");
        var both = await _rig.GetAsync("/scheme-and-port");
        both.Status.Should().Be(HttpStatusCode.MovedPermanently);
        both.Headers["location"].Should().Be("https://example.org:8443/scheme-and-port");
    }

    [Fact]
    public async Task HTTPRouteRewriteHost_BackendSeesTheNewHost()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/one") }, Service(_rig.A)) with { Filters = [new RewriteFilter("one.example.org", null)] },
            Rule(null, Service(_rig.A)),
        ]));

        (await _rig.GetAsync("/one")).Echoed!.Host.Should().Be("one.example.org");
        (await _rig.GetAsync("/")).Echoed!.Host.Should().Be("example.com");
    }

    [Fact]
    public async Task HTTPRouteRewritePath_PrefixAndFullPath_BackendSeesTheNewPath()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/prefix/one") }, Service(_rig.A)) with { Filters = [new RewriteFilter(null, new IngressPathModifier(false, "/one"))] },
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/strip-prefix") }, Service(_rig.A)) with { Filters = [new RewriteFilter(null, new IngressPathModifier(false, "/"))] },
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/full/one") }, Service(_rig.A)) with { Filters = [new RewriteFilter(null, new IngressPathModifier(true, "/one"))] },
        ]));

        (await _rig.GetAsync("/prefix/one/two")).Echoed!.Path.Should().Be("/one/two");
        (await _rig.GetAsync("/strip-prefix/three?q=1")).Echoed!.Path.Should().Be("/three");
        (await _rig.GetAsync("/strip-prefix")).Echoed!.Path.Should().Be("/");
        (await _rig.GetAsync("/full/one/two")).Echoed!.Path.Should().Be("/one");
    }

    [Fact]
    public async Task HTTPRouteRequestMirror_CopyReachesTheMirror_AnswerFromTheBackend()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A)) with { Filters = [new MirrorFilter(Service(_rig.B), 100)] }]));

        var answer = await _rig.SendAsync(HttpMethod.Get, "/mirror?x=1", "example.com", [("x-test", "mirrored")]);

        answer.Server.Should().Be("a");
        await Tdcc.Mesh.Testing.Eventually.TrueAsync(() => !_rig.B.Received.IsEmpty, timeout: TimeSpan.FromSeconds(5));
        var copy = _rig.B.Received.Single();
        copy.Path.Should().Be("/mirror");
        copy.Query.Should().Be("?x=1");
        copy.Headers["x-test"].Should().Be("mirrored");
        copy.Host.Should().Be("example.com");
        _rig.A.Requests.Should().Be(1);
    }

    [Fact]
    public async Task HTTPRouteTimeoutRequest_SlowBackend_504InTime()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A)) with { RequestTimeout = TimeSpan.FromMilliseconds(500) }]));

        var watch = Stopwatch.StartNew();
        var answer = await _rig.GetAsync("/?delay-ms=5000");

        answer.Status.Should().Be(HttpStatusCode.GatewayTimeout);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
        (await _rig.GetAsync("/?delay-ms=10")).Status.Should().Be(HttpStatusCode.OK, "a fast answer is within the timeout");
    }

    [Fact]
    public async Task HTTPRouteTimeoutBackendRequest_SlowBackend_504InTime()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A)) with { BackendRequestTimeout = TimeSpan.FromMilliseconds(500) }]));

        var watch = Stopwatch.StartNew();
        var answer = await _rig.GetAsync("/?delay-ms=5000");

        answer.Status.Should().Be(HttpStatusCode.GatewayTimeout);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task HTTPRouteListenerHostnameMatching_ExactThenLongestWildcard_OthersNotFound()
    {
        _rig.Apply(
            _rig.Listener([Rule(null, Service(_rig.A))], "bar.com", "listener-1"),
            _rig.Listener([Rule(null, Service(_rig.B))], "foo.bar.com", "listener-2"),
            _rig.Listener([Rule(null, Service(_rig.C))], "*.bar.com", "listener-3"),
            _rig.Listener([Rule(null, Service(_rig.C))], "*.foo.com", "listener-4"));

        (await _rig.GetAsync("/", "bar.com")).Server.Should().Be("a");
        (await _rig.GetAsync("/", "foo.bar.com")).Server.Should().Be("b", "an exact hostname beats a wildcard");
        (await _rig.GetAsync("/", "baz.bar.com")).Server.Should().Be("c");
        (await _rig.GetAsync("/", "boo.baz.bar.com")).Server.Should().Be("c");
        (await _rig.GetAsync("/", "hello.foo.com")).Server.Should().Be("c");
        (await _rig.GetAsync("/", "BAR.com")).Server.Should().Be("a", "hostnames are case-insensitive");
        var none = await _rig.GetAsync("/", "foo.com");
        none.Status.Should().Be(HttpStatusCode.NotFound, "*.foo.com does not match foo.com");
        none.Body.Should().Contain("no listener");
        (await _rig.GetAsync("/", "no.match")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HTTPRouteHostnameIntersection_RuleHostnames_OnlyThoseHosts()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(null, Service(_rig.A)) with { Hostnames = ["a.example.com"] },
            Rule(null, Service(_rig.B)) with { Hostnames = ["*.example.com"] },
        ]));

        (await _rig.GetAsync("/", "a.example.com")).Server.Should().Be("a");
        (await _rig.GetAsync("/", "b.example.com")).Server.Should().Be("b");
        (await _rig.GetAsync("/", "example.com")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HTTPRouteInvalidBackendRefUnknownKind_Answers500_OtherShareServed()
    {
        var invalid = new IngressBackend { Kind = IngressBackendKind.Invalid, Namespace = "demo", Name = "unknown", Weight = 1, Reason = "InvalidKind" };
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/invalid") }, invalid),
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/none") }),
            Rule(null, Service(_rig.A)),
        ]));

        var answer = await _rig.GetAsync("/invalid");
        answer.Status.Should().Be(HttpStatusCode.InternalServerError);
        answer.Body.Should().Contain("InvalidKind");
        (await _rig.GetAsync("/none")).Status.Should().Be(HttpStatusCode.InternalServerError, "a rule without backends answers 500");
        (await _rig.GetAsync("/")).Server.Should().Be("a");
    }

    [Fact]
    public async Task ServiceWithoutReadyEndpoints_Answers503()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A) with { Endpoints = [] })]));

        var answer = await _rig.GetAsync("/");

        answer.Status.Should().Be(HttpStatusCode.ServiceUnavailable);
        answer.Body.Should().Contain("no ready endpoint");
    }

    [Fact]
    public async Task ServiceEndpoints_RoundRobin_RefusedEndpointSkipped()
    {
        var dead = "127.10.1.1:" + Support.TestAddresses.FreePort(Support.TestAddresses.Pod(0));
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A) with { Endpoints = [dead, _rig.A.Endpoint, _rig.B.Endpoint] })]));

        var servers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var answer = await _rig.GetAsync("/");
            answer.Status.Should().Be(HttpStatusCode.OK, "a refused endpoint is skipped for the next one");
            servers.Add(answer.Server!);
        }

        servers.Should().Contain("a").And.Contain("b");
    }

    [Fact]
    public async Task Retry_OnListedCode_TriedAgainThenAnswered()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A)) with { Retry = new IngressRetry(2, [503], TimeSpan.FromMilliseconds(10)) }]));

        var answer = await _rig.GetAsync("/?status=503");
        answer.Status.Should().Be(HttpStatusCode.ServiceUnavailable);
        _rig.A.Requests.Should().Be(3, "the first try and two retries");
        (await _rig.GetAsync("/?status=500")).Status.Should().Be(HttpStatusCode.InternalServerError);
        _rig.A.Requests.Should().Be(4, "500 is not among the listed codes");
    }

    [Fact]
    public async Task Http2Cleartext_PriorKnowledge_Served()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A))]));

        var answer = await _rig.SendAsync(HttpMethod.Get, "/", "example.com", [], version: HttpVersion.Version20);

        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.Version.Should().Be(HttpVersion.Version20);
        answer.Server.Should().Be("a");
    }
}
