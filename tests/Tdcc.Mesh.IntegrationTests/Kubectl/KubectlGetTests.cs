using System.Text.Json.Nodes;
using Tdcc.Mesh.IntegrationTests.Fixtures;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Kubectl;

/// <summary>kubectl get in its output formats, get -w, and get of a missing object.</summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlGetTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private readonly Kubectl _kubectl = new(fixture);

    [PeerFact("kubectl")]
    public async Task Get_OutputFormats_PrintTheStoredObject()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("get");
        await _kubectl.OkWithInputAsync(Manifests.Deployment("web", ns, replicas: 2), "apply", "-f", "-");

        var json = JsonNode.Parse(await _kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o", "json"))!;
        ((string?)json["kind"]).Should().Be("Deployment");
        ((string?)json["apiVersion"]).Should().Be("apps/v1");
        ((string?)json["metadata"]!["namespace"]).Should().Be(ns);
        ((string?)json["metadata"]!["uid"]).Should().NotBeNullOrEmpty();
        ((int?)json["spec"]!["replicas"]).Should().Be(2);

        var yaml = await _kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o", "yaml");
        yaml.Should().StartWith("apiVersion: apps/v1\n").And.Contain("kind: Deployment\n").And.Contain($"  namespace: {ns}\n").And.Contain("  replicas: 2\n");

        (await _kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.metadata.name}:{.spec.template.spec.containers[*].image}"))
            .Should().Be("web:nginx:1.27 busybox:1.36");

        var wide = (await _kubectl.OkAsync("get", "deploy", "-n", ns, "-o", "wide")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        wide[0].Should().MatchRegex(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$");
        wide[1].Should().MatchRegex(@"^web\s+0/2\s+0\s+0\s+\d+s\s+app,sidecar\s+nginx:1.27,busybox:1.36\s+app=web$");

        var accounts = (await _kubectl.OkAsync("get", "serviceaccounts", "-n", ns)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        accounts.Should().HaveCount(2);
        accounts[0].Should().MatchRegex(@"^NAME\s+SECRETS\s+AGE$");
        accounts[1].Should().MatchRegex(@"^default\s+0\s+\d+s$");
    }

    [PeerFact("kubectl")]
    public async Task GetWatch_LaterChange_PrintsTheNewRow()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("watch");
        await _kubectl.OkWithInputAsync(Manifests.Deployment("web", ns, replicas: 2), "apply", "-f", "-");
        using var watch = KubectlWatch.Start(fixture, "get", "deploy", "-n", ns, "-w");
        await watch.WaitForAsync(output => output.Contains("web ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        await _kubectl.OkAsync("scale", "deploy", "web", "-n", ns, "--replicas=5");
        await _kubectl.OkWithInputAsync(Manifests.Deployment("api", ns, replicas: 1), "apply", "-f", "-");
        var output = await watch.WaitForAsync(o => o.Contains("0/5", StringComparison.Ordinal) && o.Contains("api ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$");
        lines.Should().Contain(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^web\s+0/2\s+0\s+0\s+\d+s$"));
        lines.Should().Contain(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^web\s+0/5\s+0\s+0\s+\d+s$"));
        lines.Should().Contain(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^api\s+0/1\s+0\s+0\s+\d+s$"));
        output.Should().NotContain("stderr:");
    }

    [PeerFact("kubectl")]
    public async Task Get_MissingPod_PrintsNotFound()
    {
        RequirePeer.Present(Kubectl.Peer);

        var error = await _kubectl.FailAsync(null, "get", "pods", "nonexistent");

        error.Should().Be("Error from server (NotFound): pods \"nonexistent\" not found\n");
    }
}
