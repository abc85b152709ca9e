using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Policy.Api;
using Tdcc.Mesh.Policy.Resolution;

namespace Tdcc.Mesh.Policy.Tests.Resolution;

public sealed class TrafficPolicyResolverTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private static readonly ServiceModel[] Models =
    [
        new("demo", "echo", [new ServicePortModel("grpc", 9090)]),
        new("demo", "echo-v2", [new ServicePortModel("grpc", 9090)]),
        new("shop", "cart", [new ServicePortModel("http", 8080)]),
    ];

    private static readonly (string Namespace, string Name)[] Services = [.. Models.Select(s => (s.Namespace, s.Name))];

    private static TrafficPolicy Policy(string name, TrafficPolicySpec spec, string ns = "demo", int ageSeconds = 0, long generation = 1) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name, Generation = generation, CreationTimestamp = T0.AddSeconds(-ageSeconds) },
        Spec = spec,
    };

    private static ImmutableArray<PolicyTargetReference> Targets(params string[] names) =>
        [.. names.Select(n => new PolicyTargetReference { Name = n })];

    [Fact]
    public void Resolve_FullSpec_ConvertsEveryField()
    {
        var spec = new TrafficPolicySpec
        {
            TargetRefs = Targets("echo"),
            LoadBalancer = "RingHash",
            LocalityFailover = false,
            ClusterWeights = ImmutableDictionary<string, int>.Empty.Add("east", 80).Add("west", 20),
            Timeout = "2s",
            Retries = new RetrySpec { Attempts = 3, RetryOn = ["unavailable", "deadline-exceeded"], PerTryTimeout = "500ms", Backoff = new BackoffSpec { BaseInterval = "25ms", MaxInterval = "250ms" } },
            OutlierDetection = new OutlierDetectionSpec { Consecutive5xx = 3, Interval = "5s", BaseEjectionTime = "1m", MaxEjectionPercent = 50 },
            CircuitBreaker = new CircuitBreakerSpec { MaxConnections = 100, MaxPendingRequests = 10, MaxRequests = 1000, MaxRetries = 3 },
        };

        var resolution = TrafficPolicyResolver.Resolve([Policy("echo-policy", spec)], Services);

        var model = resolution.Policies[("demo", "echo")];
        model.LoadBalancer.Should().Be(LoadBalancerKind.RingHash);
        model.LocalityFailover.Should().BeFalse();
        model.ClusterWeights.Should().BeEquivalentTo(new Dictionary<string, uint> { ["east"] = 80, ["west"] = 20 });
        model.Timeout.Should().Be(TimeSpan.FromSeconds(2));
        model.Retries.Should().Be(new RetryPolicyModel(3, "unavailable,deadline-exceeded", TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(250)));
        model.OutlierDetection.Should().Be(new OutlierDetectionModel(3, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), 50));
        model.CircuitBreaker.Should().Be(new CircuitBreakerModel(100, 10, 1000, 3));
        resolution.Verdicts.Should().ContainSingle().Which.Should().Be(
            new TrafficPolicyVerdict("demo", "echo-policy", 1, true, TrafficPolicyConditions.Reasons.Accepted, "in force for echo.demo"));
    }

    [Fact]
    public void Resolve_RetriesWithoutConditions_UseTheGrpcDefaults()
    {
        var resolution = TrafficPolicyResolver.Resolve([Policy("p", new TrafficPolicySpec { TargetRefs = Targets("echo"), Retries = new RetrySpec() })], Services);

        resolution.Policies[("demo", "echo")].Retries.Should().Be(new RetryPolicyModel(1, "unavailable,cancelled,resource-exhausted"));
    }

    [Fact]
    public void Resolve_TwoPoliciesOnOneService_OldestWinsAndTheOtherIsConflicted()
    {
        var older = Policy("older", new TrafficPolicySpec { TargetRefs = Targets("echo"), Timeout = "1s" }, ageSeconds: 60);
        var newer = Policy("newer", new TrafficPolicySpec { TargetRefs = Targets("echo"), Timeout = "9s" });

        var resolution = TrafficPolicyResolver.Resolve([newer, older], Services);

        resolution.Policies[("demo", "echo")].Timeout.Should().Be(TimeSpan.FromSeconds(1));
        var verdict = resolution.Verdicts.Single(v => v.Name == "newer");
        verdict.Accepted.Should().BeFalse();
        verdict.Reason.Should().Be(TrafficPolicyConditions.Reasons.Conflicted);
        verdict.Message.Should().Contain("older");
    }

    [Fact]
    public void Resolve_PartlyConflicted_AcceptedForTheRestWithBothNamed()
    {
        var older = Policy("older", new TrafficPolicySpec { TargetRefs = Targets("echo") }, ageSeconds: 60);
        var newer = Policy("newer", new TrafficPolicySpec { TargetRefs = Targets("echo", "echo-v2", "ghost") });

        var resolution = TrafficPolicyResolver.Resolve([older, newer], Services);

        resolution.Policies.Keys.Should().BeEquivalentTo(new[] { ("demo", "echo"), ("demo", "echo-v2") });
        var verdict = resolution.Verdicts.Single(v => v.Name == "newer");
        verdict.Accepted.Should().BeTrue();
        verdict.Message.Should().Contain("echo-v2.demo").And.Contain("already held by TrafficPolicy older, created earlier or first by name").And.Contain("ghost");
    }

    [Fact]
    public void Resolve_TargetInAnotherNamespace_IsNotFound()
    {
        var resolution = TrafficPolicyResolver.Resolve([Policy("p", new TrafficPolicySpec { TargetRefs = Targets("cart") })], Services);

        resolution.Policies.Should().BeEmpty();
        resolution.Verdicts.Single().Should().Match<TrafficPolicyVerdict>(v =>
            !v.Accepted && v.Reason == TrafficPolicyConditions.Reasons.TargetNotFound && v.Message.Contains("cart") && v.Message.Contains("namespace demo"));
    }

    [Theory]
    [InlineData("timeout", "spec.timeout: 'soon' is not a duration")]
    [InlineData("weights", "spec.clusterWeights.east: 0 is not between 1 and 128")]
    [InlineData("retryOn", "spec.retries.retryOn: 'teapot' is not one of")]
    [InlineData("balancer", "spec.loadBalancer: 'Random' is not RoundRobin or RingHash")]
    [InlineData("kind", "spec.targetRefs[0]: Deployment.apps cannot be targeted")]
    public void Resolve_UnusableField_IsInvalidNamingTheFieldAndClaimsNothing(string field, string message)
    {
        var spec = field switch
        {
            "timeout" => new TrafficPolicySpec { TargetRefs = Targets("echo"), Timeout = "soon" },
            "weights" => new TrafficPolicySpec { TargetRefs = Targets("echo"), ClusterWeights = ImmutableDictionary<string, int>.Empty.Add("east", 0) },
            "retryOn" => new TrafficPolicySpec { TargetRefs = Targets("echo"), Retries = new RetrySpec { RetryOn = ["teapot"] } },
            "balancer" => new TrafficPolicySpec { TargetRefs = Targets("echo"), LoadBalancer = "Random" },
            _ => new TrafficPolicySpec { TargetRefs = [new PolicyTargetReference { Group = "apps", Kind = "Deployment", Name = "echo" }] },
        };
        var invalid = Policy("invalid", spec, ageSeconds: 60);
        var valid = Policy("valid", new TrafficPolicySpec { TargetRefs = Targets("echo"), Timeout = "3s" });

        var resolution = TrafficPolicyResolver.Resolve([invalid, valid], Services);

        var verdict = resolution.Verdicts.Single(v => v.Name == "invalid");
        verdict.Accepted.Should().BeFalse();
        verdict.Reason.Should().Be(TrafficPolicyConditions.Reasons.Invalid);
        verdict.Message.Should().Contain(message);
        resolution.Policies[("demo", "echo")].Timeout.Should().Be(TimeSpan.FromSeconds(3), "an invalid policy does not hold its targets");
    }

    [Fact]
    public void Resolve_CoreServiceTarget_MeansTheClustersetService()
    {
        var spec = new TrafficPolicySpec { TargetRefs = [new PolicyTargetReference { Group = "", Kind = "Service", Name = "echo" }], Timeout = "1s" };

        TrafficPolicyResolver.Resolve([Policy("p", spec)], Services).Policies.Should().ContainKey(("demo", "echo"));
    }

    [Fact]
    public void Resolve_DeletingPolicy_IsIgnored()
    {
        var deleting = Policy("p", new TrafficPolicySpec { TargetRefs = Targets("echo") }) is var p
            ? p with { Metadata = p.Metadata with { DeletionTimestamp = T0 } }
            : null!;

        var resolution = TrafficPolicyResolver.Resolve([deleting], Services);

        resolution.Policies.Should().BeEmpty();
        resolution.Verdicts.Should().BeEmpty();
    }

    [Fact]
    public void ApplyTo_SetsThePolicyOfTargetedServicesOnly()
    {
        var model = new ClusterSetModel(Models, [], []);
        var resolution = TrafficPolicyResolver.Resolve([Policy("p", new TrafficPolicySpec { TargetRefs = Targets("echo"), Timeout = "1s" })], Services);

        var applied = resolution.ApplyTo(model);

        applied.Services.Single(s => s.Name == "echo").TrafficPolicy!.Timeout.Should().Be(TimeSpan.FromSeconds(1));
        applied.Services.Where(s => s.Name != "echo").Should().AllSatisfy(s => s.TrafficPolicy.Should().BeNull());
    }
}
