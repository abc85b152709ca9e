using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Policy.Api;
using Tdcc.Mesh.Policy.NetworkPolicies;

namespace Tdcc.Mesh.Policy.Tests.NetworkPolicies;

public sealed class NetworkPolicyResolverTests
{
    private static readonly NetworkPolicyService[] Services =
    [
        new("demo", "echo", [new ServicePortModel("http", 8080, AppProtocol: "http"), new ServicePortModel("grpc", 9090, AppProtocol: "grpc")], ["east"]),
        new("demo", "db", [new ServicePortModel("pg", 5432)], ["east", "south"]),
        new("demo", "local-only", [new ServicePortModel("http", 80, AppProtocol: "http")], []),
        new("shop", "cart", [new ServicePortModel("http", 8080, AppProtocol: "http")], ["west"]),
    ];

    private static MultiClusterNetworkPolicy Policy(string name, MultiClusterNetworkPolicySpec spec, string ns = "demo") => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name, Generation = 3 },
        Spec = spec,
    };

    private static NetworkPolicyRule DenyFrom(params string[] clusters) =>
        new() { Action = "Deny", From = [new NetworkPolicySource { Clusters = [.. clusters] }] };

    [Fact]
    public void Resolve_DenyWestToEcho_EchoGetsTheRule_EnforcedWhereEchoIsExported()
    {
        var resolution = NetworkPolicyResolver.Resolve(
            [Policy("deny-west", new MultiClusterNetworkPolicySpec { TargetRefs = [new PolicyTargetReference { Name = "echo" }], Rules = [DenyFrom("west")] })],
            Services);

        var access = resolution.Access.Should().ContainKey(("demo", "echo")).WhoseValue;
        access.DefaultAction.Should().Be(AccessAction.Allow);
        access.Rules.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new AccessRuleModel("demo/deny-west", "rule-0", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], []));
        resolution.Access.Should().HaveCount(1);
        var verdict = resolution.Verdicts.Should().ContainSingle().Which;
        verdict.Accepted.Should().BeTrue();
        verdict.Generation.Should().Be(3);
        verdict.Services.Should().Equal("echo");
        verdict.EnforcedClusters.Should().Equal("east");
        verdict.Unenforceable.Should().BeEmpty();
    }

    [Fact]
    public void Resolve_NoTargets_GovernsEveryServiceOfItsNamespaceOnly_EnforcedByAllTheirExporters()
    {
        var resolution = NetworkPolicyResolver.Resolve(
            [Policy("default-deny", new MultiClusterNetworkPolicySpec { DefaultAction = "Deny" })],
            Services);

        resolution.Access.Keys.Should().BeEquivalentTo([("demo", "echo"), ("demo", "db"), ("demo", "local-only")]);
        resolution.Access[("demo", "db")].Should().BeEquivalentTo(new ServiceAccessModel([], AccessAction.Deny, "demo/default-deny"));
        resolution.Verdicts.Single().EnforcedClusters.Should().Equal("east", "south");
    }

    [Fact]
    public void Resolve_SeveralPolicies_RulesInPriorityThenNameOrder_AnyDefaultDenyDenies()
    {
        var resolution = NetworkPolicyResolver.Resolve(
        [
            Policy("b-late", new MultiClusterNetworkPolicySpec { Priority = 10, Rules = [DenyFrom("west") with { Name = "b" }] }),
            Policy("a-late", new MultiClusterNetworkPolicySpec { Priority = 10, Rules = [DenyFrom("west") with { Name = "a" }], DefaultAction = "Deny" }),
            Policy("early", new MultiClusterNetworkPolicySpec { Priority = -5, Rules = [new NetworkPolicyRule { Name = "allow-all", Action = "Allow" }] }),
        ],
            Services);

        var access = resolution.Access[("demo", "echo")];
        access.Rules.Select(r => $"{r.Policy}/{r.Name}").Should().Equal("demo/early/allow-all", "demo/a-late/a", "demo/b-late/b");
        access.DefaultAction.Should().Be(AccessAction.Deny);
        access.DefaultPolicy.Should().Be("demo/a-late");
    }

    [Fact]
    public void Resolve_L7AndGrpc_ConvertedToMethodsAndPaths()
    {
        var resolution = NetworkPolicyResolver.Resolve(
        [
            Policy("l7", new MultiClusterNetworkPolicySpec
            {
                TargetRefs = [new PolicyTargetReference { Name = "echo" }],
                Rules =
                [
                    new NetworkPolicyRule
                    {
                        Action = "Allow",
                        To =
                        [
                            new NetworkPolicyOperation { Ports = [8080], Http = new NetworkPolicyHttpMatch { Methods = ["GET"], Paths = ["/api/*"] } },
                            new NetworkPolicyOperation { Grpc = new NetworkPolicyGrpcMatch { Service = "tdcc.echo.v1.EchoService", Method = "Echo" } },
                            new NetworkPolicyOperation { Grpc = new NetworkPolicyGrpcMatch { Service = "grpc.health.v1.Health" } },
                        ],
                    },
                ],
            }),
        ],
            Services);

        resolution.Access[("demo", "echo")].Rules.Single().To.Should().BeEquivalentTo(
        [
            new AccessOperationModel([8080], ["GET"], ["/api/*"]),
            new AccessOperationModel(null, null, ["/tdcc.echo.v1.EchoService/Echo"]),
            new AccessOperationModel(null, null, ["/grpc.health.v1.Health/*"]),
        ]);
        resolution.Verdicts.Single().Unenforceable.Should().BeEmpty();
    }

    [Fact]
    public void Resolve_InvalidFields_NotAcceptedNamingEachField_GovernsNothing()
    {
        var resolution = NetworkPolicyResolver.Resolve(
        [
            Policy("bad", new MultiClusterNetworkPolicySpec
            {
                DefaultAction = "Reject",
                TargetRefs = [new PolicyTargetReference { Name = "echo", Kind = "Deployment", Group = "apps" }],
                Rules =
                [
                    new NetworkPolicyRule { Action = "Drop" },
                    new NetworkPolicyRule
                    {
                        Action = "Deny",
                        From = [new NetworkPolicySource { ServiceAccounts = ["no-namespace"] }, new NetworkPolicySource()],
                        To = [new NetworkPolicyOperation { Ports = [70000], Http = new NetworkPolicyHttpMatch { Methods = ["get"], Paths = ["api/*", "/a*b"] } }],
                    },
                ],
            }),
        ],
            Services);

        resolution.Access.Should().BeEmpty();
        var verdict = resolution.Verdicts.Single();
        verdict.Accepted.Should().BeFalse();
        verdict.Problem.Should().ContainAll(
            "spec.defaultAction: 'Reject' is not Allow or Deny",
            "spec.rules[0].action: 'Drop' is not Allow or Deny",
            "spec.rules[1].from[0].serviceAccounts: 'no-namespace' is not <namespace>/<name>",
            "spec.rules[1].from[1]: names no clusters, namespaces or serviceAccounts",
            "spec.rules[1].to[0].ports: 70000 is not between 1 and 65535",
            "spec.rules[1].to[0].http.methods: 'get'",
            "spec.rules[1].to[0].http.paths: 'api/*'",
            "spec.rules[1].to[0].http.paths: '/a*b'",
            "spec.targetRefs[0]: Deployment.apps cannot be targeted");
    }

    [Fact]
    public void Resolve_UnenforceableParts_NamedPerRule_PolicyStillInForce()
    {
        var resolution = NetworkPolicyResolver.Resolve(
        [
            Policy("mixed", new MultiClusterNetworkPolicySpec
            {
                TargetRefs = [new PolicyTargetReference { Name = "db" }, new PolicyTargetReference { Name = "missing" }],
                Rules =
                [
                    new NetworkPolicyRule { Action = "Deny", From = [new NetworkPolicySource { Namespaces = ["batch"] }] },
                    new NetworkPolicyRule { Action = "Allow", To = [new NetworkPolicyOperation { Http = new NetworkPolicyHttpMatch { Methods = ["GET"] } }] },
                    new NetworkPolicyRule { Action = "Allow", To = [new NetworkPolicyOperation { Ports = [9999] }] },
                ],
            }),
        ],
            Services);

        var verdict = resolution.Verdicts.Single();
        verdict.Accepted.Should().BeTrue();
        verdict.MissingTargets.Should().Equal("missing");
        verdict.Unenforceable.Should().HaveCount(3);
        verdict.Unenforceable[0].Should().StartWith("spec.rules[0].from[0]: namespaces and serviceAccounts are not attested");
        verdict.Unenforceable[1].Should().StartWith("spec.rules[1].to[0]: port 5432 of db is not HTTP");
        verdict.Unenforceable[2].Should().StartWith("spec.rules[2].to[0].ports: no governed service has port 9999");
        resolution.Access.Should().ContainKey(("demo", "db"));
    }

    [Fact]
    public void Status_FromVerdicts_ThreeConditionsAndClusters_UnchangedVerdictChangesNothing()
    {
        var now = new DateTimeOffset(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);
        var verdict = new NetworkPolicyVerdict("demo", "deny-west", 3, null, ["echo"], [], ["east"], ["spec.rules[0].from[0]: namespaces and serviceAccounts are not attested"]);

        var status = NetworkPolicyStatusReconciler.Status(null, verdict, now, out var changed);

        changed.Should().BeTrue();
        status.EnforcedClusters!.Value.Should().Equal("east");
        var conditions = status.Conditions!.Value.ToDictionary(c => c.Type!);
        conditions["Accepted"].Status.Should().Be("True");
        conditions["Accepted"].Message.Should().Be("governs echo.demo");
        conditions["Enforced"].Status.Should().Be("True");
        conditions["Enforced"].Message.Should().Be("enforced by the gateways of east");
        conditions["RulesEnforced"].Status.Should().Be("False");
        conditions["RulesEnforced"].Reason.Should().Be("UnenforceableRules");
        conditions["RulesEnforced"].Message.Should().Contain("spec.rules[0].from[0]");
        conditions.Values.Should().OnlyContain(c => c.ObservedGeneration == 3);

        NetworkPolicyStatusReconciler.Status(status, verdict, now.AddMinutes(1), out var again);
        again.Should().BeFalse();
        NetworkPolicyStatusReconciler.Status(status, verdict with { EnforcedClusters = [] }, now.AddMinutes(1), out var moved);
        moved.Should().BeTrue();
    }

    [Fact]
    public void Status_NotExported_EnforcedFalse()
    {
        var verdict = new NetworkPolicyVerdict("demo", "p", 1, null, ["local-only"], [], [], []);

        var status = NetworkPolicyStatusReconciler.Status(null, verdict, DateTimeOffset.UnixEpoch, out _);

        var enforced = status.Conditions!.Value.Single(c => c.Type == "Enforced");
        enforced.Status.Should().Be("False");
        enforced.Reason.Should().Be("NotExported");
        status.Conditions.Value.Single(c => c.Type == "RulesEnforced").Status.Should().Be("True");
    }

    [Fact]
    public void From_Model_ServicesWithTheirExportingClusters()
    {
        var model = new ClusterSetModel(
            [new ServiceModel("demo", "echo", [new ServicePortModel("http", 8080)]), new ServiceModel("demo", "idle", [])],
            [
                new ServiceEndpointsModel("west", "demo", "echo", [], []),
                new ServiceEndpointsModel("east", "demo", "echo", [], []),
                new ServiceEndpointsModel("east", "demo", "echo", [], []),
            ],
            []);

        NetworkPolicyService.From(model).Select(s => (s.Name, string.Join(",", s.Clusters))).Should().Equal(("echo", "east,west"), ("idle", string.Empty));
    }

    [Fact]
    public void ApplyTo_SetsAccessOfGovernedServicesOnly()
    {
        var model = new ClusterSetModel([new ServiceModel("demo", "echo", []), new ServiceModel("demo", "other", [])], [], []);
        var access = new ServiceAccessModel([], AccessAction.Deny, "demo/p");
        var resolution = new NetworkPolicyResolution(new Dictionary<(string, string), ServiceAccessModel> { [("demo", "echo")] = access }, []);

        var applied = resolution.ApplyTo(model);

        applied.Services[0].Access.Should().BeSameAs(access);
        applied.Services[1].Access.Should().BeNull();
    }
}
