using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Hub.Tests.Support;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Testing.Helm;

namespace Tdcc.Mesh.Hub.Tests.Distribution;

/// <summary>
/// Helm chart feeds end to end over HTTP: a chart served by a local chart repository (packaged and indexed by the
/// real helm), rendered by the hub process with the real helm, delivered to two member agents (each on its own API
/// server) with different values, the releases' revisions and states in the Subscription's status.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HelmDistributionTests : IAsyncLifetime
{
    private const string Peer = "helm";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);
    private static readonly ResourceType Widgets = new("example.com", "v1", "Widget", "widgets", Namespaced: true);
    private HubTestBed bed = null!;
    private ChartRepositoryServer charts = null!;

    public async Task InitializeAsync()
    {
        bed = await HubTestBed.StartAsync();
        if (PeerTools.FindExecutable(Peer) is { } helm)
        {
            charts = await ChartRepositoryServer.StartAsync(helm);
        }
    }

    public async Task DisposeAsync()
    {
        await bed.DisposeAsync();
        if (charts is not null)
        {
            await charts.DisposeAsync();
        }
    }

    [PeerFact(Peer)]
    public async Task HelmChartFeed_TwoClustersDifferentValues_RevisionsReportedUpgradedAndFailuresReported()
    {
        RequirePeer.Present(Peer);
        await charts.AddChartAsync("web", "1.0.0", TestCharts.Web("default", withWidget: true));
        await charts.AddChartAsync("web", "2.0.0", TestCharts.Web("default", withWidget: false));
        await bed.StartHubAsync("hub-0");
        var token = await BootstrapTokens.CreateAsync(bed.Hub, TimeSpan.FromHours(1), TimeProvider.System);
        var (_, east) = await StartAgentAsync("east", token);
        var (_, west) = await StartAgentAsync("west", token);
        await bed.Hub.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "shop" } });

        // West's Localization overrides one chart value; east keeps the Subscription's values.
        await Create<Localization>($$$$"""
            {"metadata": {"namespace": "tdcc-cluster-west", "name": "web-west"},
             "spec": {"feed": {"helmChart": {"repository": "{{{{charts.RepositoryUrl}}}}", "chart": "web"}},
                      "overrides": [{"type": "HelmValues", "value": {"greeting": "hello from west"}}]}}
            """);
        await Create<Subscription>($$$$"""
            {"metadata": {"namespace": "shop", "name": "site"},
             "spec": {"feeds": [{"helmChart": {"repository": "{{{{charts.RepositoryUrl}}}}", "chart": "web", "version": "^1.0",
                                               "releaseName": "site", "targetNamespace": "site",
                                               "values": {"greeting": "hello", "size": 3}}}],
                      "subscribers": [{"clusterNames": ["east", "west"]}]}}
            """);

        await Eventually.TrueAsync(async () => await Greeting(east) == "hello" && await Greeting(west) == "hello from west", "the chart is rendered per cluster with its values, west's HelmValues override merged last", Timeout);
        // The agent applies the release's objects one after another: the Widget may follow the ConfigMap by a moment.
        var widget = await Eventually.ValueAsync(() => east.Resource(Widgets).GetAsync("site", "site-widget"), "the chart's CRD is applied first, then its custom resource", Timeout);
        widget.Body["spec"]!["size"]!.GetValue<int>().Should().Be(3);
        (await east.Resource<ConfigMap>().GetAsync("site", "site-config"))!.Metadata.Labels.Should().Contain(DistributionLabels.Delivery, "shop.site");

        await Eventually.TrueAsync(async () => Releases(await Sub("site")).Count(r => r is { Revision: 1, Status: ReleaseStates.Deployed, Version: "1.0.0" }) == 2, "each member reports revision 1 deployed and the hub brings it into the Subscription's status", Timeout);
        var status = (await Sub("site"))!.Status!;
        status.Releases!.Value.Select(r => (r.Cluster, r.Name, r.Namespace, r.Chart)).Should().Equal(("east", "site", "site", "web"), ("west", "site", "site", "web"));
        ConditionSet.IsTrue(status.Conditions, DeliveryConditions.Applied).Should().BeTrue();

        // A chart version bump reaches the members as revision 2; what the new revision no longer renders is removed.
        var sub = (await Sub("site"))!;
        var feeds = sub.Spec!.Feeds!.Value;
        await bed.Hub.Resource<Subscription>().UpdateAsync(sub with { Spec = sub.Spec with { Feeds = [feeds[0] with { HelmChart = feeds[0].HelmChart! with { Version = "^2.0" } }] } });
        await Eventually.TrueAsync(async () => await Version(east) == "2.0.0" && await Version(west) == "2.0.0", "the new chart version is rendered and applied", Timeout);
        await Eventually.TrueAsync(async () => Releases(await Sub("site")).Count(r => r is { Revision: 2, Status: ReleaseStates.Deployed, Version: "2.0.0" }) == 2, "both members report revision 2 deployed", Timeout);
        await Eventually.TrueAsync(async () => await east.Resource(Widgets).GetAsync("site", "site-widget") is null, "2.0.0 renders no Widget: pruned", Timeout);
        (await west.Resource<ConfigMap>().GetAsync("site", "site-config"))!.Data!["greeting"].Should().Be("hello from west", "the override still applies");

        // A chart that cannot be rendered is reported (helm's message), without blocking the other subscription.
        await Create<Subscription>($$$$"""
            {"metadata": {"namespace": "shop", "name": "broken"},
             "spec": {"feeds": [{"helmChart": {"repository": "{{{{charts.RepositoryUrl}}}}", "chart": "web", "version": "9.9.9", "releaseName": "broken"}}],
                      "subscribers": [{"clusterNames": ["east"]}]}}
            """);
        await Eventually.TrueAsync(async () => ConditionSet.Find((await Sub("broken"))?.Status?.Conditions, DeliveryConditions.Applied)?.Reason == DeliveryConditions.RenderFailed, "the render failure is reported in Applied", Timeout);
        var broken = (await Sub("broken"))!.Status!;
        ConditionSet.Find(broken.Conditions, DeliveryConditions.Applied)!.Message.Should().Contain("9.9.9");
        broken.Releases!.Value.Single().Should().Match<ReleaseStatus>(r => r.Cluster == "east" && r.Status == ReleaseStates.Failed && r.Message!.Contains("9.9.9"));
        Releases(await Sub("site")).Should().OnlyContain(r => r.Revision == 2 && r.Status == ReleaseStates.Deployed);

        // Deleting the Subscription removes the release's objects from the members.
        await bed.Hub.Resource<Subscription>().DeleteAsync("shop", "site");
        await Eventually.TrueAsync(async () => await east.Resource<ConfigMap>().GetAsync("site", "site-config") is null && await west.Resource<ConfigMap>().GetAsync("site", "site-config") is null, "the release's objects are removed with the Subscription", Timeout);
    }

    private Task<(Agent.AgentHost Agent, KubeClient Member)> StartAgentAsync(string name, string token) =>
        bed.StartAgentAsync(name, token, Timeout, options => options with { Region = "r", Zone = "z", ClusterLabels = ImmutableDictionary<string, string>.Empty.Add("env", name) });

    private static async Task<string?> Greeting(KubeClient member) => (await member.Resource<ConfigMap>().GetAsync("site", "site-config"))?.Data?.GetValueOrDefault("greeting");

    private static async Task<string?> Version(KubeClient member) => (await member.Resource<ConfigMap>().GetAsync("site", "site-config"))?.Data?.GetValueOrDefault("version");

    private static ImmutableArray<ReleaseStatus> Releases(Subscription? subscription) => subscription?.Status?.Releases ?? [];

    private async Task Create<T>(string json)
        where T : class, IKubeObject<T> =>
        await bed.Hub.Resource<T>().CreateAsync(JsonSerializer.Deserialize(json, T.JsonTypeInfo)!);

    private Task<Subscription?> Sub(string name) => bed.Hub.Resource<Subscription>().GetAsync("shop", name);

}
