using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Tests.Peers;

/// <summary>
/// batch/v1 as kubectl 1.32 meets it on a bare API server (no controllers): Jobs and CronJobs are stored with kube's
/// defaults, validated with kube's messages, and printed with kube's columns.
/// </summary>
[Trait("Peer", "kubectl")]
[Trait("Category", "Slow")]
public sealed class KubectlBatchTests
{
    private const string AlwaysJob = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: bad
        spec:
          template:
            spec:
              containers:
              - name: c
                image: tdcc.io/echo
        """;

    [PeerFact("kubectl")]
    public async Task CreateJob_FromCronJob_OwnedByItWithTheManualAnnotation()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);
        (await kubectl.RunAsync(null, "create", "cronjob", "c", "--image=tdcc.io/echo", "--schedule=*/5 * * * *", "--", "--exit-code=0")).ExitCode.Should().Be(0);

        var created = await kubectl.RunAsync(null, "create", "job", "manual", "--from=cronjob/c");
        var read = await kubectl.RunAsync(null, "get", "job", "manual", "-o", "jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate} {.spec.template.spec.containers[0].command} {.spec.selector.matchLabels}");

        created.ExitCode.Should().Be(0, created.ToString());
        read.StandardOutput.Should().StartWith("CronJob/c manual [\"--exit-code=0\"] {\"batch.kubernetes.io/controller-uid\":", read.ToString());
    }

    [PeerFact("kubectl")]
    public async Task Get_JobsAndCronJobs_KubesColumns()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);
        (await kubectl.RunAsync(null, "create", "job", "ok", "--image=tdcc.io/echo", "--", "--exit-code=0")).ExitCode.Should().Be(0);
        (await kubectl.RunAsync(null, "create", "cronjob", "c", "--image=tdcc.io/echo", "--schedule=*/5 * * * *")).ExitCode.Should().Be(0);

        var jobs = await kubectl.RunAsync(null, "get", "jobs");
        var wide = await kubectl.RunAsync(null, "get", "jobs", "-o", "wide");
        var cronJobs = await kubectl.RunAsync(null, "get", "cj");
        var all = await kubectl.RunAsync(null, "get", "all");

        jobs.StandardOutput.Should().MatchRegex(@"^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nok\s+Running\s+0/1\s+\S+\n$", jobs.ToString());
        wide.StandardOutput.Should().MatchRegex(@"^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n", wide.ToString());
        wide.StandardOutput.Should().Contain("tdcc.io/echo   batch.kubernetes.io/controller-uid=");
        cronJobs.StandardOutput.Should().MatchRegex(@"^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nc\s+\*/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\S+\n$", cronJobs.ToString());
        all.StandardOutput.Should().Contain("job.batch/ok").And.Contain("cronjob.batch/c");
    }

    [PeerFact("kubectl")]
    public async Task Apply_InvalidJobsAndCronJobs_KubesMessages()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);

        var always = await kubectl.RunAsync(AlwaysJob, "apply", "-f", "-");
        var schedule = await kubectl.RunAsync(null, "create", "cronjob", "c", "--image=tdcc.io/echo", "--schedule=* * *");
        var zone = await kubectl.RunAsync("""
            {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"z"},"spec":{"schedule":"@daily","timeZone":"Mars/Olympus","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"tdcc.io/echo"}]}}}}}}
            """, "apply", "-f", "-");
        (await kubectl.RunAsync(null, "create", "job", "ok", "--image=tdcc.io/echo")).ExitCode.Should().Be(0);
        var immutable = await kubectl.RunAsync(null, "set", "image", "job/ok", "ok=tdcc.io/echo:2");

        always.StandardError.Should().Contain("spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"");
        schedule.StandardError.Should().Contain("spec.schedule: Invalid value: \"* * *\": expected exactly 5 fields, found 3: [* * *]");
        zone.StandardError.Should().Contain("spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus");
        immutable.StandardError.Should().Contain("spec.template: Invalid value:").And.Contain("field is immutable");
    }
}
