using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Clusters;

[Collection(SandboxGroup.Name)]
[Trait("Peer", "kubectl")]
public sealed class SandboxKubectlTests(SandboxFixture sandbox)
{
    [PeerFact("kubectl")]
    public async Task Kubectl_EveryContext_GetsPodsAndNodes()
    {
        RequirePeer.Present("kubectl");
        foreach (var cluster in sandbox.Set.Clusters)
        {
            var pods = await PeerTools.RunAsync("kubectl", ["--kubeconfig", sandbox.Set.KubeconfigPath, "--context", cluster.Name, "get", "pods", "-A"], timeout: TimeSpan.FromSeconds(60));
            var nodes = await PeerTools.RunAsync("kubectl", ["--kubeconfig", sandbox.Set.KubeconfigPath, "--context", cluster.Name, "get", "nodes", "-o", "wide"], timeout: TimeSpan.FromSeconds(60));

            pods.ExitCode.Should().Be(0, pods.StandardError);
            nodes.ExitCode.Should().Be(0, nodes.StandardError);
            if (cluster.Name != "hub")
            {
                nodes.StandardOutput.Should().Contain($"{cluster.Name}-node-1").And.Contain("Ready");
            }
        }
    }
}
