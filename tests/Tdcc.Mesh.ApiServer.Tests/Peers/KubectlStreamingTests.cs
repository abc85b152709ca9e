using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Tests.Peers;

/// <summary>
/// What kubectl says for the commands a kubelet's stream server answers on real clusters (exec, attach, port-forward,
/// proxy): one sentence naming why and what to use instead, and NotFound only for a pod that does not exist.
/// </summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlStreamingTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: echo}
        spec:
          nodeName: node-1
          containers:
          - {name: echo, image: tdcc.io/echo}
        """;

    [PeerFact("kubectl")]
    public async Task Kubectl_ExecAttachPortForward_OneClearSentenceEach()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);
        (await kubectl.RunAsync(Pod, "apply", "-f", "-")).ExitCode.Should().Be(0);
        (await kubectl.RunAsync(null, "patch", "pod", "echo", "--subresource=status", "--type=merge", "-p", """{"status":{"phase":"Running"}}""")).ExitCode.Should().Be(0, "port-forward asks only running pods");

        var exec = await kubectl.RunAsync(null, "exec", "echo", "--", "ls");
        exec.ExitCode.Should().NotBe(0);
        exec.StandardError.Should().Contain("runs pods as processes, not containers with a shell").And.Contain("tdcc sandbox exec");

        var attach = await kubectl.RunAsync(null, "attach", "echo");
        attach.ExitCode.Should().NotBe(0);
        attach.StandardError.Should().Contain("attach is not available for pods/echo");

        var forward = await kubectl.RunAsync(null, "port-forward", "pod/echo", "18080:8080");
        forward.ExitCode.Should().NotBe(0);
        forward.StandardError.Should().Contain("port forwarding is not available for pods/echo");

        var missing = await kubectl.RunAsync(null, "exec", "nope", "--", "ls");
        missing.ExitCode.Should().NotBe(0);
        missing.StandardError.Should().Contain("pods \"nope\" not found");
    }
}
