using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Distribution;

/// <summary>
/// Workload distribution in a real sandbox (docs/distribution.md): the hub's Subscription reconciler and the members'
/// delivery agents over HTTP, with the members' real controllers and kubelets running the delivered pods.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class DistributionSandboxTests(DistributionFixture fixture) : IClassFixture<DistributionFixture>
{
    [Fact]
    public async Task Divide_StaticWeights123_MembersRun1_2_3_HubRunsNoneAndDeletionCleansUp()
    {
        await fixture.CreateOnHubAsync(DistributionFixture.HeldDeployment("static", "web", 6));
        await fixture.CreateOnHubAsync("""
            {"apiVersion": "apps.tdcc.io/v1alpha1", "kind": "Subscription", "metadata": {"namespace": "static", "name": "web"},
             "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "static", "name": "web"}],
                      "subscribers": [{"clusterNames": ["east"], "weight": 1}, {"clusterNames": ["west"], "weight": 2}, {"clusterNames": ["edge"], "weight": 3}],
                      "schedulingStrategy": "Divide", "divisionType": "Static"}}
            """);

        var ready = await fixture.ReadyAsync("static", "web");

        ready.Status!.Placements!.Value.ToDictionary(p => p.Cluster!, p => p.Replicas).Should().Equal(new Dictionary<string, int?> { ["east"] = 1, ["west"] = 2, ["edge"] = 3 });
        (await fixture.MemberReplicasAsync("static", "web")).Should().Equal(new Dictionary<string, int> { ["east"] = 1, ["west"] = 2, ["edge"] = 3 });
        foreach (var (member, replicas) in new[] { ("east", 1), ("west", 2), ("edge", 3) })
        {
            var pods = await fixture.Member(member).Client.Resource<Pod>().ListAsync(new ListOptions { Namespace = "static", LabelSelector = "app=web" });
            pods.Items.Count(p => p.Status?.Phase == "Running").Should().Be(replicas, $"{member} runs its share");
        }

        (await fixture.Hub.Client.Resource<Deployment>().GetAsync("static", "web")).Should().NotBeNull("the template stays on the hub");
        (await fixture.Hub.Client.Resource<Pod>().ListAsync(new ListOptions { Namespace = "static" })).Items.Should().BeEmpty("a held template starts no pods on the hub, whose controllers and kubelet run");
        var events = await fixture.Hub.Client.Resource<Event>().ListAsync(new ListOptions { Namespace = "static" });
        events.Items.Should().Contain(e => e.Reason == "Scheduled" && e.Message!.Contains("east=1, edge=3, west=2", StringComparison.Ordinal), "the decision is explained in an Event");

        await fixture.Hub.Client.Resource<Subscription>().DeleteAsync("static", "web");
        await Eventually.TrueAsync(async () => (await fixture.MemberReplicasAsync("static", "web")).Values.All(r => r == 0) && await fixture.SubscriptionAsync("static", "web") is null, "deleting the subscription removes the Deployment from every member", TimeSpan.FromSeconds(60));
        (await fixture.Hub.Client.Resource<Deployment>().GetAsync("static", "web")).Should().NotBeNull("the hub's template is the user's");
    }

    [Fact]
    public async Task Divide_Dynamic_EdgeWithOneNodeGetsFewerReplicas()
    {
        // Pods of 1 CPU on nodes of 4: east and west (3 nodes) hold 12 each, edge (1 node) 4.
        await fixture.CreateOnHubAsync(DistributionFixture.HeldDeployment("dynamic", "big", 6, cpu: "1"));
        await fixture.CreateOnHubAsync("""
            {"apiVersion": "apps.tdcc.io/v1alpha1", "kind": "Subscription", "metadata": {"namespace": "dynamic", "name": "big"},
             "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "dynamic", "name": "big"}],
                      "subscribers": [{"labelSelector": {}}],
                      "schedulingStrategy": "Divide", "divisionType": "Dynamic"}}
            """);

        var ready = await fixture.ReadyAsync("dynamic", "big");

        var shares = ready.Status!.Placements!.Value.ToDictionary(p => p.Cluster!, p => p.Replicas ?? 0);
        shares.Values.Sum().Should().Be(6);
        shares["edge"].Should().BeLessThan(shares["east"]).And.BeLessThan(shares["west"], "edge has one node, the others three");
        shares["edge"].Should().BeGreaterThan(0, "edge has room for some");
        (await fixture.MemberReplicasAsync("dynamic", "big")).Should().Equal(shares);
    }

    [Fact]
    public async Task Localization_West_OnlyWestsCopyChanged()
    {
        await fixture.CreateOnHubAsync(DistributionFixture.HeldDeployment("local", "api", 2));
        await fixture.CreateOnHubAsync("""
            {"apiVersion": "apps.tdcc.io/v1alpha1", "kind": "Localization", "metadata": {"namespace": "tdcc-cluster-west", "name": "api-west"},
             "spec": {"feed": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "local", "name": "api"},
                      "overrides": [{"type": "Env", "env": {"values": {"REGION": "west"}}}, {"type": "Labels", "labels": {"tier": "west-only"}}]}}
            """);
        await fixture.CreateOnHubAsync("""
            {"apiVersion": "apps.tdcc.io/v1alpha1", "kind": "Subscription", "metadata": {"namespace": "local", "name": "api"},
             "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "local", "name": "api"}],
                      "subscribers": [{"clusterNames": ["east", "west"]}]}}
            """);

        await fixture.ReadyAsync("local", "api");

        var west = (await fixture.Member("west").Client.Resource<Deployment>().GetAsync("local", "api"))!;
        (west.Spec!.Template!.Spec!.Containers.Single().Env ?? []).Should().ContainSingle(e => e.Name == "REGION" && e.Value == "west");
        west.Metadata.Labels.Should().Contain("tier", "west-only");
        var east = (await fixture.Member("east").Client.Resource<Deployment>().GetAsync("local", "api"))!;
        (east.Spec!.Template!.Spec!.Containers.Single().Env ?? []).Should().BeEmpty();
        east.Metadata.Labels.Should().NotContainKey("tier");
        east.Spec.Replicas.Should().Be(2, "Replicate gives each cluster the template's count");
        (await fixture.Member("edge").Client.Resource<Deployment>().GetAsync("local", "api")).Should().BeNull("edge is not subscribed");
    }

    [Fact]
    public async Task CustomResourceDefinition_AndItsResource_DistributedToEveryMember()
    {
        await fixture.CreateOnHubAsync("""
            {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "widgets.demo.tdcc.io"},
             "spec": {"group": "demo.tdcc.io", "scope": "Namespaced", "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
                      "versions": [{"name": "v1", "served": true, "storage": true,
                                    "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer"}}}}}}}]}}
            """);
        await Eventually.TrueAsync(async () => await new Tdcc.Mesh.Distribution.Discovery.ResourceTypeResolver(fixture.Hub.Client).ResolveAsync("demo.tdcc.io/v1", "Widget", CancellationToken.None) is not null, "the hub serves Widget");
        await fixture.CreateOnHubAsync("""
            {"apiVersion": "demo.tdcc.io/v1", "kind": "Widget", "metadata": {"namespace": "crd", "name": "w1"}, "spec": {"size": 3}}
            """);
        await fixture.CreateOnHubAsync("""
            {"apiVersion": "apps.tdcc.io/v1alpha1", "kind": "Subscription", "metadata": {"namespace": "crd", "name": "widgets"},
             "spec": {"feeds": [{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "name": "widgets.demo.tdcc.io"},
                                {"apiVersion": "demo.tdcc.io/v1", "kind": "Widget", "namespace": "crd", "name": "w1"}],
                      "subscribers": [{"labelSelector": {}}]}}
            """);

        var subscription = await Eventually.GetAsync(
            () => fixture.SubscriptionAsync("crd", "widgets"),
            s => s.Status?.Conditions?.Any(c => c.Type == DeliveryConditions.Applied && c.Status == "True") == true && s.Status.Placements?.Length == 3,
            "the CRD and the Widget applied in the three members",
            TimeSpan.FromSeconds(90));

        (subscription.Status!.FilteredClusters ?? []).Should().BeEmpty("the API the CRD brings is not required of the members beforehand");
        foreach (var member in new[] { "east", "west", "edge" })
        {
            var type = await new Tdcc.Mesh.Distribution.Discovery.ResourceTypeResolver(fixture.Member(member).Client).ResolveAsync("demo.tdcc.io/v1", "Widget", CancellationToken.None);
            type.Should().NotBeNull($"{member} serves the delivered CRD");
            var widget = await fixture.Member(member).Client.Resource(type!).GetAsync("crd", "w1");
            widget!.Body["spec"]!["size"]!.GetValue<int>().Should().Be(3);
        }
    }

    [Fact]
    public async Task Drift_Correct_HandEditsOfDeploymentAndConfigMapPutBack_Report_LeftAndNamed()
    {
        await fixture.CreateOnHubAsync(DistributionFixture.HeldDeployment("drift", "app", 1));
        await fixture.CreateOnHubAsync("""{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"namespace": "drift", "name": "settings"}, "data": {"mode": "fast"}}""");
        await fixture.CreateOnHubAsync("""{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"namespace": "drift", "name": "reported"}, "data": {"mode": "fast"}}""");
        await fixture.CreateOnHubAsync("""
            {"apiVersion": "apps.tdcc.io/v1alpha1", "kind": "Subscription", "metadata": {"namespace": "drift", "name": "corrected"},
             "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "app"}, {"apiVersion": "v1", "kind": "ConfigMap", "name": "settings"}],
                      "subscribers": [{"clusterNames": ["east"]}]}}
            """);
        await fixture.CreateOnHubAsync("""
            {"apiVersion": "apps.tdcc.io/v1alpha1", "kind": "Subscription", "metadata": {"namespace": "drift", "name": "watched"},
             "spec": {"feeds": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "reported"}],
                      "subscribers": [{"clusterNames": ["east"]}], "driftPolicy": "Report"}}
            """);
        await fixture.ReadyAsync("drift", "corrected");
        await Eventually.TrueAsync(async () => await fixture.SubscriptionAsync("drift", "watched") is { Status.Conditions: { } c } && c.Any(x => x.Type == DeliveryConditions.Applied && x.Status == "True"), "the Report subscription applied once");
        var east = fixture.Member("east").Client;

        await east.Resource<Deployment>().PatchAsync("drift", "app", new Patch(PatchType.Merge, """{"spec": {"replicas": 4}}"""));
        await east.Resource<ConfigMap>().PatchAsync("drift", "settings", new Patch(PatchType.Merge, """{"data": {"mode": "slow"}}"""));
        await east.Resource<ConfigMap>().PatchAsync("drift", "reported", new Patch(PatchType.Merge, """{"data": {"mode": "slow"}}"""));

        await Eventually.TrueAsync(async () => (await east.Resource<Deployment>().GetAsync("drift", "app"))?.Spec?.Replicas == 1, "the Deployment's replicas put back at once (its watch)", TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(async () => (await east.Resource<ConfigMap>().GetAsync("drift", "settings"))?.Data?.GetValueOrDefault("mode") == "fast", "the ConfigMap put back by the periodic re-check", TimeSpan.FromSeconds(75));
        var drifted = await Eventually.GetAsync(
            () => fixture.SubscriptionAsync("drift", "watched"),
            s => s.Status?.Conditions?.Any(c => c.Type == DeliveryConditions.Drifted && c.Status == "True") == true,
            "Report mode names the drifted object on the Subscription",
            TimeSpan.FromSeconds(75));
        drifted.Status!.Conditions!.Value.Single(c => c.Type == DeliveryConditions.Drifted).Message.Should().Contain("east: ConfigMap/drift/reported");
        (await east.Resource<ConfigMap>().GetAsync("drift", "reported"))!.Data!["mode"].Should().Be("slow", "Report mode leaves the member's change");
        var delivery = await fixture.Hub.Client.Resource<Delivery>().GetAsync("tdcc-cluster-east", "drift.watched");
        delivery!.Status!.Manifests!.Value.Single().Drifted.Should().BeTrue();
        delivery.Status.Conditions!.Value.Single(c => c.Type == DeliveryConditions.Drifted).Message.Should().Contain("data.mode changed in the member");
    }
}
