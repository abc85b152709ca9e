using System.Text.RegularExpressions;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Controllers;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Metrics;

/// <summary>kubectl top against the sandbox's metrics.k8s.io, fed by the kubelet's usage (simulated for echo pods).</summary>
[Collection(SandboxGroup.Name)]
[Trait("Peer", "kubectl")]
public sealed partial class KubectlTopTests(SandboxFixture sandbox)
{
    [PeerFact("kubectl")]
    public async Task KubectlTop_NodesPodsAndContainers_ShowUsage()
    {
        RequirePeer.Present("kubectl");
        const string ns = "top-demo";
        await TestWorkloads.CreateNamespaceAsync(sandbox.East.Client, ns);
        var deployment = TestWorkloads.EchoDeployment(ns, "echo-top", 2);
        await sandbox.East.Client.Resource<Kube.Model.Deployment>().CreateAsync(deployment);
        var pods = await TestWorkloads.RunningPodsAsync(sandbox.East.Client, ns, "echo-top", 2, TimeSpan.FromSeconds(60));

        var nodes = await KubectlAsync("top", "nodes");
        var podsTop = await KubectlAsync("top", "pods", "-n", ns);
        var first = pods[0].Metadata!.Name!;
        var containers = await KubectlAsync("top", "pod", first, "-n", ns, "--containers");
        var again = await KubectlAsync("top", "pods", "-n", ns);

        nodes.Should().Contain("CPU(cores)").And.Contain("MEMORY(bytes)").And.Contain("east-node-1");
        NodeLine().IsMatch(nodes).Should().BeTrue(nodes);
        podsTop.Should().Contain(first).And.Contain(pods[1].Metadata!.Name!);
        PodLine().Count(podsTop).Should().Be(2, podsTop);
        containers.Should().Contain("echo").And.Contain(first);
        again.Should().Be(podsTop, "in-process pods report a stable simulated usage");
    }

    [PeerFact("kubectl")]
    public async Task KubectlTop_MissingPod_SaysNotFound()
    {
        RequirePeer.Present("kubectl");
        var result = await PeerTools.RunAsync("kubectl", ["--kubeconfig", sandbox.Set.KubeconfigPath, "--context", "east", "top", "pod", "nope", "-n", "default"], timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("podmetrics.metrics.k8s.io \"default/nope\" not found");
    }

    private async Task<string> KubectlAsync(params string[] args)
    {
        var result = await PeerTools.RunAsync("kubectl", ["--kubeconfig", sandbox.Set.KubeconfigPath, "--context", "east", .. args], timeout: TimeSpan.FromSeconds(60));
        result.ExitCode.Should().Be(0, result.ToString());
        return result.StandardOutput;
    }

    [GeneratedRegex(@"east-node-\d+\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"echo-top-\S+\s+\d+m\s+\d+Mi")]
    private static partial Regex PodLine();
}
