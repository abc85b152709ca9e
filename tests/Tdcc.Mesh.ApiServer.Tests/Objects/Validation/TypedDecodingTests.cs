using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Objects.Validation;

/// <summary>Wrong field types of built-in kinds are rejected with 400 and Go's decoding message before anything is stored.</summary>
public sealed class TypedDecodingTests
{
    public static TheoryData<string, string, string, string> Reproductions => new()
    {
        {
            "/apis/apps/v1/namespaces/rt/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":"three","selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
            "d"
        },
        {
            "/api/v1/namespaces/rt/services",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":"eighty"}]}}""",
            "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32",
            "s"
        },
        {
            "/apis/discovery.k8s.io/v1/namespaces/rt/endpointslices",
            """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"e"},"addressType":"IPv4","endpoints":[{"addresses":"not-a-list"}]}""",
            "EndpointSlice in version \"v1\" cannot be handled as a EndpointSlice: json: cannot unmarshal string into Go struct field Endpoint.endpoints.addresses of type []string",
            "e"
        },
        {
            "/api/v1/namespaces/rt/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":1}}""",
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string",
            "c"
        },
        {
            "/api/v1/namespaces/rt/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"l","labels":["a","b"]}}""",
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string",
            "l"
        },
        {
            "/api/v1/namespaces/rt/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":"x"}}""",
            "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container",
            "p"
        },
        {
            "/api/v1/namespaces/rt/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"q"},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":1.5}]}]}}""",
            "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
            "q"
        },
        {
            "/apis/apps/v1/namespaces/rt/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"big"},"spec":{"replicas":99999999999}}""",
            "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number 99999999999 into Go struct field DeploymentSpec.spec.replicas of type int32",
            "big"
        },
        {
            "/api/v1/namespaces/rt/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":5}}""",
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string",
            "5"
        },
        {
            "/api/v1/namespaces/rt/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"r"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"lots"}}}]}}""",
            "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            "r"
        },
        {
            "/api/v1/namespaces/rt/services",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"t"},"spec":{"ports":[{"port":80,"targetPort":{"x":1}}]}}""",
            "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal object into Go value of type int32",
            "t"
        },
        {
            "/api/v1/namespaces/rt/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"b"},"data":{"k":"not base64!"}}""",
            "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3",
            "b"
        },
    };

    [Theory]
    [MemberData(nameof(Reproductions))]
    public async Task Create_WrongFieldType_Returns400WithGoMessageAndStoresNothing(string path, string json, string message, string name)
    {
        await using var h = await ApiServerHarness.StartAsync();
        await BuiltInSamples.CreateNamespaceAsync(h);
        var (code, body) = await h.SendAsync(HttpMethod.Post, path, json);
        code.Should().Be(400, body.ToJsonString());
        body["reason"]!.GetValue<string>().Should().Be("BadRequest");
        body["message"]!.GetValue<string>().Should().Be(message);
        (await h.GetAsync(path + "/" + name)).Code.Should().Be(404);
    }

    [Fact]
    public async Task Create_YamlBodyWithWrongType_Returns400()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await BuiltInSamples.CreateNamespaceAsync(h);
        const string yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: yd\nspec:\n  replicas: three\n";
        var (code, body) = await h.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/rt/deployments", yaml, "application/yaml");
        code.Should().Be(400);
        body["message"]!.GetValue<string>().Should().EndWith("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":{},"metadata":{"name":"k"}}""", "json: cannot unmarshal object into Go struct field .kind of type string")]
    [InlineData("""{"apiVersion":7,"kind":"ConfigMap","metadata":{"name":"k"}}""", "json: cannot unmarshal number into Go struct field .apiVersion of type string")]
    public async Task Create_TypeMetaOfWrongType_Returns400(string json, string detail)
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", json);
        code.Should().Be(400, body.ToJsonString());
        body["message"]!.GetValue<string>().Should().StartWith("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: " + detail);
    }

    [Fact]
    public async Task Create_IntOrStringAndQuantityForms_AreAccepted()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await BuiltInSamples.CreateNamespaceAsync(h);
        var service = """{"metadata":{"name":"both"},"spec":{"ports":[{"name":"a","port":80,"targetPort":8080},{"name":"b","port":81,"targetPort":"web"}]}}""";
        (await h.SendAsync(HttpMethod.Post, "/api/v1/namespaces/rt/services", service)).Code.Should().Be(201);
        var pod = """{"metadata":{"name":"q"},"spec":{"containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":0.5,"memory":"64Mi"},"limits":{"cpu":"1","memory":1e9}}}]}}""";
        var (code, body) = await h.SendAsync(HttpMethod.Post, "/api/v1/namespaces/rt/pods", pod);
        code.Should().Be(201, body.ToJsonString());
    }

    [Fact]
    public async Task Update_WrongFieldType_Returns400AndKeepsObject()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync("/apis/apps/v1/namespaces/default/deployments", ApiServerHarness.Deployment("web"));
        created["spec"]!["replicas"] = "three";
        var (code, body) = await h.PutAsync("/apis/apps/v1/namespaces/default/deployments/web", created);
        code.Should().Be(400);
        body["message"]!.GetValue<string>().Should().Contain("DeploymentSpec.spec.replicas of type int32");
        (await h.GetAsync("/apis/apps/v1/namespaces/default/deployments/web")).Body["spec"]!["replicas"]!.GetValue<int>().Should().Be(1);
    }

    [Theory]
    [InlineData("application/merge-patch+json", """{"spec":{"replicas":"three"}}""")]
    [InlineData("application/strategic-merge-patch+json", """{"spec":{"replicas":"three"}}""")]
    [InlineData("application/json-patch+json", """[{"op":"replace","path":"/spec/replicas","value":"three"}]""")]
    public async Task Patch_ProducingWrongType_Returns422OnPatchField(string contentType, string patch)
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/apis/apps/v1/namespaces/default/deployments", ApiServerHarness.Deployment("web"));
        var (code, body) = await h.PatchAsync("/apis/apps/v1/namespaces/default/deployments/web", patch, contentType);
        code.Should().Be(422, body.ToJsonString());
        var cause = body["details"]!["causes"]![0]!;
        cause["field"]!.GetValue<string>().Should().Be("patch");
        cause["message"]!.GetValue<string>().Should().EndWith(": json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
        (await h.GetAsync("/apis/apps/v1/namespaces/default/deployments/web")).Body["spec"]!["replicas"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task Apply_WrongFieldType_Returns400()
    {
        await using var h = await ApiServerHarness.StartAsync();
        const string applied = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: three\n";
        var (code, body) = await h.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=me", applied, "application/apply-patch+yaml");
        code.Should().Be(400, body.ToJsonString());
        body["message"]!.GetValue<string>().Should().EndWith("DeploymentSpec.spec.replicas of type int32");
    }

    [Fact]
    public async Task UpdateScale_WrongReplicasType_Returns400()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/apis/apps/v1/namespaces/default/deployments", ApiServerHarness.Deployment("web"));
        var scale = new JsonObject { ["kind"] = "Scale", ["apiVersion"] = "autoscaling/v1", ["metadata"] = new JsonObject { ["name"] = "web" }, ["spec"] = new JsonObject { ["replicas"] = "three" } };
        var (code, body) = await h.PutAsync("/apis/apps/v1/namespaces/default/deployments/web/scale", scale);
        code.Should().Be(400, body.ToJsonString());
        body["message"]!.GetValue<string>().Should().Be("Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal string into Go struct field ScaleSpec.spec.replicas of type int32");
        (await h.GetAsync("/apis/apps/v1/namespaces/default/deployments/web")).Body["spec"]!["replicas"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task OpenApi_BuiltInKind_PublishesTypedSchemaItDecodesWith()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, document) = await h.GetAsync("/openapi/v3/apis/apps/v1");
        code.Should().Be(200);
        var schemas = document["components"]!["schemas"]!;
        schemas["io.k8s.api.apps.v1.DeploymentSpec"]!["properties"]!["replicas"]!["format"]!.GetValue<string>().Should().Be("int32");
        schemas["io.k8s.api.core.v1.Container"]!["properties"]!["ports"]!["type"]!.GetValue<string>().Should().Be("array");
        schemas["io.k8s.api.apps.v1.Deployment"]!["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>().Should().Be("Deployment");
        schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!["x-kubernetes-int-or-string"]!.GetValue<bool>().Should().BeTrue();
    }
}
