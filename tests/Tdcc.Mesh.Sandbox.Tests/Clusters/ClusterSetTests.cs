using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Tests.Clusters;

[Collection(SandboxGroup.Name)]
public sealed class ClusterSetTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task StartAsync_TwoMembers_WritesEndpointsForHubAndMembers()
    {
        var endpoints = await SandboxHost.ReadEndpointsAsync(sandbox.Directory);

        endpoints.Should().NotBeNull();
        endpoints!.Pid.Should().Be(Environment.ProcessId);
        endpoints.Kubeconfig.Should().Be(sandbox.Set.KubeconfigPath);
        endpoints.Clusters.Select(c => (c.Name, c.Role)).Should().Equal(("hub", "hub"), ("east", "member"), ("west", "member"));
        endpoints.Clusters[0].PodCidr.Should().BeNull();
        endpoints.Clusters[1].PodCidr.Should().Be("127.110.0.0/17");
        endpoints.Clusters[1].ServiceCidr.Should().Be("127.110.128.0/17");
        endpoints.Clusters[2].ApiServer.Should().Be(sandbox.West.ApiServer.GetLeftPart(UriPartial.Authority));
    }

    [Fact]
    public async Task StartAsync_TwoMembers_KubeconfigHasAContextPerClusterAndHubCurrent()
    {
        var kubeconfig = Kube.Config.Kubeconfig.Load(sandbox.Set.KubeconfigPath);

        kubeconfig.CurrentContext.Should().Be("hub");
        foreach (var cluster in sandbox.Set.Clusters)
        {
            using var client = KubeClient.FromKubeconfig(sandbox.Set.KubeconfigPath, cluster.Name);
            client.Options.Server.Should().Be(new Uri(cluster.ApiServer.GetLeftPart(UriPartial.Authority)));
            var namespaces = await client.Resource<Namespace>().ListAsync();
            namespaces.Items.Select(n => n.Metadata.Name).Should().Contain("kube-node-lease");
        }
    }

    [Fact]
    public async Task StartAsync_Member_HasThreeReadyNodesWithTopologyAndLeases()
    {
        var nodes = (await sandbox.East.Client.Resource<Node>().ListAsync()).Items;
        var leases = (await sandbox.East.Client.Resource<Lease>().ListAsync(new ListOptions { Namespace = "kube-node-lease" })).Items;
        var hubNodes = (await sandbox.Set.Clusters[0].Client.Resource<Node>().ListAsync()).Items;

        nodes.Select(n => n.Metadata.Name).Should().Equal("east-node-1", "east-node-2", "east-node-3");
        nodes.Should().OnlyContain(n => n.Status!.Conditions!.Value.Any(c => c.Type == "Ready" && c.Status == "True"));
        nodes.Should().OnlyContain(n => n.Metadata.Labels!["topology.kubernetes.io/region"] == "east" && n.Metadata.Labels["topology.kubernetes.io/zone"].StartsWith("east-", StringComparison.Ordinal));
        nodes[0].Status!.Addresses!.Value.Should().Contain(a => a.Type == "InternalIP" && a.Address == "127.110.0.1");
        nodes[0].Status!.Allocatable!["cpu"].Should().Be("4");
        leases.Select(l => l.Metadata.Name).Should().BeEquivalentTo("east-node-1", "east-node-2", "east-node-3");
        hubNodes.Should().BeEmpty();
    }
}
