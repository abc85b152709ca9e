using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Protobuf;
using static Tdcc.Mesh.ApiServer.Tests.Protobuf.Proto;

namespace Tdcc.Mesh.ApiServer.Tests.Protobuf;

/// <summary>Round trips: bytes written here from the upstream field numbers decode to the JSON kube would serve.</summary>
public sealed class BuiltInKindsDecodeTests
{
    private static JsonObject DecodeOk(byte[] body) => KubeProtobuf.Decode(body, out _, out _)!;

    [Fact]
    public void Decode_Service_MapsPortsSelectorAndType()
    {
        var body = Envelope("v1", "Service", Concat(
            Message(1, Str(1, "s"), Str(3, "default"), Str(4, string.Empty), Int(7, 0)),
            Message(
                2,
                Message(1, Str(1, "http"), Str(2, "TCP"), Int(3, 80), IntOrString(4, 8080), Int(5, 0)),
                Message(1, Str(1, "web"), Str(2, "TCP"), Int(3, 443), IntOrString(4, "https"), Int(5, 30443)),
                Entry(2, "app", "web"),
                Str(4, "NodePort"),
                Str(7, "ClientIP"),
                Str(3, string.Empty),
                Bool(12, false)),
            Message(3, Message(1))));

        var json = DecodeOk(body).ToJsonString();

        json.Should().Be("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s","namespace":"default"},"spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080},{"name":"web","protocol":"TCP","port":443,"targetPort":"https","nodePort":30443}],"selector":{"app":"web"},"type":"NodePort","sessionAffinity":"ClientIP"},"status":{"loadBalancer":{}}}""");
    }

    [Fact]
    public void Decode_PodSpec_MapsContainersProbesResourcesAndVolumes()
    {
        var container = Message(
            2,
            Str(1, "app"),
            Str(2, "tdcc.io/echo"),
            Str(4, "--code"),
            Str(4, "3"),
            Message(6, Str(1, "http"), Int(2, 0), Int(3, 8080), Str(4, "TCP"), Str(5, string.Empty)),
            Message(7, Str(1, "MODE"), Str(2, "fast")),
            Message(7, Str(1, "POD"), Str(2, string.Empty), Message(3, Message(1, Str(1, "v1"), Str(2, "metadata.name")))),
            Message(8, Message(1, Str(1, "cpu"), Quantity(2, "500m")), Message(2, Str(1, "memory"), Quantity(2, "64Mi"))),
            Message(9, Str(1, "cfg"), Bool(2, true), Str(3, "/etc/cfg"), Str(4, string.Empty)),
            Message(11, Message(1, Message(2, Str(1, "/ready"), IntOrString(2, "http"), Str(4, "HTTP"))), Int(2, 0), Int(4, 5)),
            Message(10, Message(1, Message(3, IntOrString(1, 8080))), Int(2, 2)),
            Bool(16, false),
            Bool(18, false));
        var spec = Message(
            2,
            Message(1, Str(1, "cfg"), Message(2, Message(19, Message(1, Str(1, "cfg")), Int(3, 420)))),
            Message(1, Str(1, "tmp"), Message(2, Message(2, Str(1, string.Empty), Quantity(2, "1Gi")))),
            container,
            Str(3, "Never"),
            Int(4, 0),
            Entry(7, "disk", "ssd"),
            Bool(11, false));
        var body = Envelope("v1", "Pod", Concat(Message(1, Str(1, "p"), Entry(11, "app", "echo")), spec, Message(3)));

        var json = DecodeOk(body);

        json["spec"]!.ToJsonString().Should().Be(
            """{"volumes":[{"name":"cfg","configMap":{"name":"cfg","defaultMode":420}},{"name":"tmp","emptyDir":{"sizeLimit":"1Gi"}}],"containers":[{"name":"app","image":"tdcc.io/echo","args":["--code","3"],"ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],"env":[{"name":"MODE","value":"fast"},{"name":"POD","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}}],"resources":{"limits":{"cpu":"500m"},"requests":{"memory":"64Mi"}},"volumeMounts":[{"name":"cfg","readOnly":true,"mountPath":"/etc/cfg"}],"readinessProbe":{"httpGet":{"path":"/ready","port":"http","scheme":"HTTP"},"periodSeconds":5},"livenessProbe":{"tcpSocket":{"port":8080},"initialDelaySeconds":2}}],"restartPolicy":"Never","terminationGracePeriodSeconds":0,"nodeSelector":{"disk":"ssd"}}""");
        json["metadata"]!.ToJsonString().Should().Be("""{"name":"p","labels":{"app":"echo"}}""");
    }

    [Fact]
    public void Decode_Deployment_KeepsZeroReplicasAndIntOrStringPercentages()
    {
        var template = Message(3, Message(1, Entry(11, "app", "web")), Message(2, Message(2, Str(1, "web"), Str(2, "tdcc.io/echo"))));
        var body = Envelope("apps/v1", "Deployment", Concat(
            Message(1, Str(1, "web")),
            Message(
                2,
                Int(1, 0),
                Message(2, Entry(1, "app", "web")),
                template,
                Message(4, Str(1, "RollingUpdate"), Message(2, IntOrString(1, "25%"), IntOrString(2, 0))),
                Int(5, 0),
                Int(6, 10)),
            Message(3)));

        var spec = DecodeOk(body)["spec"]!;

        spec.ToJsonString().Should().Be(
            """{"replicas":0,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"tdcc.io/echo"}]}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":0}},"revisionHistoryLimit":10}""");
    }

    [Fact]
    public void Decode_Lease_WritesMicroTimeWithMicroseconds()
    {
        var renew = Message(4, Int(1, 1_700_000_000), Int(2, 123_456_789));
        var body = Envelope("coordination.k8s.io/v1", "Lease", Concat(Message(1, Str(1, "leader")), Message(2, Str(1, string.Empty), Int(2, 15), renew)));

        var spec = DecodeOk(body)["spec"]!;

        spec.ToJsonString().Should().Be("""{"holderIdentity":"","leaseDurationSeconds":15,"renewTime":"2023-11-14T22:13:20.123456Z"}""");
    }

    [Fact]
    public void Decode_ObjectMetaTimes_AreRfc3339AndZeroIsLeftOut()
    {
        var body = Envelope("v1", "ConfigMap", Message(1, Str(1, "c"), Message(8, Int(1, 1_700_000_000), Int(2, 5)), Message(9)));

        DecodeOk(body)["metadata"]!.ToJsonString().Should().Be("""{"name":"c","creationTimestamp":"2023-11-14T22:13:20Z"}""");
    }

    [Fact]
    public void Decode_ObjectMetaClusterNameOfOldClients_IsIgnored()
    {
        // kubectl <= 1.24 writes ObjectMeta.clusterName (15), removed since, as "".
        var body = Envelope("v1", "ConfigMap", Message(1, Str(1, "c"), Str(15, string.Empty)));

        DecodeOk(body)["metadata"]!.ToJsonString().Should().Be("""{"name":"c"}""");
    }

    [Fact]
    public void Decode_RoleBindingAndClusterRole_MapRbacFields()
    {
        var binding = Envelope("rbac.authorization.k8s.io/v1", "RoleBinding", Concat(
            Message(1, Str(1, "rb"), Str(3, "team")),
            Message(2, Str(1, "ServiceAccount"), Str(2, string.Empty), Str(3, "bot"), Str(4, "team")),
            Message(3, Str(1, "rbac.authorization.k8s.io"), Str(2, "Role"), Str(3, "reader"))));
        var role = Envelope("rbac.authorization.k8s.io/v1", "ClusterRole", Concat(
            Message(1, Str(1, "reader")),
            Message(2, Str(1, "get"), Str(1, "list"), Str(2, ""), Str(3, "pods"), Str(5, "/healthz"))));

        DecodeOk(binding).ToJsonString().Should().Be(
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"rb","namespace":"team"},"subjects":[{"kind":"ServiceAccount","name":"bot","namespace":"team"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"reader"}}""");
        DecodeOk(role)["rules"]!.ToJsonString().Should().Be("""[{"verbs":["get","list"],"apiGroups":[""],"resources":["pods"],"nonResourceURLs":["/healthz"]}]""");
    }

    [Fact]
    public void Decode_IngressAndPodDisruptionBudget_MapBackendsAndIntOrString()
    {
        var backend = Message(4, Str(1, "svc1"), Message(2, Str(1, string.Empty), Int(2, 8080)));
        var ingress = Envelope("networking.k8s.io/v1", "Ingress", Concat(
            Message(1, Str(1, "web")),
            Message(2, Str(4, "default"), Message(3, Str(1, "foo.com"), Message(2, Message(1, Message(1, Str(1, "/bar"), Message(2, backend), Str(3, "Prefix"))))))));
        var pdb = Envelope("policy/v1", "PodDisruptionBudget", Concat(Message(1, Str(1, "web")), Message(2, IntOrString(1, "50%"), Message(2, Entry(1, "app", "web")))));

        DecodeOk(ingress)["spec"]!.ToJsonString().Should().Be(
            """{"ingressClassName":"default","rules":[{"host":"foo.com","http":{"paths":[{"path":"/bar","backend":{"service":{"name":"svc1","port":{"number":8080}}},"pathType":"Prefix"}]}}]}""");
        DecodeOk(pdb)["spec"]!.ToJsonString().Should().Be("""{"minAvailable":"50%","selector":{"matchLabels":{"app":"web"}}}""");
    }

    [Fact]
    public void Decode_ScaleAndTokenRequest_Decode()
    {
        var scale = Envelope("autoscaling/v1", "Scale", Concat(Message(1, Str(1, "web")), Message(2, Int(1, 5))));
        var token = Envelope("authentication.k8s.io/v1", "TokenRequest", Concat(Message(1, Str(1, "bot")), Message(2, Str(1, "https://kubernetes.default.svc"), Int(4, 3600))));

        DecodeOk(scale)["spec"]!.ToJsonString().Should().Be("""{"replicas":5}""");
        DecodeOk(token)["spec"]!.ToJsonString().Should().Be("""{"audiences":["https://kubernetes.default.svc"],"expirationSeconds":3600}""");
    }

    [Fact]
    public void Decode_SelfSubjectAccessReview_MapsResourceAttributes()
    {
        // What `kubectl auth can-i create pods -n team` sends.
        var body = Envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", Concat(
            Message(1),
            Message(2, Message(1, Str(1, "team"), Str(2, "create"), Str(3, string.Empty), Str(4, string.Empty), Str(5, "pods"), Str(6, string.Empty), Str(7, string.Empty))),
            Message(3, Bool(1, false), Bool(4, false))));

        DecodeOk(body)["spec"]!.ToJsonString().Should().Be("""{"resourceAttributes":{"namespace":"team","verb":"create","resource":"pods"}}""");
    }

    [Fact]
    public void Decode_PackedRepeatedVarints_AreRead()
    {
        // gogo writes repeated scalars unpacked; a packed list (one length-delimited field) decodes too:
        // PodSpec.securityContext (14) .supplementalGroups (4, int64).
        var body = Envelope("v1", "Pod", Concat(Message(1, Str(1, "p")), Message(2, Message(14, Bytes(4, [1, 2, 0x90, 0x4e])))));

        DecodeOk(body)["spec"]!["securityContext"]!.ToJsonString().Should().Be("""{"supplementalGroups":[1,2,10000]}""");
    }

    [Fact]
    public void Decode_FieldTheTablesDoNotKnow_ThrowsNamingIt()
    {
        var body = Envelope("apps/v1", "Deployment", Concat(Message(1, Str(1, "web")), Message(2, Message(3, Message(2, Str(999, "x"))))));

        var act = () => KubeProtobuf.Decode(body, out _, out _);

        act.Should().Throw<FormatException>().WithMessage("Deployment.spec.template.spec: field 999 of PodSpec is not one this server decodes");
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1_500L, "1.5µs")]
    [InlineData(250_000_000L, "250ms")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(60_000_000_000L, "1m0s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(3_723_000_000_000L, "1h2m3s")]
    [InlineData(-90_000_000_000L, "-1m30s")]
    public void GoDuration_Nanoseconds_FormatsAsGo(long nanoseconds, string expected) =>
        ProtoJson.GoDuration(nanoseconds).Should().Be(expected);
}
