using Tdcc.Mesh.IntegrationTests.Fixtures;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Kubectl;

/// <summary>kubectl apply (client- and server-side), replace and edit against the sandbox API server.</summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlApplyTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private readonly Kubectl _kubectl = new(fixture);

    [PeerFact("kubectl")]
    public async Task Apply_CreateChangeRepeat_ReportsCreatedConfiguredUnchanged()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("apply");

        (await _kubectl.OkWithInputAsync(Manifests.Deployment("web", ns, replicas: 2), "apply", "-f", "-"))
            .Should().Be("deployment.apps/web created\n");
        (await _kubectl.OkWithInputAsync(Manifests.Deployment("web", ns, replicas: 3), "apply", "-f", "-"))
            .Should().Be("deployment.apps/web configured\n");
        (await _kubectl.OkWithInputAsync(Manifests.Deployment("web", ns, replicas: 3), "apply", "-f", "-"))
            .Should().Be("deployment.apps/web unchanged\n");

        (await _kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas} {.metadata.generation}"))
            .Should().Be("3 2");
        (await _kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}"))
            .Should().Contain("\"replicas\":3");
    }

    [PeerFact("kubectl")]
    public async Task ApplyServerSide_SecondManagerChangesField_ReportsConflictUntilForced()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("ssa");

        (await _kubectl.OkWithInputAsync(Manifests.ConfigMap("shared", ns, "alice"), "apply", "--server-side", "--field-manager=alice", "-f", "-"))
            .Should().Be("configmap/shared serverside-applied\n");

        var conflict = await _kubectl.FailAsync(Manifests.ConfigMap("shared", ns, "bob"), "apply", "--server-side", "--field-manager=bob", "-f", "-");
        conflict.Should().Contain("Apply failed with 1 conflict: conflict with \"alice\": .data.key")
            .And.Contain("--force-conflicts");
        (await _kubectl.OkAsync("get", "cm", "shared", "-n", ns, "-o", "jsonpath={.data.key}")).Should().Be("alice");

        (await _kubectl.OkWithInputAsync(Manifests.ConfigMap("shared", ns, "bob"), "apply", "--server-side", "--field-manager=bob", "--force-conflicts", "-f", "-"))
            .Should().Be("configmap/shared serverside-applied\n");
        (await _kubectl.OkAsync("get", "cm", "shared", "-n", ns, "-o", "jsonpath={.data.key}")).Should().Be("bob");
        (await _kubectl.OkAsync("get", "cm", "shared", "-n", ns, "--show-managed-fields", "-o", "jsonpath={range .metadata.managedFields[*]}{.manager}:{.operation};{end}"))
            .Should().Contain("bob:Apply");
    }

    [PeerFact("kubectl")]
    public async Task Replace_StaleResourceVersion_PrintsKubesConflictMessage()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("replace");
        await _kubectl.OkWithInputAsync(Manifests.ConfigMap("cfg", ns, "one"), "apply", "-f", "-");
        var staleVersion = await _kubectl.OkAsync("get", "cm", "cfg", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}");
        await _kubectl.OkAsync("patch", "cm", "cfg", "-n", ns, "--type", "merge", "-p", "{\"data\":{\"key\":\"two\"}}");

        var stale = $$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg, namespace: {{ns}}, resourceVersion: "{{staleVersion}}"}
            data: {key: three}
            """;
        var error = await _kubectl.FailAsync(stale, "replace", "-f", "-");

        error.Should().Contain("Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled on configmaps \"cfg\": the object has been modified; please apply your changes to the latest version and try again");
        (await _kubectl.OkWithInputAsync(stale.Replace($"resourceVersion: \"{staleVersion}\"", "resourceVersion: \"\"", StringComparison.Ordinal), "replace", "-f", "-"))
            .Should().Be("configmap/cfg replaced\n");
        (await _kubectl.OkAsync("get", "cm", "cfg", "-n", ns, "-o", "jsonpath={.data.key}")).Should().Be("three");
    }

    [PeerFact("kubectl")]
    public async Task Edit_ScriptedEditor_SavesTheChange()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("edit");
        await _kubectl.OkWithInputAsync(Manifests.ConfigMap("cfg", ns, "before"), "apply", "-f", "-");
        var editor = fixture.WriteFile($"editor-{ns}.sh", "#!/bin/sh\nsed -i 's/key: before/key: after/' \"$1\"\n");

        // kubectl splits KUBE_EDITOR on spaces, so the script needs no execute bit.
        var result = await _kubectl.RunAsync(null, new Dictionary<string, string> { ["KUBE_EDITOR"] = "sh " + editor }, "edit", "cm", "cfg", "-n", ns);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Be("configmap/cfg edited\n");
        (await _kubectl.OkAsync("get", "cm", "cfg", "-n", ns, "-o", "jsonpath={.data.key}")).Should().Be("after");
    }
}
