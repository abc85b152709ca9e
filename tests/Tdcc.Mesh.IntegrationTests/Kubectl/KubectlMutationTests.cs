using Tdcc.Mesh.IntegrationTests.Fixtures;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Kubectl;

/// <summary>kubectl label, annotate, patch (merge, json, strategic) and scale.</summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlMutationTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private readonly Kubectl _kubectl = new(fixture);

    [PeerFact("kubectl")]
    public async Task Label_AddOverwriteRemove_FollowsKubectlRules()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("label");
        await _kubectl.OkWithInputAsync(Manifests.Deployment("web", ns), "apply", "-f", "-");

        (await _kubectl.OkAsync("label", "deploy", "web", "-n", ns, "tier=frontend")).Should().Be("deployment.apps/web labeled\n");
        var refused = await _kubectl.FailAsync(null, "label", "deploy", "web", "-n", ns, "tier=backend");
        refused.Should().Be("error: 'tier' already has a value (frontend), and --overwrite is false\n");
        (await _kubectl.OkAsync("label", "deploy", "web", "-n", ns, "tier=backend", "--overwrite")).Should().Be("deployment.apps/web labeled\n");
        (await _kubectl.OkAsync("get", "deploy", "-n", ns, "-l", "tier=backend", "-o", "name")).Should().Be("deployment.apps/web\n");

        (await _kubectl.OkAsync("label", "deploy", "web", "-n", ns, "tier-")).Should().Be("deployment.apps/web unlabeled\n");
        (await _kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.metadata.labels}")).Should().Be("{\"app\":\"web\"}");
    }

    [PeerFact("kubectl")]
    public async Task Annotate_AddAndRemove_ChangesAnnotations()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("annotate");
        await _kubectl.OkWithInputAsync(Manifests.ConfigMap("cfg", ns, "v"), "apply", "-f", "-");

        (await _kubectl.OkAsync("annotate", "cm", "cfg", "-n", ns, "example.com/owner=team-a")).Should().Be("configmap/cfg annotated\n");
        (await _kubectl.OkAsync("get", "cm", "cfg", "-n", ns, "-o", "jsonpath={.metadata.annotations.example\\.com/owner}")).Should().Be("team-a");
        (await _kubectl.FailAsync(null, "annotate", "cm", "cfg", "-n", ns, "example.com/owner=team-b"))
            .Should().Be("error: --overwrite is false but found the following declared annotation(s): 'example.com/owner' already has a value (team-a)\n");
        (await _kubectl.OkAsync("annotate", "cm", "cfg", "-n", ns, "example.com/owner-")).Should().Be("configmap/cfg annotated\n");
        (await _kubectl.OkAsync("get", "cm", "cfg", "-n", ns, "-o", "jsonpath={.metadata.annotations.example\\.com/owner}")).Should().BeEmpty();
    }

    [PeerFact("kubectl")]
    public async Task Patch_MergeJsonAndStrategic_ApplyTheirSemantics()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("patch");
        await _kubectl.OkWithInputAsync(Manifests.Deployment("web", ns), "apply", "-f", "-");

        (await _kubectl.OkAsync("patch", "deploy", "web", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"replicas\":4}}"))
            .Should().Be("deployment.apps/web patched\n");
        (await _kubectl.OkAsync("patch", "deploy", "web", "-n", ns, "--type", "json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]"))
            .Should().Be("deployment.apps/web patched\n");
        (await _kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Should().Be("5");

        // The default (strategic) patch merges the containers list by name: sidecar keeps its image.
        (await _kubectl.OkAsync("patch", "deploy", "web", "-n", ns, "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.28\"}]}}}}"))
            .Should().Be("deployment.apps/web patched\n");
        (await _kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image};{end}"))
            .Should().Be("app=nginx:1.28;sidecar=busybox:1.36;");

        // A merge patch replaces the whole list.
        await _kubectl.OkAsync("patch", "deploy", "web", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.29\"}]}}}}");
        (await _kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image};{end}"))
            .Should().Be("app=nginx:1.29;");

        (await _kubectl.OkAsync("patch", "deploy", "web", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"replicas\":5}}"))
            .Should().Be("deployment.apps/web patched (no change)\n");
    }

    [PeerFact("kubectl")]
    public async Task Scale_Deployment_ReplicasShowInGet()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("scale");
        await _kubectl.OkWithInputAsync(Manifests.Deployment("web", ns, replicas: 2), "apply", "-f", "-");

        (await _kubectl.OkAsync("scale", "deploy", "web", "-n", ns, "--replicas=7")).Should().Be("deployment.apps/web scaled\n");

        var lines = (await _kubectl.OkAsync("get", "deploy", "-n", ns)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        lines[0].Should().MatchRegex(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$");
        lines[1].Should().MatchRegex(@"^web\s+0/7\s+0\s+0\s+\d+s$");
        (await _kubectl.FailAsync(null, "scale", "deploy", "web", "-n", ns, "--current-replicas=3", "--replicas=1"))
            .Should().Be("error: Expected replicas to be 3, was 7\n");
    }
}
