using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Controllers;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

[Collection(SandboxGroup.Name)]
public sealed class CronJobReconcilerTests(SandboxFixture sandbox)
{
    private static CronJob NewCronJob(string ns, string name, string schedule, params string[] args) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new CronJobSpec
        {
            Schedule = schedule,
            JobTemplate = new JobTemplateSpec { Spec = JobReconcilerTests.NewJob(ns, name, "OnFailure", args).Spec },
        },
    };

    [Fact]
    public async Task ReconcileAsync_EverySecond_CreatesTheScheduledJobAndRecordsItsSuccess()
    {
        const string ns = "cronjob-every";
        await TestWorkloads.CreateNamespaceAsync(sandbox.East.Client, ns);
        await sandbox.East.Client.Resource<CronJob>().CreateAsync(NewCronJob(ns, "tick", "@every 1s", "--exit-code=0"));

        var cronJob = await Eventually.ValueAsync(
            async () => await sandbox.East.Client.Resource<CronJob>().GetAsync(ns, "tick") is { Status.LastSuccessfulTime: not null } c ? c : null,
            "a successful run",
            TimeSpan.FromSeconds(60));
        var jobs = (await sandbox.East.Client.Resource<Job>().ListAsync(new ListOptions { Namespace = ns })).Items;

        var job = jobs.Should().Contain(j => j.Metadata.Name == CronJobReconciler.JobName("tick", cronJob.Status!.LastScheduleTime!.Value)).Subject;
        job.Metadata.OwnerReferences!.Value.Should().ContainSingle(r => r.Kind == "CronJob" && r.Name == "tick" && r.Controller == true);
        job.Metadata.Annotations.Should().ContainKey(CronJobReconciler.ScheduledTimestampAnnotation);
        job.Metadata.Name.Should().MatchRegex(@"^tick-\d{8}$");
        cronJob.Status!.LastScheduleTime.Should().NotBeNull();
    }

    [Fact]
    public async Task ReconcileAsync_SuccessfulHistoryLimitZero_DeletesFinishedJobs()
    {
        const string ns = "cronjob-history";
        await TestWorkloads.CreateNamespaceAsync(sandbox.East.Client, ns);
        var cronJob = NewCronJob(ns, "tidy", "@every 1s", "--exit-code=0");
        await sandbox.East.Client.Resource<CronJob>().CreateAsync(cronJob with { Spec = cronJob.Spec! with { SuccessfulJobsHistoryLimit = 0 } });

        await Eventually.ValueAsync(
            async () => await sandbox.East.Client.Resource<CronJob>().GetAsync(ns, "tidy") is { Status.LastSuccessfulTime: not null } c ? c : null,
            "a successful run",
            TimeSpan.FromSeconds(60));
        var remaining = await Eventually.ValueAsync(
            async () => (await sandbox.East.Client.Resource<Job>().ListAsync(new ListOptions { Namespace = ns })).Items.Where(JobReconciler.IsFinished).ToList() is { Count: 0 } none ? none : null,
            "no finished job kept");

        remaining.Should().BeEmpty();
    }

    [Fact]
    public async Task ReconcileAsync_Suspended_CreatesNoJob()
    {
        const string ns = "cronjob-suspend";
        await TestWorkloads.CreateNamespaceAsync(sandbox.East.Client, ns);
        var cronJob = NewCronJob(ns, "idle", "@every 1s", "--exit-code=0");
        await sandbox.East.Client.Resource<CronJob>().CreateAsync(cronJob with { Spec = cronJob.Spec! with { Suspend = true } });

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var jobs = (await sandbox.East.Client.Resource<Job>().ListAsync(new ListOptions { Namespace = ns })).Items;

        jobs.Should().BeEmpty();
    }
}
