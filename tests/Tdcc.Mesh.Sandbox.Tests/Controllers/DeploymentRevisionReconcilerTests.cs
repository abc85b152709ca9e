using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

/// <summary>The Deployment controller's revision bookkeeping and pause, through the API.</summary>
[Collection(SandboxGroup.Name)]
public sealed class DeploymentRevisionReconcilerTests(SandboxFixture sandbox)
{
    private const string Revision = "deployment.kubernetes.io/revision";

    [Fact]
    public async Task ReconcileAsync_TemplateChangedThenBack_RevisionsAndHistoryAsKube()
    {
        var client = sandbox.East.Client;
        const string ns = "revisions";
        await TestWorkloads.CreateNamespaceAsync(client, ns);
        var deployment = TestWorkloads.EchoDeployment(ns, "web", 1);
        await client.Resource<Deployment>().CreateAsync(deployment with { Metadata = deployment.Metadata with { Annotations = Annotations("kubernetes.io/change-cause", "first") } });
        var first = await SingleReplicaSetAsync(client, ns, "1");
        first.Metadata.Annotations!["kubernetes.io/change-cause"].Should().Be("first");
        first.Metadata.Annotations["deployment.kubernetes.io/desired-replicas"].Should().Be("1");

        await PatchAsync(client, ns, """{"metadata":{"annotations":{"kubernetes.io/change-cause":"second"}},"spec":{"template":{"metadata":{"labels":{"tier":"b"}}}}}""");
        var second = await SingleReplicaSetAsync(client, ns, "2");
        second.Metadata.Annotations!["kubernetes.io/change-cause"].Should().Be("second");
        (await ReplicaSetsAsync(client, ns)).Single(rs => rs.Metadata.Name == first.Metadata.Name).Metadata.Annotations!["kubernetes.io/change-cause"].Should().Be("first", "old ReplicaSets keep their cause");
        await DeploymentRevisionAsync(client, ns, "2");

        // Back to the first template (what kubectl rollout undo does): the first ReplicaSet is new again, as revision 3.
        await PatchAsync(client, ns, """{"spec":{"template":{"metadata":{"labels":{"tier":null}}}}}""");
        var again = await SingleReplicaSetAsync(client, ns, "3");
        again.Metadata.Name.Should().Be(first.Metadata.Name);
        again.Metadata.Annotations!["deployment.kubernetes.io/revision-history"].Should().Be("1");
        await DeploymentRevisionAsync(client, ns, "3");
    }

    [Fact]
    public async Task ReconcileAsync_RevisionHistoryLimitOne_OldReplicaSetsPruned()
    {
        var client = sandbox.East.Client;
        const string ns = "revision-limit";
        await TestWorkloads.CreateNamespaceAsync(client, ns);
        var deployment = TestWorkloads.EchoDeployment(ns, "web", 1);
        await client.Resource<Deployment>().CreateAsync(deployment with { Spec = deployment.Spec! with { RevisionHistoryLimit = 1 } });
        await SingleReplicaSetAsync(client, ns, "1");

        foreach (var tier in new[] { "b", "c", "d" })
        {
            await PatchAsync(client, ns, """{"spec":{"template":{"metadata":{"labels":{"tier":"TIER"}}}}}""".Replace("TIER", tier, StringComparison.Ordinal));
            await Eventually.TrueAsync(
                async () => await DeploymentAsync(client, ns) is { Status: { UpdatedReplicas: 1, Replicas: 1, AvailableReplicas: 1 } } d && d.Status.ObservedGeneration == d.Metadata.Generation,
                "rolled out");
        }

        var remaining = await Eventually.GetAsync(async () => await ReplicaSetsAsync(client, ns), r => r.Count == 2, "one old ReplicaSet kept");
        remaining.Select(rs => rs.Metadata.Annotations![Revision]).Should().BeEquivalentTo("3", "4");
    }

