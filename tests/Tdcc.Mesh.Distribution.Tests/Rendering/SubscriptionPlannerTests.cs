using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Json;
using Tdcc.Mesh.Distribution.Rendering;
using Tdcc.Mesh.Distribution.Scheduling;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using static Tdcc.Mesh.Distribution.Tests.Rendering.RenderFixtures;

namespace Tdcc.Mesh.Distribution.Tests.Rendering;

public sealed class SubscriptionPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Plan_DivideStaticWithLocalization_SplitsByWeightAndOverridesOneClusterOnly()
    {
        var subscription = Subscription("""
            {"metadata": {"namespace": "shop", "name": "web", "generation": 2},
             "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"}],
                      "subscribers": [{"labelSelector": {"matchLabels": {"env": "prod"}}, "weight": 1}, {"clusterNames": ["west"], "weight": 1}],
                      "schedulingStrategy": "Divide"}}
            """);
        var feed = new FeedTemplate(subscription.Spec!.Feeds!.Value[0], ManifestRenderer.Template(HubDeployment()));
        ClusterFacts[] clusters = [Cluster("east", "prod"), Cluster("west", "prod"), Cluster("dev", "dev")];
        var local = Rule("""{"overrides": [{"type": "MergePatch", "value": {"metadata": {"labels": {"cluster": "west"}}}}]}""");

        var plan = SubscriptionPlanner.Plan(
            subscription,
            [feed],
            clusters,
            (_, cluster) => cluster.Name == "west" ? [new SourcedOverride("Localization/tdcc-cluster-west/l", local)] : [],
            ClusterScheduler.CreateDefault(),
            Now);

        plan.Status.Placements!.Value.Select(p => (p.Cluster, p.Replicas)).Should().Equal(("east", 2), ("west", 4));
        plan.Status.Placements!.Value[1].FeedReplicas.Should().Contain("Deployment/shop/web", 4);
        plan.Status.Replicas.Should().Be(6);
        plan.Status.ObservedGeneration.Should().Be(2);
        plan.Status.FilteredClusters!.Value.Single().Cluster.Should().Be("dev");
        plan.Status.Conditions!.Value.Single().Reason.Should().Be(SubscriptionConditions.Placed);
        var east = plan.Deliveries.Single(d => d.Cluster == "east").Manifests.Single();
        var west = plan.Deliveries.Single(d => d.Cluster == "west").Manifests.Single();
        At(east, "spec.replicas").Should().Be("2");
        At(west, "spec.replicas").Should().Be("4");
        At(west, "metadata.labels.cluster").Should().Be("west");
        At(east, "metadata.labels.cluster").Should().BeNull();
    }

    [Fact]
    public void Plan_Replicate_EveryMatchingClusterGetsTheFeedAsItIs()
    {
        var subscription = Subscription("""
            {"metadata": {"namespace": "shop", "name": "web"},
             "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"}], "subscribers": [{}]}}
            """);
        var feed = new FeedTemplate(subscription.Spec!.Feeds!.Value[0], ManifestRenderer.Template(HubDeployment()));

        var plan = SubscriptionPlanner.Plan(subscription, [feed], [Cluster("east", "prod"), Cluster("west", "dev")], (_, _) => [], ClusterScheduler.CreateDefault(), Now);

        plan.Deliveries.Select(d => (d.Cluster, At(d.Manifests.Single(), "spec.replicas"))).Should().Equal(("east", "6"), ("west", "6"));
        plan.Status.Replicas.Should().BeNull();
        plan.Status.Placements!.Value.Select(p => p.Replicas).Should().AllSatisfy(r => r.Should().BeNull());
    }

    [Fact]
    public void Plan_FailingOverride_ReportsTheClusterWithoutManifests()
    {
        var subscription = Subscription("""{"metadata": {"namespace": "shop", "name": "web"}, "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"}], "subscribers": [{}]}}""");
        var feed = new FeedTemplate(subscription.Spec!.Feeds!.Value[0], ManifestRenderer.Template(HubDeployment()));
        var bad = Rule("""{"overrides": [{"type": "HelmValues", "value": {}}]}""");

        var plan = SubscriptionPlanner.Plan(subscription, [feed], [Cluster("east", "prod")], (_, _) => [new SourcedOverride("Globalization/g", bad)], ClusterScheduler.CreateDefault(), Now);

        plan.Deliveries.Single().Error.Should().Be("Globalization/g: override HelmValues: HelmValues applies to Helm chart feeds only");
        plan.Deliveries.Single().Manifests.Should().BeEmpty();
    }

    [Fact]
    public void PodRequest_SumsContainerRequests()
    {
        SubscriptionPlanner.PodRequest(HubDeployment()).Should().Be(new ResourceAmount(250, 128L << 20, 1));
    }

    private static Subscription Subscription(string json) => JsonSerializer.Deserialize(json, DistributionJsonContext.Default.Subscription)!;

    private static ClusterFacts Cluster(string name, string env) => new() { Name = name, Labels = ImmutableDictionary<string, string>.Empty.Add("env", env) };
}
