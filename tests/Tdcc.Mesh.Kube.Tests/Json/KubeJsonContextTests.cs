using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Tests.Json;

public sealed class KubeJsonContextTests
{
    private const string PodJson = """
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {
            "name": "web-0",
            "namespace": "shop",
            "uid": "7c1d",
            "resourceVersion": "42",
            "creationTimestamp": "2024-01-02T03:04:05Z",
            "labels": { "app": "web" },
            "ownerReferences": [ { "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-1", "uid": "u1", "controller": true, "futureOwnerField": 1 } ],
            "selfLink": "/api/v1/namespaces/shop/pods/web-0",
            "futureMetaField": { "x": [1, 2] }
          },
          "spec": {
            "containers": [
              {
                "name": "app",
                "image": "nginx:1.27",
                "ports": [ { "name": "http", "containerPort": 8080, "protocol": "TCP", "futurePortField": "p" } ],
                "resources": { "limits": { "cpu": "500m", "memory": "1Gi" }, "requests": { "cpu": "100m" } },
                "futureContainerField": true
              }
            ],
            "nodeName": "node-a",
            "overhead": { "cpu": "10m" }
          },
          "status": {
            "phase": "Running",
            "podIP": "10.0.0.7",
            "podIPs": [ { "ip": "10.0.0.7" }, { "ip": "fd00::7" } ],
            "conditions": [ { "type": "Ready", "status": "True", "lastTransitionTime": "2024-01-02T03:04:06Z" } ],
            "resize": "InProgress"
          },
          "futureTopLevel": "kept"
        }
        """;

    [Fact]
    public void Pod_UnknownFieldsAtEveryLevel_SurviveRoundTrip()
    {
        var pod = JsonSerializer.Deserialize(PodJson, Pod.JsonTypeInfo)!;

        var written = JsonSerializer.Serialize(pod, Pod.JsonTypeInfo);

        JsonNode.DeepEquals(JsonNode.Parse(written), JsonNode.Parse(PodJson)).Should().BeTrue(written);
        pod.Spec!.Containers[0].Ports!.Value[0].Port.Should().Be(8080);
        pod.Status!.PodIPs!.Value.Select(ip => ip.Ip).Should().Equal("10.0.0.7", "fd00::7");
        pod.Metadata.Extra.Should().ContainKey("futureMetaField");
        pod.Extra.Should().ContainKey("futureTopLevel");
    }

