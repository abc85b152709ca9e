using System.Collections.Immutable;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Policy.Api;
using Tdcc.Mesh.Policy.Crds;

namespace Tdcc.Mesh.Policy.Tests.Crds;

public sealed class TrafficPolicyCrdTests
{
    private static async Task<(KubeApiServer Server, KubeClient Client)> StartAsync()
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "policy" });
        var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, "tdcc-mesh-policy-tests").InstallAsync([PolicyCrds.Read(PolicyCrds.TrafficPolicies)]);
        await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "demo" } });
        return (server, client);
    }

    [Fact]
    public async Task Create_ValidPolicy_IsStoredWithDefaultedTargetGroupAndKind()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        var created = await client.Resource<TrafficPolicy>().CreateAsync(new TrafficPolicy
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "echo" },
            Spec = new TrafficPolicySpec
            {
                TargetRefs = [new PolicyTargetReference { Name = "echo" }],
                Timeout = "1m30s",
                Retries = new RetrySpec { Attempts = 2, RetryOn = ["unavailable"], PerTryTimeout = "500ms" },
                ClusterWeights = ImmutableDictionary<string, int>.Empty.Add("east", 3),
            },
        });

        created.Spec!.TargetRefs!.Value.Single().Should().Be(new PolicyTargetReference { Group = "multicluster.x-k8s.io", Kind = "ServiceImport", Name = "echo" });
        created.Spec.Timeout.Should().Be("1m30s");
        created.Spec.Retries!.Attempts.Should().Be(2);
    }

    [Theory]
    [InlineData("timeout", "spec.timeout")]
    [InlineData("weight", "spec.clusterWeights.east")]
    [InlineData("balancer", "spec.loadBalancer")]
    [InlineData("targets", "spec.targetRefs")]
    public async Task Create_StructurallyInvalidPolicy_Is422NamingTheField(string what, string field)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        var spec = what switch
        {
            "timeout" => new TrafficPolicySpec { TargetRefs = [new PolicyTargetReference { Name = "echo" }], Timeout = "soon" },
            "weight" => new TrafficPolicySpec { TargetRefs = [new PolicyTargetReference { Name = "echo" }], ClusterWeights = ImmutableDictionary<string, int>.Empty.Add("east", 500) },
            "balancer" => new TrafficPolicySpec { TargetRefs = [new PolicyTargetReference { Name = "echo" }], LoadBalancer = "Random" },
            _ => new TrafficPolicySpec { TargetRefs = [] },
        };

        var create = () => client.Resource<TrafficPolicy>().CreateAsync(new TrafficPolicy { Metadata = new ObjectMeta { Namespace = "demo", Name = "bad" }, Spec = spec });

        var error = (await create.Should().ThrowAsync<Tdcc.Mesh.Kube.Client.KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.Invalid);
        error.Message.Should().Contain(field);
    }

    [Fact]
    public void Read_Manifest_MatchesTheChartCopy()
    {
        var chart = Path.Combine(Tdcc.Mesh.Testing.PeerTools.RepoRoot, "charts", "tdcc-mesh", "crds", "trafficpolicies.networking.tdcc.io.yaml");
        PolicyCrds.Read(PolicyCrds.TrafficPolicies).Should().Be(File.ReadAllText(chart));
    }
}
