using Envoy.Config.Cluster.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;
using Tdcc.Mesh.Xds.Validation;

namespace Tdcc.Mesh.Xds.Tests.Validation;

/// <summary>What the translation emits must pass Envoy's proto validation, whatever the policy knobs.</summary>
public sealed class TranslationConstraintTests
{
    private static readonly ProtoConstraintValidator Validator = new();

    public static TheoryData<string, string?> Policies => new()
    {
        { "full-ring-hash", "east" },
        { "full-ring-hash", "west" },
        { "full-ring-hash", null },
        { "round-robin-no-failover", "east" },
        { "defaults", "west" },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Translate_RealisticModel_EveryResourcePasses(string policyName, string? nodeCluster)
    {
        var model = RealisticModel(PolicyNamed(policyName));

        var resources = ClusterSetTranslator.Translate(model, nodeCluster);

        resources.Should().NotBeEmpty();
        resources.SelectMany(resource => Validator.Validate(resource).Select(violation => $"{resource.Descriptor.Name}: {violation}"))
            .Should().BeEmpty();
    }

    [Fact]
    public void Translate_RealisticModel_EveryAnyPayloadTypeIsKnown()
    {
        var strict = new ProtoConstraintValidator(new ProtoConstraintValidatorOptions { ReportUnknownAnyTypes = true });

        var resources = ClusterSetTranslator.Translate(RealisticModel(PolicyNamed("full-ring-hash")), "east");

        resources.SelectMany(strict.Validate).Should().BeEmpty();
    }

    [Fact]
    public void SnapshotValidator_TranslatedSnapshots_NoViolations()
    {
        var snapshots = ClusterSetTranslator.TranslatePerCluster(RealisticModel(PolicyNamed("full-ring-hash")), ["east", "west"]);
        var validator = new SnapshotValidator(Validator);

        snapshots.Values.SelectMany(validator.Validate).Should().BeEmpty();
    }

    [Theory]
    [InlineData("full-ring-hash")]
    [InlineData("round-robin-no-failover")]
    [InlineData("defaults")]
    public void NodeGroupTranslator_EveryGroup_GatewaysAndServerListenersPassWithKnownAnyTypes(string policyName)
    {
        var strict = new SnapshotValidator(new ProtoConstraintValidator(new ProtoConstraintValidatorOptions { ReportUnknownAnyTypes = true }));

        var snapshots = NodeGroupTranslator.Translate(RealisticModel(PolicyNamed(policyName)), ["east", "west"]);

        snapshots.Keys.Should().Contain(["east", "east-west-gateway/east", "ingress-gateway/west"]);
        snapshots.Values.SelectMany(snapshot => snapshot.Get(TypeUrls.Listener).Items.Keys).Should()
            .Contain(name => name.StartsWith("grpc/server/", StringComparison.Ordinal), "server listeners are part of what is checked")
            .And.Contain(name => !name.Contains(':', StringComparison.Ordinal), "the gateways' socket listeners are part of what is checked");
        snapshots.SelectMany(group => strict.Validate(group.Value).Select(violation => $"{group.Key}: {violation}")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("full-ring-hash")]
    [InlineData("defaults")]
    public void NodeGroupTranslator_ModelWithRoutingRules_EveryGroupPassesAndIsConsistent(string policyName)
    {
        var strict = new SnapshotValidator(new ProtoConstraintValidator(new ProtoConstraintValidatorOptions { ReportUnknownAnyTypes = true }));

        var snapshots = NodeGroupTranslator.Translate(WithRoutingRules(RealisticModel(PolicyNamed(policyName))), ["east", "west"]);

        var routes = snapshots.Values.SelectMany(snapshot => snapshot.Get(TypeUrls.RouteConfiguration).Items.Values)
            .Select(resource => (RouteConfiguration)resource.Message)
            .SelectMany(route => route.VirtualHosts).SelectMany(host => host.Routes).ToList();
        routes.Should().Contain(route => route.Route_ != null && route.Route_.WeightedClusters != null, "weighted clusters are part of what is checked")
            .And.Contain(route => route.Match.SafeRegex != null && route.Match.Headers.Count > 0, "regex and header matches are part of what is checked")
            .And.Contain(route => route.DirectResponse != null, "the gateways' direct responses are part of what is checked");
        snapshots.Should().OnlyContain(group => group.Value.Consistent().IsConsistent, "backend clusters and the no-backend cluster are in every snapshot that refers to them");
        snapshots.SelectMany(group => strict.Validate(group.Value).Select(violation => $"{group.Key}: {violation}")).Should().BeEmpty();
    }

    [Fact]
    public void SnapshotValidator_BrokenCluster_ReportsTypeNameAndPath()
    {
        var resources = ClusterSetTranslator.Translate(RealisticModel(PolicyNamed("defaults")), "east").ToList();
        var cluster = resources.OfType<Cluster>().First().Clone();
        cluster.ConnectTimeout = new Duration();
        resources[resources.FindIndex(resource => resource is Cluster c && c.Name == cluster.Name)] = cluster;

        var violations = new SnapshotValidator(Validator).Validate(Snapshot.Create(resources));

        violations.Should().ContainSingle().Which.Should().Be(new XdsResourceViolation(
            TypeUrls.Cluster,
            cluster.Name,
            new ProtoConstraintViolation("connect_timeout", "duration.gt", "value must be greater than 0s")));
    }

    private static TrafficPolicyModel PolicyNamed(string name) => name switch
    {
        "full-ring-hash" => new TrafficPolicyModel(
            Retries: new RetryPolicyModel(3, PerTryTimeout: TimeSpan.FromMilliseconds(500), BaseInterval: TimeSpan.FromMilliseconds(25), MaxInterval: TimeSpan.FromMilliseconds(250)),
            Timeout: TimeSpan.FromSeconds(2),
            OutlierDetection: new OutlierDetectionModel(Consecutive5xx: 3, Interval: TimeSpan.FromSeconds(5), BaseEjectionTime: TimeSpan.FromSeconds(15), MaxEjectionPercent: 250),
            CircuitBreaker: new CircuitBreakerModel(MaxConnections: 100, MaxPendingRequests: 50, MaxRequests: 200, MaxRetries: 3),
            ClusterWeights: new Dictionary<string, uint> { ["east"] = 3, ["west"] = 1 },
            LoadBalancer: LoadBalancerKind.RingHash),
        "round-robin-no-failover" => new TrafficPolicyModel(
            Retries: new RetryPolicyModel(1),
            Timeout: TimeSpan.FromMilliseconds(1500),
            OutlierDetection: new OutlierDetectionModel(),
            ClusterWeights: new Dictionary<string, uint> { ["east"] = 1, ["west"] = 0 },
            LocalityFailover: false),
        _ => new TrafficPolicyModel(),
    };

    /// <summary>
    /// The model with rules on echo's grpc port: header (exact and regex) and method matches, a weighted split
    /// with cart, a timeout and retries of its own, a rule whose backends do not resolve, and a weight-only catch-all.
    /// </summary>
    private static ClusterSetModel WithRoutingRules(ClusterSetModel model)
    {
        var echo = new RouteBackendModel("demo", "echo", 9090, 70);
        var cart = new RouteBackendModel("shop", "cart", 8080, 30);
        RouteRuleModel[] rules =
        [
            new("GRPCRoute demo/echo rule 0", [new RouteMatchModel(new PathMatchModel(PathMatchKind.Exact, "/tdcc.echo.v1.EchoService/Echo"), [new HeaderMatchModel("X-Canary", "true")])], [cart]),
            new("GRPCRoute demo/echo rule 1", [new RouteMatchModel(new PathMatchModel(PathMatchKind.RegularExpression, "/tdcc\\.echo\\.v1\\..*"), [new HeaderMatchModel("x-version", "v[0-9]+", HeaderMatchKind.RegularExpression)])], [echo, cart], TimeSpan.FromSeconds(4), new RetryPolicyModel(2, BaseInterval: TimeSpan.FromMilliseconds(10))),
            new("GRPCRoute demo/echo rule 2", [new RouteMatchModel(Headers: [new HeaderMatchModel("x-broken", "1")])], [new RouteBackendModel("demo", "missing", 9090), echo with { Weight = 0 }]),
            new("GRPCRoute demo/echo rule 3", [new RouteMatchModel(new PathMatchModel(PathMatchKind.Prefix, "/tdcc.echo.v1.EchoService/"))], [echo, cart]),
        ];
        var services = model.Services
            .Select(service => service.Name == "echo" ? service with { Routes = [new PortRoutesModel(9090, rules)] } : service)
            .ToList();
        return model with { Services = services };
    }

    /// <summary>Two services (one with two ports) exported from two clusters, with ready and unready endpoints.</summary>
    private static ClusterSetModel RealisticModel(TrafficPolicyModel policy)
    {
        var ports = new[] { new ServicePortModel("grpc", 9090, AppProtocol: "grpc"), new ServicePortModel("admin", 9091) };
        var services = new[]
        {
            new ServiceModel("demo", "echo", ports, policy),
            new ServiceModel("shop", "cart", [new ServicePortModel("grpc", 8080, AppProtocol: "grpc")], policy),
        };
        var endpointPorts = new[] { new EndpointPortModel("grpc", 9090), new EndpointPortModel("admin", 9091), new EndpointPortModel(null, 8080) };
        var endpoints = new[]
        {
            new ServiceEndpointsModel("east", "demo", "echo", endpointPorts[..2], [new EndpointModel(["10.0.0.1"]), new EndpointModel(["10.0.0.2"], Ready: false), new EndpointModel(["10.0.0.3"], Zone: "us-east-1b")]),
            new ServiceEndpointsModel("west", "demo", "echo", endpointPorts[..2], [new EndpointModel(["10.1.0.1", "fd00::1"])]),
            new ServiceEndpointsModel("east", "shop", "cart", endpointPorts[2..], [new EndpointModel(["10.0.1.1"])]),
            new ServiceEndpointsModel("west", "shop", "cart", endpointPorts[2..], [new EndpointModel(["10.1.1.1"])]),
        };
        return new ClusterSetModel(
            services,
            endpoints,
            [new ClusterLocalityModel("east", "us-east", "us-east-1a"), new ClusterLocalityModel("west", "us-west", "us-west-2b")]);
    }
}
