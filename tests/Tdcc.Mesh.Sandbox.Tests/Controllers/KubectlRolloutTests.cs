using System.Text.RegularExpressions;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

/// <summary><c>kubectl rollout</c> and <c>kubectl wait</c> against the sandbox, as on a real cluster.</summary>
[Collection(SandboxGroup.Name)]
[Trait("Peer", "kubectl")]
public sealed partial class KubectlRolloutTests(SandboxFixture sandbox)
{
    [PeerFact("kubectl")]
    public async Task Rollout_ImageChangesWithChangeCauses_HistoryListsThemAndUndoRestoresRevisionOne()
    {
        RequirePeer.Present("kubectl");
        var kubectl = new SandboxKubectl(sandbox, "rollout-history");
        await kubectl.CreateEchoDeploymentAsync("web", 3);
        await kubectl.OkAsync("annotate", "deploy/web", "kubernetes.io/change-cause=create web", "--overwrite");
        foreach (var tag in new[] { "v2", "v3" })
        {
            await kubectl.OkAsync("set", "image", "deploy/web", $"echo=tdcc.io/echo:{tag}");
            (await kubectl.OkAsync("rollout", "status", "deploy/web", "--timeout=90s")).Should().Contain("deployment \"web\" successfully rolled out");
            await kubectl.OkAsync("annotate", "deploy/web", $"kubernetes.io/change-cause=image {tag}", "--overwrite");
        }

        var history = await Eventually.GetAsync<string>(
            async () => await kubectl.OkAsync("rollout", "history", "deploy/web"),
            h => h.Contains("image v3", StringComparison.Ordinal),
            "the change-cause reaches the new ReplicaSet");
        Rows(history).Should().Equal(("1", "create web"), ("2", "image v2"), ("3", "image v3"));
        (await kubectl.OkAsync("rollout", "history", "deploy/web", "--revision=2")).Should().Contain("tdcc.io/echo:v2");
        (await kubectl.OkAsync("get", "deploy/web", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).Should().Be("3");

        (await kubectl.OkAsync("rollout", "undo", "deploy/web", "--to-revision=1")).Should().Contain("rolled back");
        (await kubectl.OkAsync("rollout", "status", "deploy/web", "--timeout=90s")).Should().Contain("successfully rolled out");

        (await kubectl.OkAsync("get", "deploy/web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).Should().Be("tdcc.io/echo");
        (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.containers[0].image}")).Split(' ').Should().HaveCount(3).And.OnlyContain(i => i == "tdcc.io/echo");
        var after = await Eventually.GetAsync<string>(
            async () => await kubectl.OkAsync("rollout", "history", "deploy/web"),
            h => Rows(h).Any(r => r.Revision == "4"),
            "revision 4 in the history");
        Rows(after).Should().Equal(("2", "image v2"), ("3", "image v3"), ("4", "create web"));
        var rs = await kubectl.JsonAsync("get", "rs", "-l", "app=web");
        rs["items"]!.AsArray().Should().HaveCount(3);
        rs["items"]!.AsArray().Should().ContainSingle(r => (string?)r!["metadata"]!["annotations"]!["deployment.kubernetes.io/revision-history"] == "1");
    }

    [PeerFact("kubectl")]
    public async Task Rollout_PausedThenChanged_NoNewReplicaSetUntilResumed()
    {
        RequirePeer.Present("kubectl");
        var kubectl = new SandboxKubectl(sandbox, "rollout-pause");
        await kubectl.CreateEchoDeploymentAsync("web", 2);

        (await kubectl.OkAsync("rollout", "pause", "deploy/web")).Should().Contain("paused");
        await kubectl.OkAsync("set", "image", "deploy/web", "echo=tdcc.io/echo:v2");
        await Eventually.TrueAsync(
            async () => await kubectl.OkAsync("get", "deploy/web", "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}") == "DeploymentPaused",
            "Progressing says DeploymentPaused");
        await Task.Delay(TimeSpan.FromSeconds(1));
        (await kubectl.JsonAsync("get", "rs", "-l", "app=web"))["items"]!.AsArray().Should().HaveCount(1, "a paused deployment gets no new ReplicaSet");

        (await kubectl.OkAsync("rollout", "resume", "deploy/web")).Should().Contain("resumed");
        (await kubectl.OkAsync("rollout", "status", "deploy/web", "--timeout=90s")).Should().Contain("successfully rolled out");
        (await kubectl.JsonAsync("get", "rs", "-l", "app=web"))["items"]!.AsArray().Should().HaveCount(2);
        (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.containers[0].image}")).Split(' ').Should().OnlyContain(i => i == "tdcc.io/echo:v2");
    }

    [PeerFact("kubectl")]
    public async Task Rollout_Restart_NewReplicaSetAndNewPods()
    {
        RequirePeer.Present("kubectl");
        var kubectl = new SandboxKubectl(sandbox, "rollout-restart");
        await kubectl.CreateEchoDeploymentAsync("web", 2);
        var before = (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}")).Split(' ');

        (await kubectl.OkAsync("rollout", "restart", "deploy/web")).Should().Contain("restarted");
        (await kubectl.OkAsync("rollout", "status", "deploy/web", "--timeout=90s")).Should().Contain("successfully rolled out");

        var replicaSets = (await kubectl.JsonAsync("get", "rs", "-l", "app=web"))["items"]!.AsArray();
        replicaSets.Should().HaveCount(2);
        replicaSets.Select(r => r!["spec"]!["template"]!["metadata"]!["annotations"]?["kubectl.kubernetes.io/restartedAt"] is not null)
            .Should().BeEquivalentTo([false, true], "the new ReplicaSet's template carries restartedAt");
        var after = await Eventually.GetAsync<string[]>(
            async () => (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}")).Split(' '),
            names => names.Length == 2,
            "the old pods are gone");
        after.Should().NotIntersectWith(before);
    }

    [PeerFact("kubectl")]
    public async Task Wait_ConditionsJsonPathAndDelete_ReturnAsOnACluster()
    {
        RequirePeer.Present("kubectl");
        var kubectl = new SandboxKubectl(sandbox, "kubectl-wait");
        await PeerTools.RunAsync("kubectl", ["--kubeconfig", sandbox.Set.KubeconfigPath, "--context", "east", "create", "namespace", kubectl.Namespace], timeout: TimeSpan.FromSeconds(60));
        await kubectl.OkAsync("create", "deployment", "web", "--image=tdcc.io/echo", "--replicas=3", "--port=8080");

        (await kubectl.OkAsync("wait", "--for=condition=Available", "deploy/web", "--timeout=90s")).Should().Contain("deployment.apps/web condition met");
        (await kubectl.OkAsync("wait", "--for=jsonpath={.status.readyReplicas}=3", "deploy/web", "--timeout=90s")).Should().Contain("deployment.apps/web condition met");
        var ready = await kubectl.OkAsync("wait", "--for=condition=Ready", "pod", "-l", "app=web", "--timeout=90s");
        ready.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3).And.OnlyContain(l => l.EndsWith("condition met", StringComparison.Ordinal));

        var victim = (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}")).Trim();
        // A finalizer holds the pod while kubectl waits; removing it completes the deletion the wait watches for.
        await kubectl.OkAsync("patch", "pod", victim, "--type=merge", "-p", "{\"metadata\":{\"finalizers\":[\"tdcc.io/hold\"]}}");
        await kubectl.OkAsync("delete", "pod", victim, "--wait=false");
        var waiting = kubectl.RunAsync("wait", "--for=delete", $"pod/{victim}", "--timeout=60s");
        await Task.Delay(TimeSpan.FromSeconds(1));
        waiting.IsCompleted.Should().BeFalse("the pod is still there, held by its finalizer");
        await kubectl.OkAsync("patch", "pod", victim, "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}");
        var deleted = await waiting;
        deleted.ExitCode.Should().Be(0, deleted.ToString());
        deleted.StandardOutput.Should().Contain($"pod/{victim} condition met");

        var timedOut = await kubectl.RunAsync("wait", "--for=jsonpath={.status.readyReplicas}=7", "deploy/web", "--timeout=2s");
        timedOut.ExitCode.Should().NotBe(0);
        timedOut.StandardError.Should().Contain("timed out waiting for the condition");
    }

    private static List<(string Revision, string Cause)> Rows(string history) =>
        history.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => HistoryRow().Match(l))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value.Trim()))
            .ToList();

    [GeneratedRegex(@"^(\d+)\s+(.*)$")]
    private static partial Regex HistoryRow();
}
