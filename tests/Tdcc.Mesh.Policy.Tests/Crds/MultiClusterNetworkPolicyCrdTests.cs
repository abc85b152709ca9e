using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Policy.Api;
using Tdcc.Mesh.Policy.Crds;

namespace Tdcc.Mesh.Policy.Tests.Crds;

public sealed class MultiClusterNetworkPolicyCrdTests
{
    private static async Task<(KubeApiServer Server, KubeClient Client)> StartAsync()
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "policy" });
        var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, "tdcc-mesh-policy-tests").InstallAsync([PolicyCrds.Read(PolicyCrds.MultiClusterNetworkPolicies)]);
        await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "demo" } });
        return (server, client);
    }

    [Fact]
    public async Task Create_FullPolicy_StoredAsWritten_StatusWrittenThroughTheSubresource()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        var created = await client.Resource<MultiClusterNetworkPolicy>().CreateAsync(new MultiClusterNetworkPolicy
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "deny-west" },
            Spec = new MultiClusterNetworkPolicySpec
            {
                TargetRefs = [new PolicyTargetReference { Name = "echo" }],
                Priority = 5,
                DefaultAction = "Allow",
                Rules =
                [
                    new NetworkPolicyRule
                    {
                        Name = "no-west",
                        Action = "Deny",
                        From = [new NetworkPolicySource { Clusters = ["west"], Namespaces = ["batch"] }],
                        To = [new NetworkPolicyOperation { Ports = [8080], Http = new NetworkPolicyHttpMatch { Methods = ["POST"], Paths = ["/admin/*"] } }],
                    },
                    new NetworkPolicyRule { Action = "Allow", To = [new NetworkPolicyOperation { Grpc = new NetworkPolicyGrpcMatch { Service = "tdcc.echo.v1.EchoService" } }] },
                ],
            },
        });

        created.Spec!.Rules!.Value[0].From!.Value[0].Clusters!.Value.Should().Equal("west");
        created.Spec.Rules.Value[1].To!.Value[0].Grpc!.Service.Should().Be("tdcc.echo.v1.EchoService");
        var updated = await client.Resource<MultiClusterNetworkPolicy>().UpdateStatusAsync(
            created with { Status = new MultiClusterNetworkPolicyStatus { EnforcedClusters = ["east"] } });
        updated.Status!.EnforcedClusters!.Value.Should().Equal("east");
    }

    [Theory]
    [InlineData("action", "spec.rules[0].action")]
    [InlineData("default", "spec.defaultAction")]
    [InlineData("port", "spec.rules[0].to[0].ports[0]")]
    public async Task Create_StructurallyInvalidPolicy_Is422NamingTheField(string what, string field)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        var spec = what switch
        {
            "action" => new MultiClusterNetworkPolicySpec { Rules = [new NetworkPolicyRule { Action = "Drop" }] },
            "default" => new MultiClusterNetworkPolicySpec { DefaultAction = "Reject" },
            _ => new MultiClusterNetworkPolicySpec { Rules = [new NetworkPolicyRule { Action = "Deny", To = [new NetworkPolicyOperation { Ports = [0] }] }] },
        };

        var create = () => client.Resource<MultiClusterNetworkPolicy>().CreateAsync(new MultiClusterNetworkPolicy { Metadata = new ObjectMeta { Namespace = "demo", Name = "bad" }, Spec = spec });

        var error = (await create.Should().ThrowAsync<Tdcc.Mesh.Kube.Client.KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.Invalid);
        error.Message.Should().Contain(field);
    }

    [Fact]
    public void Read_Manifest_MatchesTheChartCopy()
    {
        var chart = Path.Combine(Tdcc.Mesh.Testing.PeerTools.RepoRoot, "charts", "tdcc-mesh", "crds", "multiclusternetworkpolicies.networking.tdcc.io.yaml");
        PolicyCrds.Read(PolicyCrds.MultiClusterNetworkPolicies).Should().Be(File.ReadAllText(chart));
    }
}
