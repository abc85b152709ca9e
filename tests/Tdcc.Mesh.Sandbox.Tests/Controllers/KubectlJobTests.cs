using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

/// <summary>Jobs and CronJobs end to end in the sandbox, as a kubectl 1.32 user drives them.</summary>
[Collection(SandboxGroup.Name)]
[Trait("Peer", "kubectl")]
[Trait("Category", "Slow")]
public sealed class KubectlJobTests(SandboxFixture sandbox)
{
    private const string FailingJob = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: fails
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: work
                image: tdcc.io/echo
                args: ["--run-for=200ms", "--exit-code=3"]
        """;

    [PeerFact("kubectl")]
    public async Task CreateJob_ExitingZero_CompletesAndListsComplete()
    {
        RequirePeer.Present("kubectl");
        const string ns = "kubectl-job-ok";
        (await KubectlAsync(null, "create", "namespace", ns)).ExitCode.Should().Be(0);

        var created = await KubectlAsync(null, "-n", ns, "create", "job", "ok", "--image=tdcc.io/echo", "--", "--run-for=500ms", "--exit-code=0");
        var waited = await KubectlAsync(null, "-n", ns, "wait", "--for=condition=complete", "job/ok", "--timeout=60s");
        var listed = await KubectlAsync(null, "-n", ns, "get", "jobs");
        var conditions = await KubectlAsync(null, "-n", ns, "get", "job", "ok", "-o", "jsonpath={.status.conditions[*].type} {.status.succeeded} {.status.active}");
        var pod = await KubectlAsync(null, "-n", ns, "get", "pods", "-l", "job-name=ok", "-o", "jsonpath={.items[0].status.phase} {.items[0].status.containerStatuses[0].state.terminated.reason} {.items[0].status.containerStatuses[0].state.terminated.exitCode} {.items[0].metadata.ownerReferences[0].kind} {.items[0].metadata.ownerReferences[0].blockOwnerDeletion}");

        created.ExitCode.Should().Be(0, created.ToString());
        waited.ExitCode.Should().Be(0, waited.ToString());
        listed.StandardOutput.Should().MatchRegex(@"ok\s+Complete\s+1/1\s+\S+\s+\S+", listed.ToString());
        conditions.StandardOutput.Should().Be("SuccessCriteriaMet Complete 1 0");
        pod.StandardOutput.Should().Be("Succeeded Completed 0 Job true");
    }

    [PeerFact("kubectl")]
    public async Task ApplyJob_ExitingThreeWithBackoffLimitZero_FailsWithBackoffLimitExceeded()
    {
        RequirePeer.Present("kubectl");
        const string ns = "kubectl-job-fails";
        (await KubectlAsync(null, "create", "namespace", ns)).ExitCode.Should().Be(0);

        var applied = await KubectlAsync(FailingJob, "-n", ns, "apply", "-f", "-");
        var waited = await KubectlAsync(null, "-n", ns, "wait", "--for=condition=failed", "job/fails", "--timeout=60s");
        var listed = await KubectlAsync(null, "-n", ns, "get", "jobs");
        var failed = await KubectlAsync(null, "-n", ns, "get", "job", "fails", "-o", "jsonpath={.status.conditions[*].type} {.status.conditions[-1:].reason} {.status.failed}");
        var pod = await KubectlAsync(null, "-n", ns, "get", "pods", "-l", "job-name=fails", "-o", "jsonpath={.items[*].status.phase} {.items[0].status.containerStatuses[0].state.terminated.reason} {.items[0].status.containerStatuses[0].state.terminated.exitCode}");

        applied.ExitCode.Should().Be(0, applied.ToString());
        waited.ExitCode.Should().Be(0, waited.ToString());
        listed.StandardOutput.Should().MatchRegex(@"fails\s+Failed\s+0/1\s+", listed.ToString());
        failed.StandardOutput.Should().Be("FailureTarget Failed BackoffLimitExceeded 1");
        pod.StandardOutput.Should().Be("Failed Error 3", "backoffLimit 0: one pod, no retry");
    }

    [PeerFact("kubectl")]
    public async Task CreateCronJob_ThenJobFromIt_ListedAndRunsToComplete()
    {
        RequirePeer.Present("kubectl");
        const string ns = "kubectl-cronjob";
        (await KubectlAsync(null, "create", "namespace", ns)).ExitCode.Should().Be(0);

        var created = await KubectlAsync(null, "-n", ns, "create", "cronjob", "c", "--image=tdcc.io/echo", "--schedule=*/5 * * * *", "--", "--exit-code=0");
        var listed = await KubectlAsync(null, "-n", ns, "get", "cronjobs");
        var manual = await KubectlAsync(null, "-n", ns, "create", "job", "manual", "--from=cronjob/c");
        var waited = await KubectlAsync(null, "-n", ns, "wait", "--for=condition=complete", "job/manual", "--timeout=60s");
        var jobs = await KubectlAsync(null, "-n", ns, "get", "jobs");
        var deleted = await KubectlAsync(null, "-n", ns, "delete", "cronjob", "c", "--wait=true");
        var gone = await Eventually.ValueAsync(
            async () => (await KubectlAsync(null, "-n", ns, "get", "jobs,pods", "-o", "name")).StandardOutput is { Length: 0 } empty ? empty : null,
            "the cronjob's job and pod garbage-collected");

        created.ExitCode.Should().Be(0, created.ToString());
        listed.StandardOutput.Should().MatchRegex(@"^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nc\s+\*/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\S+\n$", listed.ToString());
        manual.ExitCode.Should().Be(0, manual.ToString());
        waited.ExitCode.Should().Be(0, waited.ToString());
        jobs.StandardOutput.Should().MatchRegex(@"manual\s+Complete\s+1/1", jobs.ToString());
        deleted.ExitCode.Should().Be(0, deleted.ToString());
        gone.Should().BeEmpty();
    }

    private Task<PeerResult> KubectlAsync(string? stdin, params string[] args) =>
        PeerTools.RunAsync("kubectl", ["--kubeconfig", sandbox.Set.KubeconfigPath, "--context", "east", .. args], standardInput: stdin, timeout: TimeSpan.FromSeconds(90));
}
