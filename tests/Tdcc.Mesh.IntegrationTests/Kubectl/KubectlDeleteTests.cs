using Tdcc.Mesh.IntegrationTests.Fixtures;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Kubectl;

/// <summary>kubectl delete with finalizers and namespace deletion.</summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlDeleteTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private readonly Kubectl _kubectl = new(fixture);

    [PeerFact("kubectl")]
    public async Task Delete_ObjectWithFinalizer_StaysUntilFinalizerRemoved()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("finalize");
        await _kubectl.OkWithInputAsync(Manifests.ConfigMap("held", ns, "v", finalizer: "example.com/hold"), "apply", "-f", "-");

        (await _kubectl.OkAsync("delete", "cm", "held", "-n", ns, "--wait=false")).Should().Be("configmap \"held\" deleted\n");

        var state = await _kubectl.OkAsync("get", "cm", "held", "-n", ns, "-o", "jsonpath={.metadata.deletionTimestamp}|{.metadata.finalizers}");
        state.Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\|\[""example.com/hold""\]$");

        (await _kubectl.OkAsync("patch", "cm", "held", "-n", ns, "--type", "json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]"))
            .Should().Be("configmap/held patched\n");
        (await _kubectl.FailAsync(null, "get", "cm", "held", "-n", ns))
            .Should().Be("Error from server (NotFound): configmaps \"held\" not found\n");
    }

    [PeerFact("kubectl")]
    public async Task Delete_WithoutFinalizers_WaitsAndReportsDeleted()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("delete");
        await _kubectl.OkWithInputAsync(Manifests.Deployment("web", ns), "apply", "-f", "-");

        (await _kubectl.OkAsync("delete", "deploy", "web", "-n", ns)).Should().Be("deployment.apps \"web\" deleted\n");

        (await _kubectl.OkAsync("get", "deploy", "-n", ns)).Should().BeEmpty();
        (await _kubectl.RunAsync(null, null, "get", "deploy", "-n", ns)).StandardError.Should().Be($"No resources found in {ns} namespace.\n");
    }

    [PeerFact("kubectl")]
    public async Task DeleteNamespace_WithObjects_RemovesNamespaceAndContents()
    {
        RequirePeer.Present(Kubectl.Peer);
        var manifest = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: doomed}
            ---
            """ + "\n" + Manifests.ConfigMap("cfg", "doomed", "v") + "\n---\n" + Manifests.Deployment("web", "doomed");
        (await _kubectl.OkWithInputAsync(manifest, "apply", "-f", "-"))
            .Should().Be("namespace/doomed created\nconfigmap/cfg created\ndeployment.apps/web created\n");

        (await _kubectl.OkAsync("delete", "namespace", "doomed")).Should().Be("namespace \"doomed\" deleted\n");

        (await _kubectl.FailAsync(null, "get", "namespace", "doomed")).Should().Be("Error from server (NotFound): namespaces \"doomed\" not found\n");
        (await _kubectl.OkAsync("get", "cm,deploy", "-n", "doomed", "-o", "name")).Should().BeEmpty();
        fixture.Server.Store.ListObjects("v1", "configmaps", "doomed").Should().BeEmpty();
        fixture.Server.Store.ListObjects("apps/v1", "deployments", "doomed").Should().BeEmpty();
    }
}