    [Fact]
    public void Serialize_NullFields_AreOmitted()
    {
        var cm = new ConfigMap { Metadata = new ObjectMeta { Name = "c" }, Data = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("k", "v") };

        var json = JsonSerializer.Serialize(cm, ConfigMap.JsonTypeInfo);

        json.Should().Be("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}}""");
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T05:04:05+02:00", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05.123456Z", "2024-01-02T03:04:05.123456Z")]
    public void Timestamp_Rfc3339_WrittenInUtcWithZ(string input, string expected)
    {
        var lease = JsonSerializer.Deserialize($$$"""{"spec":{"renewTime":"{{{input}}}"}}""", Lease.JsonTypeInfo)!;

        var json = JsonSerializer.Serialize(lease, Lease.JsonTypeInfo);

        JsonNode.Parse(json)!["spec"]!["renewTime"]!.GetValue<string>().Should().Be(expected);
    }

    [Fact]
    public void IntOrString_NumberAndString_RoundTripAsWritten()
    {
        const string json = """{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80,"targetPort":8080},{"port":81,"targetPort":"http"}]}}""";

        var svc = JsonSerializer.Deserialize(json, Service.JsonTypeInfo)!;

        svc.Spec!.Ports!.Value[0].TargetPort.Should().Be(IntOrString.FromInt(8080));
        svc.Spec.Ports.Value[1].TargetPort!.Value.StringValue.Should().Be("http");
        JsonSerializer.Serialize(svc, Service.JsonTypeInfo).Should().Be(json);
    }

    [Theory]
    [InlineData(2, 10, true, 2)]
    [InlineData("25%", 10, true, 3)]
    [InlineData("25%", 10, false, 2)]
    public void IntOrString_ScaledValue_AppliesPercentages(object value, int total, bool roundUp, int expected)
    {
        IntOrString v = value is int i ? i : (string)value;

        v.ScaledValue(total, roundUp).Should().Be(expected);
    }

    [Fact]
    public void Deployment_MaxSurgePercentAndUnknownStrategyField_RoundTrip()
    {
        const string json = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"d"},"matchExpressions":[{"key":"tier","operator":"In","values":["web"]}]},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":0},"extra":1}}}""";

        var deployment = JsonSerializer.Deserialize(json, Deployment.JsonTypeInfo)!;

        JsonNode.DeepEquals(JsonNode.Parse(JsonSerializer.Serialize(deployment, Deployment.JsonTypeInfo)), JsonNode.Parse(json)).Should().BeTrue();
        deployment.Spec!.Strategy!.RollingUpdate!.MaxSurge!.Value.StringValue.Should().Be("25%");
    }

    [Theory]
    [InlineData("""{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"s-1"},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.1"],"conditions":{"ready":true,"serving":true,"terminating":false},"hostname":"a","targetRef":{"kind":"Pod","namespace":"n","name":"p","uid":"u"},"nodeName":"n1","zone":"z1","hints":{"forZones":[{"name":"z1"}]},"x":1}],"ports":[{"name":"http","protocol":"TCP","port":80,"appProtocol":"http"}]}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"spec":{"podCIDR":"10.1.0.0/24","taints":[{"key":"k","effect":"NoSchedule"}]},"status":{"capacity":{"cpu":"4"},"allocatable":{"cpu":"3800m"},"addresses":[{"type":"InternalIP","address":"192.168.0.2"}],"conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":"2024-01-02T03:04:05Z"}],"nodeInfo":{"kubeletVersion":"v1.32.0","x":"y"}}}""")]
    [InlineData("""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l","namespace":"kube-system"},"spec":{"holderIdentity":"a","leaseDurationSeconds":15,"acquireTime":"2024-01-02T03:04:05.000001Z","renewTime":"2024-01-02T03:04:06.500000Z","leaseTransitions":2}}""")]
    [InlineData("""{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},"spec":{"group":"example.com","names":{"plural":"widgets","kind":"Widget"},"scope":"Namespaced","versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}},"subresources":{"status":{}}}]}}""")]
    [InlineData("""{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"np"},"spec":{"podSelector":{},"ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"a":"b"}}},{"ipBlock":{"cidr":"10.0.0.0/8","except":["10.1.0.0/16"]}}],"ports":[{"protocol":"TCP","port":"http"},{"port":80,"endPort":90}]}],"policyTypes":["Ingress"]}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"type":"ClusterIP","selector":{"app":"a"},"clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"sessionAffinity":"None","internalTrafficPolicy":"Local","trafficDistribution":"PreferClose","ipFamilies":["IPv4"]},"status":{"loadBalancer":{}}}""")]
    [InlineData("""{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},"spec":{"replicas":3,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"pg"}]}},"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":1}}},"status":{"replicas":3,"readyReplicas":2,"currentRevision":"db-1"}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"p"},"reason":"Started","message":"m","source":{"component":"kubelet"},"count":2,"type":"Normal","eventTime":"2024-01-02T03:04:05.123456Z"}""")]
    public void Kinds_RealisticBodies_RoundTripExactly(string json)
    {
        var kind = JsonNode.Parse(json)!["kind"]!.GetValue<string>();
        string written = kind switch
        {
            "EndpointSlice" => RoundTrip<EndpointSlice>(json),
            "Node" => RoundTrip<Node>(json),
            "Lease" => RoundTrip<Lease>(json),
            "CustomResourceDefinition" => RoundTrip<CustomResourceDefinition>(json),
            "NetworkPolicy" => RoundTrip<NetworkPolicy>(json),
            "Service" => RoundTrip<Service>(json),
            "StatefulSet" => RoundTrip<StatefulSet>(json),
            "Event" => RoundTrip<Event>(json),
            _ => throw new InvalidOperationException(kind),
        };

        JsonNode.DeepEquals(JsonNode.Parse(written), JsonNode.Parse(json)).Should().BeTrue(written);
    }

    [Fact]
    public void KubeList_UnknownFields_SurviveRoundTrip()
    {
        const string json = """{"apiVersion":"v1","kind":"ConfigMapList","metadata":{"resourceVersion":"9","continue":"abc","x":1},"items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v"}}],"y":2}""";

        var list = JsonSerializer.Deserialize(json, ConfigMap.ListJsonTypeInfo)!;

        list.Metadata.Continue.Should().Be("abc");
        JsonNode.DeepEquals(JsonNode.Parse(JsonSerializer.Serialize(list, ConfigMap.ListJsonTypeInfo)), JsonNode.Parse(json)).Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"items":null}""")]
    [InlineData("""{}""")]
    public void KubeList_NullOrMissingItems_IsEmpty(string json)
    {
        var list = JsonSerializer.Deserialize(json, Pod.ListJsonTypeInfo)!;

        list.Items.IsDefault.Should().BeFalse();
        list.Items.Should().BeEmpty();
    }

    [Fact]
    public void PodSpec_NullContainers_IsEmpty()
    {
        var pod = JsonSerializer.Deserialize("""{"spec":{"containers":null}}""", Pod.JsonTypeInfo)!;

        pod.Spec!.Containers.IsDefault.Should().BeFalse();
        pod.Metadata.Should().NotBeNull();
    }

    [Fact]
    public void GenericObject_AnyKind_KeepsBodyAndExposesMetadata()
    {
        const string json = """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"n","labels":{"a":"b"}},"spec":{"size":3}}""";

        var obj = JsonSerializer.Deserialize(json, KubeJsonContext.Default.GenericObject)!;

        obj.ApiVersion.Should().Be("example.com/v1");
        obj.Kind.Should().Be("Widget");
        obj.Metadata.Labels!["a"].Should().Be("b");
        obj.GetField("spec")!["size"]!.GetValue<int>().Should().Be(3);
        JsonSerializer.Serialize(obj, KubeJsonContext.Default.GenericObject).Should().Be(json);
    }

    [Fact]
    public void GenericObject_WithMetadata_ReplacesOnlyMetadata()
    {
        var obj = GenericObject.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v"}}""");

        var changed = obj.WithMetadata(obj.Metadata with { ResourceVersion = "5" });

        changed.Metadata.ResourceVersion.Should().Be("5");
        changed.As<ConfigMap>()!.Data!["k"].Should().Be("v");
        obj.Metadata.ResourceVersion.Should().BeNull();
    }

    [Fact]
    public void GenericObject_Body_IsACopy()
    {
        var obj = GenericObject.Parse("""{"kind":"X","metadata":{"name":"a"}}""");

        obj.Body["kind"] = "Y";

        obj.Kind.Should().Be("X");
        obj.ToJsonString().Should().Contain("\"X\"");
    }

    private static string RoundTrip<T>(string json)
        where T : class, IKubeObject<T> =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize(json, T.JsonTypeInfo)!, T.JsonTypeInfo);
}
