using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Controllers;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Sandbox.Workloads;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

[Collection(SandboxGroup.Name)]
public sealed class JobReconcilerTests(SandboxFixture sandbox)
{
    internal static Job NewJob(string ns, string name, string restartPolicy, params string[] args) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new JobSpec
        {
            Template = new PodTemplateSpec
            {
                Spec = new PodSpec
                {
                    RestartPolicy = restartPolicy,
                    Containers = [new Container { Name = "work", Image = EchoImage.Name, Args = [.. args] }],
                },
            },
        },
    };

    private async Task<Job> FinishedAsync(string ns, string name) =>
        await Eventually.ValueAsync(
            async () => await sandbox.East.Client.Resource<Job>().GetAsync(ns, name) is { } job && JobReconciler.IsFinished(job) ? job : null,
            $"job {name} finished",
            TimeSpan.FromSeconds(60));

    private async Task<List<Pod>> PodsAsync(string ns, string job) =>
        [.. (await sandbox.East.Client.Resource<Pod>().ListAsync(new ListOptions { Namespace = ns, LabelSelector = "job-name=" + job })).Items];

    [Fact]
    public async Task ReconcileAsync_TwoCompletionsInParallel_CompleteWithKubesConditions()
    {
        const string ns = "job-parallel";
        await TestWorkloads.CreateNamespaceAsync(sandbox.East.Client, ns);
        var job = NewJob(ns, "pair", "Never", "--run-for=300ms");
        await sandbox.East.Client.Resource<Job>().CreateAsync(job with { Spec = job.Spec! with { Completions = 2, Parallelism = 2 } });

        var finished = await FinishedAsync(ns, "pair");
        var pods = await PodsAsync(ns, "pair");

        finished.Status!.Conditions!.Value.Select(c => (c.Type, c.Reason, c.Message)).Should().Equal(
            ("SuccessCriteriaMet", "CompletionsReached", JobReconciler.CompletedMessage),
            ("Complete", "CompletionsReached", JobReconciler.CompletedMessage));
        finished.Status.Succeeded.Should().Be(2);
        finished.Status.Active.Should().Be(0);
        finished.Status.Failed.Should().Be(0);
        finished.Status.StartTime.Should().NotBeNull();
        finished.Status.CompletionTime.Should().BeOnOrAfter(finished.Status.StartTime!.Value);
        pods.Should().HaveCount(2).And.OnlyContain(p => p.Status!.Phase == "Succeeded" && p.Metadata.OwnerReferences!.Value[0].Controller == true && p.Metadata.Name!.StartsWith("pair-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReconcileAsync_FailingPodsBackoffLimitOne_RetriesOnceThenFails()
    {
        const string ns = "job-backoff";
        await TestWorkloads.CreateNamespaceAsync(sandbox.East.Client, ns);
        var job = NewJob(ns, "flaky", "Never", "--exit-code=2");
        await sandbox.East.Client.Resource<Job>().CreateAsync(job with { Spec = job.Spec! with { BackoffLimit = 1 } });

        var finished = await FinishedAsync(ns, "flaky");
        var pods = await PodsAsync(ns, "flaky");

        finished.Status!.Conditions!.Value.Select(c => (c.Type, c.Reason)).Should().Equal(("FailureTarget", "BackoffLimitExceeded"), ("Failed", "BackoffLimitExceeded"));
        finished.Status.Failed.Should().Be(2, "backoffLimit 1 allows one retry");
        finished.Status.CompletionTime.Should().BeNull("kube sets completionTime only on success");
        pods.Should().HaveCount(2).And.OnlyContain(p => p.Status!.Phase == "Failed");
    }

    [Fact]
    public async Task ReconcileAsync_ActiveDeadline_DeletesPodsAndFailsWithDeadlineExceeded()
    {
        const string ns = "job-deadline";
        await TestWorkloads.CreateNamespaceAsync(sandbox.East.Client, ns);
        var job = NewJob(ns, "slow", "Never", "--run-for=10m");
        await sandbox.East.Client.Resource<Job>().CreateAsync(job with { Spec = job.Spec! with { ActiveDeadlineSeconds = 1 } });

        var finished = await FinishedAsync(ns, "slow");
        await Eventually.ValueAsync(async () => (await PodsAsync(ns, "slow")).Count == 0 ? "gone" : null, "the job's pods deleted");

        finished.Status!.Conditions!.Value.Select(c => (c.Type, c.Reason, c.Message)).Should().Equal(
            ("FailureTarget", "DeadlineExceeded", JobReconciler.DeadlineMessage),
            ("Failed", "DeadlineExceeded", JobReconciler.DeadlineMessage));
    }

    [Fact]
    public async Task ReconcileAsync_Suspended_NoPodsUntilResumed()
    {
        const string ns = "job-suspend";
        await TestWorkloads.CreateNamespaceAsync(sandbox.East.Client, ns);
        var jobs = sandbox.East.Client.Resource<Job>();
        var job = NewJob(ns, "later", "Never", "--exit-code=0");
        await jobs.CreateAsync(job with { Spec = job.Spec! with { Suspend = true } });

        var suspended = await Eventually.ValueAsync(
            async () => await jobs.GetAsync(ns, "later") is { Status.Conditions: { } c } j && c.Any(x => x.Type == "Suspended" && x.Status == "True") ? j : null,
            "the Suspended condition");
        var podsWhileSuspended = await PodsAsync(ns, "later");
        await jobs.UpdateAsync(suspended with { Spec = suspended.Spec! with { Suspend = false } });
        var finished = await FinishedAsync(ns, "later");

        podsWhileSuspended.Should().BeEmpty();
        suspended.Status!.StartTime.Should().BeNull();
        finished.Status!.Conditions!.Value.Should().Contain(c => c.Type == "Suspended" && c.Status == "False" && c.Reason == "JobResumed");
        finished.Status.Succeeded.Should().Be(1);
    }

    [Fact]
    public async Task ReconcileAsync_TtlSecondsAfterFinishedZero_DeletesTheJob()
    {
        const string ns = "job-ttl";
        await TestWorkloads.CreateNamespaceAsync(sandbox.East.Client, ns);
        var job = NewJob(ns, "brief", "OnFailure", "--exit-code=0");
        var created = await sandbox.East.Client.Resource<Job>().CreateAsync(job with { Spec = job.Spec! with { TtlSecondsAfterFinished = 0 } });

        var gone = await Eventually.ValueAsync(
            async () => await sandbox.East.Client.Resource<Job>().GetAsync(ns, "brief") is null ? "gone" : null,
            "the finished job deleted",
            TimeSpan.FromSeconds(60));

        gone.Should().Be("gone");
        created.Spec!.TtlSecondsAfterFinished.Should().Be(0);
    }

    [Fact]
    public void Simulate_OnFailureExitingOne_CrashLoopsWithRestartCount()
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "p", Namespace = "n", Uid = "u" } };
        var container = new Container { Name = "c", Image = EchoImage.Name, Command = ["--run-for=1s"], Args = ["--exit-code", "1"] };
        var start = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

        var running = KubeletReconciler.Simulate(pod, container, 0, "OnFailure", start, start.AddMilliseconds(500), out var runningChange);
        var backingOff = KubeletReconciler.Simulate(pod, container, 0, "OnFailure", start, start.AddSeconds(5), out var backOffChange);
        var second = KubeletReconciler.Simulate(pod, container, 0, "OnFailure", start, start.AddSeconds(11.5), out _);
        var never = KubeletReconciler.Simulate(pod, container, 0, "Never", start, start.AddSeconds(5), out var neverChange);

        running.State.Kind.Should().Be(ContainerStateKind.Running);
        runningChange.Should().Be(TimeSpan.FromMilliseconds(500));
        backingOff.State.Reason.Should().Be("CrashLoopBackOff");
        backingOff.LastTerminated!.ExitCode.Should().Be(1);
        backingOff.LastTerminated.Reason.Should().Be("Error");
        backingOff.RestartCount.Should().Be(1);
        backOffChange.Should().Be(TimeSpan.FromSeconds(6), "the first back-off is 10s after the exit at 1s");
        second.State.Kind.Should().Be(ContainerStateKind.Running);
        second.RestartCount.Should().Be(1);
        never.State.Kind.Should().Be(ContainerStateKind.Terminated);
        never.State.ExitCode.Should().Be(1);
        neverChange.Should().BeNull();
    }

    [Theory]
    [InlineData(new[] { "--exit-code=3" }, 0.0, 3)]
    [InlineData(new[] { "--run-for=2s" }, 2.0, 0)]
    [InlineData(new[] { "--run-for", "1m", "--exit-code", "256" }, 60.0, 0)]
    public void EchoExitPlan_Of_ReadsTheFlags(string[] args, double seconds, int exitCode)
    {
        var plan = EchoExitPlan.Of(EchoImage.Name + ":1.0", null, args);

        plan.Should().Be(new EchoExitPlan(TimeSpan.FromSeconds(seconds), exitCode));
    }

    [Fact]
    public void EchoExitPlan_Of_NoFlagsOrOtherImage_Null()
    {
        EchoExitPlan.Of(EchoImage.Name, ["serve"], null).Should().BeNull();
        EchoExitPlan.Of("busybox", null, ["--exit-code=1"]).Should().BeNull();
    }
}
