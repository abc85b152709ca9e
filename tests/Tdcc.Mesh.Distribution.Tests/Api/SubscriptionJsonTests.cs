using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Tests.Api;

public sealed class SubscriptionJsonTests
{
    private const string Manifest =
        """
        {
          "apiVersion": "apps.tdcc.io/v1alpha1",
          "kind": "Subscription",
          "metadata": {"name": "web", "namespace": "shop", "generation": 3},
          "spec": {
            "feeds": [
              {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"},
              {"helmChart": {"repository": "oci://registry.example.com/charts", "chart": "redis", "version": "^18.0",
                             "releaseName": "cache", "targetNamespace": "shop", "values": {"replica": {"replicaCount": 2}}}}
            ],
            "subscribers": [
              {"labelSelector": {"matchLabels": {"env": "prod"}},
               "fieldSelector": {"matchExpressions": [{"key": "region", "operator": "In", "values": ["eu-west"]}]},
               "weight": 2},
              {"clusterNames": ["edge"]}
            ],
            "clusterTolerations": [{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}],
            "schedulingStrategy": "Divide",
            "divisionType": "Dynamic",
            "minClusters": 2,
            "maxClusters": 5,
            "spreadConstraints": [{"topologyKey": "region", "minGroups": 2}],
            "failoverGracePeriodSeconds": 120,
            "futureField": {"kept": true}
          },
          "status": {
            "observedGeneration": 3,
            "placements": [
              {"cluster": "east", "replicas": 4, "feedReplicas": {"Deployment/shop/web": 4}},
              {"cluster": "west", "replicas": 2, "evicting": true, "evictionStartTime": "2026-12-07T03:00:00Z"}
            ],
            "bindingClusters": ["east"],
            "filteredClusters": [{"cluster": "gpu-1", "filter": "TaintToleration", "reason": "cluster has taint"}],
            "clusterCount": 2,
            "replicas": 6
          }
        }
        """;

    [Fact]
    public void Deserialize_FullManifest_ReadsEveryField()
    {
        var subscription = JsonSerializer.Deserialize(Manifest, Subscription.JsonTypeInfo)!;

        var spec = subscription.Spec!;
        spec.Feeds!.Value[0].Kind.Should().Be("Deployment");
        spec.Feeds.Value[1].HelmChart!.Repository.Should().Be("oci://registry.example.com/charts");
        spec.Feeds.Value[1].HelmChart!.Values!.Value.GetProperty("replica").GetProperty("replicaCount").GetInt32().Should().Be(2);
        spec.Subscribers!.Value[0].LabelSelector!.MatchLabels!["env"].Should().Be("prod");
        spec.Subscribers.Value[0].FieldSelector!.MatchExpressions!.Value[0].Values.Should().Equal("eu-west");
        spec.Subscribers.Value[0].Weight.Should().Be(2);
        spec.Subscribers.Value[1].ClusterNames.Should().Equal("edge");
        spec.ClusterTolerations!.Value[0].Effect.Should().Be("NoSchedule");
        spec.SchedulingStrategy.Should().Be(SchedulingStrategies.Divide);
        spec.DivisionType.Should().Be(DivisionTypes.Dynamic);
        (spec.MinClusters, spec.MaxClusters, spec.FailoverGracePeriodSeconds).Should().Be((2, 5, 120));
        spec.SpreadConstraints!.Value[0].Should().Be(new SpreadConstraint { TopologyKey = "region", MinGroups = 2 });
        subscription.Status!.Placements!.Value[0].FeedReplicas!["Deployment/shop/web"].Should().Be(4);
        subscription.Status.Placements.Value[1].EvictionStartTime.Should().Be(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));
        subscription.Status.FilteredClusters!.Value[0].Filter.Should().Be("TaintToleration");
    }

    [Fact]
    public void Serialize_RoundTrip_SameJsonIncludingUnknownFields()
    {
        var subscription = JsonSerializer.Deserialize(Manifest, Subscription.JsonTypeInfo)!;

        var written = JsonNode.Parse(JsonSerializer.Serialize(subscription, Subscription.JsonTypeInfo))!;

        JsonNode.DeepEquals(written, JsonNode.Parse(Manifest)).Should().BeTrue(written.ToJsonString());
    }

    [Fact]
    public void New_Subscription_HasItsApiVersionAndKind()
    {
        var json = JsonSerializer.Serialize(new Subscription { Metadata = new ObjectMeta { Name = "x" } }, Subscription.JsonTypeInfo);

        json.Should().Contain("\"apiVersion\":\"apps.tdcc.io/v1alpha1\"").And.Contain("\"kind\":\"Subscription\"");
        Subscription.Resource.Plural.Should().Be("subscriptions");
        Globalization.Resource.Namespaced.Should().BeFalse();
        Localization.Resource.Namespaced.Should().BeTrue();
    }

    [Fact]
    public void Deserialize_Localization_ReadsEveryOverrideType()
    {
        const string json =
            """
            {"apiVersion": "apps.tdcc.io/v1alpha1", "kind": "Localization", "metadata": {"name": "web-east", "namespace": "tdcc-cluster-east"},
             "spec": {"feed": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"}, "priority": 600,
              "overrides": [
                {"type": "MergePatch", "value": {"spec": {"replicas": 3}}},
                {"type": "JSONPatch", "value": [{"op": "add", "path": "/metadata/labels/x", "value": "y"}]},
                {"type": "Image", "image": {"container": "web", "registry": "registry.east.example", "tag": "1.2"}},
                {"type": "Labels", "labels": {"team": "a", "old": ""}},
                {"type": "Annotations", "annotations": {"note": "east"}},
                {"type": "Args", "args": {"container": "web", "operation": "Append", "values": ["--east"]}},
                {"type": "Env", "env": {"values": {"REGION": "east"}}},
                {"type": "HelmValues", "value": {"replicaCount": 1}}]}}
            """;

        var localization = JsonSerializer.Deserialize(json, Localization.JsonTypeInfo)!;

        localization.Spec!.Priority.Should().Be(600);
        localization.Spec.Overrides!.Value.Select(o => o.Type).Should().Equal(
            OverrideTypes.MergePatch, OverrideTypes.JsonPatch, OverrideTypes.Image, OverrideTypes.Labels,
            OverrideTypes.Annotations, OverrideTypes.Args, OverrideTypes.Env, OverrideTypes.HelmValues);
        localization.Spec.Overrides.Value[2].Image!.Registry.Should().Be("registry.east.example");
        localization.Spec.Overrides.Value[5].Args!.Values.Should().Equal("--east");
        localization.Spec.Overrides.Value[6].Env!.Values!["REGION"].Should().Be("east");
        JsonNode.DeepEquals(JsonNode.Parse(JsonSerializer.Serialize(localization, Localization.JsonTypeInfo)), JsonNode.Parse(json)).Should().BeTrue();
    }
}
