using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Crds;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;

namespace Tdcc.Mesh.Distribution.Tests.Crds;

/// <summary>The CRDs against the sandbox API server: installed, and every field our records write survives its schema pruning.</summary>
public sealed class DistributionCrdsApiServerTests
{
    private const string Spec =
        """
        {
          "feeds": [
            {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"},
            {"helmChart": {"repository": "https://charts.example.com", "chart": "redis", "version": ">=18.0.0 <19.0.0",
                           "releaseName": "cache", "targetNamespace": "shop", "values": {"replica": {"replicaCount": 2}, "auth": false}}}
          ],
          "subscribers": [
            {"labelSelector": {"matchLabels": {"env": "prod"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["gold"]}]},
             "fieldSelector": {"matchExpressions": [{"key": "region", "operator": "NotIn", "values": ["eu-west"]}]},
             "weight": 2},
            {"clusterNames": ["edge"]}
          ],
          "clusterTolerations": [{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoExecute", "tolerationSeconds": 30}],
          "schedulingStrategy": "Divide",
          "divisionType": "Static",
          "minClusters": 1,
          "maxClusters": 3,
          "spreadConstraints": [{"topologyKey": "zone", "minGroups": 1, "maxGroups": 2}],
          "failoverGracePeriodSeconds": 60
        }
        """;

    private const string Status =
        """
        {
          "observedGeneration": 1,
          "conditions": [{"type": "Scheduled", "status": "True", "reason": "Placed", "message": "2 clusters", "lastTransitionTime": "2026-12-07T03:00:00Z", "observedGeneration": 1}],
          "placements": [
            {"cluster": "east", "replicas": 4, "feedReplicas": {"Deployment/shop/web": 4}, "readyReplicas": 4},
            {"cluster": "west", "replicas": 2, "evicting": true, "evictionStartTime": "2026-12-07T03:00:00Z"}
          ],
          "bindingClusters": ["east"],
          "filteredClusters": [{"cluster": "gpu-1", "filter": "TaintToleration", "reason": "cluster has taint dedicated=batch:NoSchedule that the subscription does not tolerate"}],
          "clusterCount": 2,
          "replicas": 6
        }
        """;

    [Fact]
    public async Task Install_CreateAndWriteStatus_EveryFieldSurvivesAndColumnsShowTheDecision()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "distribution" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, "tdcc-distribution-tests").InstallAsync(DistributionCrds.Hub.Select(DistributionCrds.Read));
        await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "shop" } });
        var subscriptions = client.Resource<Subscription>();

        var created = await subscriptions.CreateAsync(new Subscription
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
            Spec = JsonSerializer.Deserialize(Spec, DistributionJsonContextSpec()),
        });
        var withStatus = await subscriptions.UpdateStatusAsync(created with { Status = JsonSerializer.Deserialize(Status, DistributionJsonContextStatus()) });

        JsonNode.DeepEquals(ToNode(withStatus.Spec), JsonNode.Parse(Spec)).Should().BeTrue(ToNode(withStatus.Spec)!.ToJsonString());
        JsonNode.DeepEquals(ToNode(withStatus.Status), JsonNode.Parse(Status)).Should().BeTrue(ToNode(withStatus.Status)!.ToJsonString());

        // What `kubectl get subscriptions` prints: the server's Table from the printer columns.
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var get = new HttpRequestMessage(HttpMethod.Get, "/apis/apps.tdcc.io/v1alpha1/namespaces/shop/subscriptions");
        get.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");
        using var response = await http.SendAsync(get);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]).Should().Equal(
            "Name", "Strategy", "Division", "Clusters", "Replicas", "Scheduled", "Reason", "Age");
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        ((string?)cells[0], (string?)cells[1], (string?)cells[2]).Should().Be(("web", "Divide", "Static"));
        (cells[3]!.GetValue<int>(), cells[4]!.GetValue<int>()).Should().Be((2, 6));
        ((string?)cells[5], (string?)cells[6]).Should().Be(("True", "Placed"));
    }

    [Fact]
    public async Task Install_Overrides_EveryOverrideFieldSurvives()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "distribution" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, "tdcc-distribution-tests").InstallAsync(DistributionCrds.Hub.Select(DistributionCrds.Read));
        const string spec =
            """
            {"feed": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"}, "priority": 700,
             "clusterSelector": {"matchLabels": {"env": "prod"}},
             "overrides": [
               {"name": "replicas", "type": "MergePatch", "value": {"spec": {"replicas": 3}}},
               {"type": "JSONPatch", "value": [{"op": "add", "path": "/metadata/labels/x", "value": "y"}]},
               {"type": "Image", "image": {"container": "web", "registry": "registry.example", "repository": "shop/web", "tag": "1.2"}},
               {"type": "Labels", "labels": {"team": "a"}},
               {"type": "Annotations", "annotations": {"note": "all"}},
               {"type": "Args", "args": {"container": "web", "operation": "Replace", "values": ["--x"]}},
               {"type": "Env", "env": {"container": "web", "values": {"REGION": "any"}}},
               {"type": "HelmValues", "value": {"replicaCount": 1}}]}
            """;

        var globalization = await client.Resource<Globalization>().CreateAsync(new Globalization
        {
            Metadata = new ObjectMeta { Name = "web-all" },
            Spec = JsonSerializer.Deserialize(spec, Json.DistributionJsonContext.Default.OverrideSpec),
        });

        JsonNode.DeepEquals(JsonSerializer.SerializeToNode(globalization.Spec, Json.DistributionJsonContext.Default.OverrideSpec), JsonNode.Parse(spec)).Should().BeTrue();
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<SubscriptionSpec> DistributionJsonContextSpec() =>
        Json.DistributionJsonContext.Default.SubscriptionSpec;

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<SubscriptionStatus> DistributionJsonContextStatus() =>
        Json.DistributionJsonContext.Default.SubscriptionStatus;

    private static JsonNode? ToNode(SubscriptionSpec? spec) => JsonSerializer.SerializeToNode(spec, Json.DistributionJsonContext.Default.SubscriptionSpec);

    private static JsonNode? ToNode(SubscriptionStatus? status) => JsonSerializer.SerializeToNode(status, Json.DistributionJsonContext.Default.SubscriptionStatus);
}
