using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Clusters.Tests;

[Trait("Category", "Slow")]
[Trait("Peer", "kubectl")]
public sealed class KubectlTests
{
    private static async Task GrantAnonymousReadAsync(ClustersHarness h)
    {
        var roles = h.HubAdmin.Resource(new ResourceType("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false));
        var bindings = h.HubAdmin.Resource(new ResourceType("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false));
        await roles.CreateAsync(GenericObject.Parse("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"anonymous-cluster-viewer"},
             "rules":[{"apiGroups":["clusters.tdcc.io"],"resources":["*"],"verbs":["get","list","watch"]},
                      {"nonResourceURLs":["/api","/api/*","/apis","/apis/*","/openapi/*","/version"],"verbs":["get"]}]}
            """));
        await bindings.CreateAsync(GenericObject.Parse("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"anonymous-cluster-viewer"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"anonymous-cluster-viewer"},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"system:anonymous"}]}
            """));
    }

    [PeerFact("kubectl")]
    public async Task KubectlGetManagedClusters_ShowsPrinterColumns()
    {
        RequirePeer.Present("kubectl");
        // kubectl sends bearer tokens only over https; against this plain-http hub it is anonymous, so let RBAC allow that.
        await using var h = await ClustersHarness.StartAsync(anonymous: true);
        await GrantAnonymousReadAsync(h);
        var agent = h.StartAgent(h.AgentOptions("member-1", await h.BootstrapTokenAsync()), h.Member1);
        var membership = await agent.Joined.WaitAsync(TimeSpan.FromSeconds(20));
        await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1"),
            c => ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready) && c.Status?.KubernetesVersion is not null);
        var path = Path.Combine(Path.GetTempPath(), $"tdcc-clusters-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, PushModeTests.Kubeconfig(h.HubServer.BaseAddress, ClustersHarness.AdminToken));
        try
        {
            var result = await PeerTools.RunAsync("kubectl", ["--kubeconfig", path, "get", "managedclusters"]);
            result.ExitCode.Should().Be(0, result.StandardError);
            var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("NAME", "CLUSTERID", "MODE", "READY", "KUBEVERSION", "AGE");
            lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5).Should().Equal("member-1", membership.ClusterId, "Pull", "True", "v1.31.4");

            var requests = await PeerTools.RunAsync("kubectl", ["--kubeconfig", path, "get", "crr"]);
            requests.ExitCode.Should().Be(0, requests.StandardError);
            requests.StandardOutput.Should().Contain("Approved");

            var properties = await PeerTools.RunAsync("kubectl", ["--server", h.Member1Server.BaseAddress.ToString(), "get", "clusterproperties"]);
            properties.ExitCode.Should().Be(0, properties.StandardError);
            properties.StandardOutput.Should().Contain("VALUE").And.Contain("cluster.clusterset.k8s.io").And.Contain("test-set");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
