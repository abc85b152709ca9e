using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Hub.Tests.Support;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Hub.Tests.Distribution;

/// <summary>
/// Workload distribution end to end over HTTP: the hub process (its Subscription reconciler) and two member agents
/// (their Delivery reconcilers), each member on its own API server. The members run no Deployment controller, so the
/// test writes a member Deployment's status as kube's controller would.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DistributionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private HubTestBed bed = null!;

    public async Task InitializeAsync() => bed = await HubTestBed.StartAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Subscription_SelectedMembersOverriddenDividedUpdatedReportedAndRemoved()
    {
        await bed.StartHubAsync("hub-0");
        var token = await BootstrapTokens.CreateAsync(bed.Hub, TimeSpan.FromHours(1), TimeProvider.System);
        var (_, east) = await StartAgentAsync("east", token, "prod");
        var (_, west) = await StartAgentAsync("west", token, "dev");
        await bed.Hub.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "shop" } });
        await CreateDeploymentAsync("web", replicas: 3);
        await CreateDeploymentAsync("api", replicas: 6);

        // Replicate to env=prod (east only), with east's own image tag.
        await Create<Localization>("""
            {"metadata": {"namespace": "tdcc-cluster-east", "name": "web-east"},
             "spec": {"feed": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"},
                      "overrides": [{"type": "Image", "image": {"tag": "1.0-east"}}]}}
            """);
        await Create<Subscription>("""
            {"metadata": {"namespace": "shop", "name": "web"},
             "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"}],
                      "subscribers": [{"labelSelector": {"matchLabels": {"env": "prod"}}}]}}
            """);

        await Eventually.TrueAsync(async () => (await east.Resource<Deployment>().GetAsync("shop", "web"))?.Spec?.Template?.Spec?.Containers.Single().Image == "nginx:1.0-east", "east matches env=prod and gets its Localization's tag", Timeout);
        var delivered = (await east.Resource<Deployment>().GetAsync("shop", "web"))!;
        delivered.Spec!.Replicas.Should().Be(3);
        delivered.Metadata.Labels.Should().Contain(DistributionLabels.Delivery, "shop.web");
        (await west.Resource<Deployment>().GetAsync("shop", "web")).Should().BeNull("west is env=dev");

        // The member's readiness comes back into the Subscription's status.
        await east.Resource<Deployment>().UpdateStatusAsync(delivered with { Status = new DeploymentStatus { Replicas = 3, ReadyReplicas = 3, AvailableReplicas = 3 } });
        await Eventually.TrueAsync(async () => await Sub("web") is { Status: { } s } && s.Placements?.SingleOrDefault()?.ReadyReplicas == 3 && ConditionSet.IsTrue(s.Conditions, DeliveryConditions.Applied), "the agent reports the ready replicas and the hub aggregates them", Timeout);
        var web = (await Sub("web"))!;
        web.Status!.Placements!.Value.Single().Cluster.Should().Be("east");
        web.Status.ObservedGeneration.Should().Be(web.Metadata.Generation);
        ConditionSet.IsTrue(web.Status.Conditions, SubscriptionConditions.Scheduled).Should().BeTrue();
        web.Status.FilteredClusters!.Value.Single().Should().BeEquivalentTo(new ClusterRejectionStatus { Cluster = "west", Filter = "Subscribers", Reason = "cluster labels do not match env=prod" });

        // A change of the feed on the hub reaches the member.
        var feed = (await bed.Hub.Resource<Deployment>().GetAsync("shop", "web"))!;
        await bed.Hub.Resource<Deployment>().UpdateAsync(feed with { Spec = feed.Spec! with { Replicas = 5 } });
        await Eventually.TrueAsync(async () => (await east.Resource<Deployment>().GetAsync("shop", "web"))?.Spec?.Replicas == 5, "the feed's new replicas are delivered", Timeout);

        // Divide by static weights: east 1, west 2 of 6.
        await Create<Subscription>("""
            {"metadata": {"namespace": "shop", "name": "api"},
             "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "api"}],
                      "subscribers": [{"clusterNames": ["east"], "weight": 1}, {"clusterNames": ["west"], "weight": 2}],
                      "schedulingStrategy": "Divide"}}
            """);
        await Eventually.TrueAsync(async () => (await east.Resource<Deployment>().GetAsync("shop", "api"))?.Spec?.Replicas == 2 && (await west.Resource<Deployment>().GetAsync("shop", "api"))?.Spec?.Replicas == 4, "6 replicas divided 1:2", Timeout);
        await Eventually.TrueAsync(async () => (await Sub("api"))?.Status?.Replicas == 6, timeout: Timeout);
        (await Sub("api"))!.Status!.Placements!.Value.Select(p => (p.Cluster, p.Replicas)).Should().Equal(("east", 2), ("west", 4));

        // An object the agent did not deliver is never touched.
        await west.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = "shop" } });
        await west.Resource(Deployment.Resource).CreateAsync(GenericObject.Parse(DeploymentJson("web", 1)));

        // Deleting the Subscription removes what it delivered, then the Subscription itself.
        await bed.Hub.Resource<Subscription>().DeleteAsync("shop", "web");
        await Eventually.TrueAsync(async () => await east.Resource<Deployment>().GetAsync("shop", "web") is null, "the delivered Deployment is removed", Timeout);
        await Eventually.TrueAsync(async () => await Sub("web") is null, "the finalizer is released once the deliveries are gone", Timeout);
        (await bed.Hub.Resource<Delivery>().GetAsync("tdcc-cluster-east", "shop.web")).Should().BeNull();
        (await west.Resource<Deployment>().GetAsync("shop", "web")).Should().NotBeNull("west's own web was not delivered");
        (await east.Resource<Deployment>().GetAsync("shop", "api")).Should().NotBeNull("the other subscription stays");
    }

    private Task<(Agent.AgentHost Agent, KubeClient Member)> StartAgentAsync(string name, string token, string env) =>
        bed.StartAgentAsync(name, token, Timeout, options => options with { Region = "r", Zone = "z", ClusterLabels = ImmutableDictionary<string, string>.Empty.Add("env", env) });

    private async Task CreateDeploymentAsync(string name, int replicas) =>
        await bed.Hub.Resource(Deployment.Resource).CreateAsync(GenericObject.Parse(DeploymentJson(name, replicas)));

    private static string DeploymentJson(string name, int replicas) => $$$"""
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"namespace": "shop", "name": "{{{name}}}", "labels": {"app": "{{{name}}}"}},
         "spec": {"replicas": {{{replicas}}}, "selector": {"matchLabels": {"app": "{{{name}}}"}},
                  "template": {"metadata": {"labels": {"app": "{{{name}}}"}}, "spec": {"containers": [{"name": "main", "image": "nginx:1.0"}]} } } }
        """;

    private async Task Create<T>(string json)
        where T : class, IKubeObject<T> =>
        await bed.Hub.Resource<T>().CreateAsync(JsonSerializer.Deserialize(json, T.JsonTypeInfo)!);

    private Task<Subscription?> Sub(string name) => bed.Hub.Resource<Subscription>().GetAsync("shop", name);

}