    [Fact]
    public async Task ReconcileAsync_Paused_NoNewReplicaSetAndPausedConditionUntilResumed()
    {
        var client = sandbox.East.Client;
        const string ns = "paused";
        await TestWorkloads.CreateNamespaceAsync(client, ns);
        await client.Resource<Deployment>().CreateAsync(TestWorkloads.EchoDeployment(ns, "web", 1));
        await SingleReplicaSetAsync(client, ns, "1");

        await PatchAsync(client, ns, """{"spec":{"paused":true,"replicas":2,"template":{"metadata":{"labels":{"tier":"b"}}}}}""");
        var paused = await Eventually.ValueAsync(
            async () => await DeploymentAsync(client, ns) is { Status.Conditions: { } c } d && c.Any(x => x.Type == "Progressing" && x.Reason == "DeploymentPaused") ? d : null,
            "Progressing DeploymentPaused");
        paused.Status!.Conditions!.Value.Single(c => c.Type == "Progressing").Should().Match<DeploymentCondition>(c => c.Status == "Unknown" && c.Message == "Deployment is paused");
        await Eventually.TrueAsync(async () => (await ReplicaSetsAsync(client, ns)).Single().Spec!.Replicas == 2, "a paused deployment still scales");
        (await ReplicaSetsAsync(client, ns)).Should().ContainSingle("a paused deployment gets no new ReplicaSet");

        await PatchAsync(client, ns, """{"spec":{"paused":false}}""");
        var resumed = await Eventually.ValueAsync(
            async () => await DeploymentAsync(client, ns) is { Status: { UpdatedReplicas: 2, Replicas: 2, AvailableReplicas: 2 } } d
                && d.Status.Conditions!.Value.Any(c => c.Type == "Progressing" && c.Reason == "NewReplicaSetAvailable") ? d : null,
            "rolled out after resume");
        (await ReplicaSetsAsync(client, ns)).Should().HaveCount(2);
        resumed.Status!.Conditions!.Value.Single(c => c.Type == "Available").Reason.Should().Be("MinimumReplicasAvailable");
        resumed.Status.ObservedGeneration.Should().Be(resumed.Metadata.Generation);
    }

    private static System.Collections.Immutable.ImmutableDictionary<string, string> Annotations(string key, string value) =>
        System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add(key, value);

    private static Task<Deployment> PatchAsync(IKubeClient client, string ns, string patch) =>
        client.Resource<Deployment>().PatchAsync(ns, "web", new Patch(PatchType.Merge, JsonNode.Parse(patch)!.ToJsonString()));

    private static async Task<Deployment?> DeploymentAsync(IKubeClient client, string ns) => await client.Resource<Deployment>().GetAsync(ns, "web");

    private static async Task<IReadOnlyList<ReplicaSet>> ReplicaSetsAsync(IKubeClient client, string ns) =>
        (await client.Resource<ReplicaSet>().ListAsync(new ListOptions { Namespace = ns })).Items;

    /// <summary>The ReplicaSet with the given revision, once it is the only one with replicas and the deployment is rolled out.</summary>
    private static Task<ReplicaSet> SingleReplicaSetAsync(IKubeClient client, string ns, string revision) =>
        Eventually.ValueAsync(
            async () =>
            {
                var active = (await ReplicaSetsAsync(client, ns)).Where(rs => rs.Spec?.Replicas > 0).ToList();
                var deployment = await DeploymentAsync(client, ns);
                return active.Count == 1 && active[0].Metadata.Annotations?.GetValueOrDefault(Revision) == revision
                    && deployment?.Status?.UpdatedReplicas == deployment?.Spec?.Replicas && deployment?.Status?.Replicas == deployment?.Spec?.Replicas
                    ? active[0] : null;
            },
            $"revision {revision} rolled out");

    private static Task DeploymentRevisionAsync(IKubeClient client, string ns, string revision) =>
        Eventually.TrueAsync(async () => (await DeploymentAsync(client, ns))?.Metadata.Annotations?.GetValueOrDefault(Revision) == revision, $"deployment at revision {revision}");
}
