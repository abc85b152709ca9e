using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Tests.Peers;

/// <summary>kubectl shows the server's validation errors (422 and 400) and explains the typed built-in schemas.</summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlValidationTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: bad
        spec:
          replicas: REPLICAS
          selector:
            matchLabels: {app: bad}
          template:
            metadata:
              labels: {app: bad}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
        """;

    [PeerFact("kubectl")]
    public async Task Kubectl_ApplyInvalidDeployment_ShowsKubeErrors()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);
        Task<PeerResult> Kubectl(string? stdin, params string[] args) => kubectl.RunAsync(stdin, args);

        var invalid = await Kubectl(Deployment.Replace("REPLICAS", "-1", StringComparison.Ordinal), "apply", "-f", "-");
        invalid.ExitCode.Should().NotBe(0, invalid.ToString());
        invalid.StandardError.Should().Contain("The Deployment \"bad\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", invalid.ToString());

        var wrongType = await Kubectl(Deployment.Replace("REPLICAS", "three", StringComparison.Ordinal), "apply", "-f", "-");
        wrongType.ExitCode.Should().NotBe(0, wrongType.ToString());
        wrongType.StandardError.Should().Contain("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", wrongType.ToString());

        var valid = await Kubectl(Deployment.Replace("REPLICAS", "2", StringComparison.Ordinal), "apply", "-f", "-");
        valid.ExitCode.Should().Be(0, valid.ToString());
        var explain = await Kubectl(null, "explain", "deployment.spec.replicas");
        explain.ExitCode.Should().Be(0, explain.ToString());
        explain.StandardOutput.Should().Contain("replicas").And.Contain("<integer>");
    }
}
