using Tdcc.Mesh.ApiServer.Tests.Objects;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Tests.Peers;

[Trait("Peer", "kubectl")]
public sealed class KubectlSmokeTests
{
    private const string Manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
          - port: 80
        """;

    [PeerFact("kubectl")]
    public async Task Kubectl_CommonCommands_Work()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);
        async Task<PeerResult> Kubectl(string? stdin, params string[] args)
        {
            var result = await kubectl.RunAsync(stdin, args);
            result.ExitCode.Should().Be(0, result.ToString());
            return result;
        }

        (await Kubectl(Manifest, "apply", "-f", "-")).StandardOutput.Should().Contain("deployment.apps/web created");
        (await Kubectl(Manifest.Replace("replicas: 2", "replicas: 3"), "apply", "-f", "-")).StandardOutput.Should().Contain("deployment.apps/web configured");
        (await Kubectl(null, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas}")).StandardOutput.Should().Be("3");
        var table = (await Kubectl(null, "get", "svc,deploy")).StandardOutput;
        table.Should().Contain("CLUSTER-IP").And.Contain("UP-TO-DATE").And.Contain("10.96.");
        (await Kubectl(null, "api-resources")).StandardOutput.Should().Contain("deployments").And.Contain("deploy");
        await Kubectl(CustomResourceTests.WidgetCrd().ToJsonString(), "apply", "-f", "-");
        (await Kubectl("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 4}\n", "apply", "-f", "-")).StandardOutput.Should().Contain("widget.example.com/w created");
        (await Kubectl(null, "get", "wg")).StandardOutput.Should().Contain("SIZE").And.Contain("4");
        (await Kubectl(null, "explain", "widget.spec")).StandardOutput.Should().Contain("size");
        (await Kubectl(null, "get", "deploy", "web", "-o", "json")).StandardOutput.Should().Contain("\"kind\": \"Deployment\"");
        (await Kubectl(null, "delete", "deploy", "web")).StandardOutput.Should().Contain("deleted");
        (await Kubectl("apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n", "apply", "-f", "-")).StandardOutput.Should().Contain("namespace/team created");
        (await Kubectl(null, "delete", "namespace", "team")).StandardOutput.Should().Contain("deleted");
    }
}
