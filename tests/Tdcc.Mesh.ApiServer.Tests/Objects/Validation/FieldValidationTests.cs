using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Objects.Validation;

/// <summary>kube's field validation of built-in kinds: 422 Invalid with causes, on create, update and patch.</summary>
public sealed class FieldValidationTests
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private const string PodDisruptionBudgets = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";

    public static TheoryData<string, string, string, string, string> Invalid => new()
    {
        {
            Deployments,
            """{"metadata":{"name":"neg"},"spec":{"replicas":-1,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            "spec.replicas", "FieldValueInvalid",
            "Deployment.apps \"neg\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        },
        {
            Deployments,
            """{"metadata":{"name":"mismatch"},"spec":{"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            "spec.template.metadata.labels", "FieldValueInvalid",
            "Deployment.apps \"mismatch\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not match template `labels`"
        },
        {
            Deployments,
            """{"metadata":{"name":"nosel"},"spec":{"template":{"metadata":{"labels":{"app":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            "spec.selector", "FieldValueRequired",
            "Deployment.apps \"nosel\" is invalid: spec.selector: Required value"
        },
        {
            "/api/v1/namespaces/default/configmaps",
            """{"metadata":{"name":"lbl","labels":{"bad key!":"ok"}}}""",
            "metadata.labels", "FieldValueInvalid",
            "ConfigMap \"lbl\" is invalid: metadata.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        },
        {
            "/api/v1/namespaces/default/configmaps",
            """{"metadata":{"name":"val","labels":{"k":"-bad-"}}}""",
            "metadata.labels", "FieldValueInvalid",
            "ConfigMap \"val\" is invalid: metadata.labels: Invalid value: \"-bad-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        },
        {
            "/api/v1/namespaces/default/configmaps",
            """{"metadata":{"name":"ann","annotations":{"a/b/c":"x"}}}""",
            "metadata.annotations", "FieldValueInvalid",
            "ConfigMap \"ann\" is invalid: metadata.annotations: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        },
        {
            "/api/v1/namespaces/default/services",
            """{"metadata":{"name":"port"},"spec":{"ports":[{"port":70000}]}}""",
            "spec.ports[0].port", "FieldValueInvalid",
            "Service \"port\" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]"
        },
        {
            "/api/v1/namespaces/default/services",
            """{"metadata":{"name":"proto"},"spec":{"ports":[{"port":80,"protocol":"HTTP"}]}}""",
            "spec.ports[0].protocol", "FieldValueNotSupported",
            "Service \"proto\" is invalid: spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""
        },
        {
            "/api/v1/namespaces/default/services",
            """{"metadata":{"name":"dup"},"spec":{"ports":[{"name":"web","port":80},{"name":"web","port":81}]}}""",
            "spec.ports[1].name", "FieldValueDuplicate",
            "Service \"dup\" is invalid: spec.ports[1].name: Duplicate value: \"web\""
        },
        {
            "/api/v1/namespaces/default/services",
            """{"metadata":{"name":"kind"},"spec":{"type":"Magic","ports":[{"port":80}]}}""",
            "spec.type", "FieldValueNotSupported",
            "Service \"kind\" is invalid: spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""
        },
        {
            "/api/v1/namespaces/default/services",
            """{"metadata":{"name":"tp"},"spec":{"ports":[{"port":80,"targetPort":0}]}}""",
            "spec.ports[0].targetPort", "FieldValueInvalid",
            "Service \"tp\" is invalid: spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive"
        },
        {
            "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices",
            """{"metadata":{"name":"noaddr"},"endpoints":[{"addresses":["10.0.0.1"]}]}""",
            "addressType", "FieldValueRequired",
            "EndpointSlice.discovery.k8s.io \"noaddr\" is invalid: addressType: Required value"
        },
        {
            "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices",
            """{"metadata":{"name":"empty"},"addressType":"IPv4","endpoints":[{"addresses":[]}]}""",
            "endpoints[0].addresses", "FieldValueRequired",
            "EndpointSlice.discovery.k8s.io \"empty\" is invalid: endpoints[0].addresses: Required value: must contain at least 1 address"
        },
        {
            "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices",
            """{"metadata":{"name":"type"},"addressType":"IPv5","endpoints":[]}""",
            "addressType", "FieldValueNotSupported",
            "EndpointSlice.discovery.k8s.io \"type\" is invalid: addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\""
        },
        {
            "/api/v1/namespaces/default/pods",
            """{"metadata":{"name":"noimage"},"spec":{"containers":[{"name":"c"}]}}""",
            "spec.containers[0].image", "FieldValueRequired",
            "Pod \"noimage\" is invalid: spec.containers[0].image: Required value"
        },
        {
            "/api/v1/namespaces/default/pods",
            """{"metadata":{"name":"cname"},"spec":{"containers":[{"name":"Web_1","image":"i"}]}}""",
            "spec.containers[0].name", "FieldValueInvalid",
            "Pod \"cname\" is invalid: spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        },
        {
            "/api/v1/namespaces/default/pods",
            """{"metadata":{"name":"cdup"},"spec":{"containers":[{"name":"c","image":"i"},{"name":"c","image":"j"}]}}""",
            "spec.containers[1].name", "FieldValueDuplicate",
            "Pod \"cdup\" is invalid: spec.containers[1].name: Duplicate value: \"c\""
        },
        {
            "/api/v1/namespaces/default/pods",
            """{"metadata":{"name":"none"},"spec":{}}""",
            "spec.containers", "FieldValueRequired",
            "Pod \"none\" is invalid: spec.containers: Required value"
        },
        {
            PodDisruptionBudgets,
            """{"metadata":{"name":"both"},"spec":{"minAvailable":1,"maxUnavailable":1,"selector":{"matchLabels":{"app":"web"}}}}""",
            "spec", "FieldValueInvalid",
            "PodDisruptionBudget.policy \"both\" is invalid: spec: Invalid value: policy.PodDisruptionBudgetSpec{...}: minAvailable and maxUnavailable cannot be both set"
        },
        {
            PodDisruptionBudgets,
            """{"metadata":{"name":"pct"},"spec":{"maxUnavailable":"150%"}}""",
            "spec.maxUnavailable", "FieldValueInvalid",
            "PodDisruptionBudget.policy \"pct\" is invalid: spec.maxUnavailable: Invalid value: 150%: must not be greater than 100%"
        },
        {
            PodDisruptionBudgets,
            """{"metadata":{"name":"neg"},"spec":{"minAvailable":-1}}""",
            "spec.minAvailable", "FieldValueInvalid",
            "PodDisruptionBudget.policy \"neg\" is invalid: spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"
        },
        {
            PodDisruptionBudgets,
            """{"metadata":{"name":"evict"},"spec":{"minAvailable":"50%","unhealthyPodEvictionPolicy":"Never"}}""",
            "spec.unhealthyPodEvictionPolicy", "FieldValueNotSupported",
            "PodDisruptionBudget.policy \"evict\" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\""
        },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Create_InvalidField_Returns422WithCause(string path, string json, string field, string reason, string message)
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.SendAsync(HttpMethod.Post, path, json);
        code.Should().Be(422, body.ToJsonString());
        body["reason"]!.GetValue<string>().Should().Be("Invalid");
        body["message"]!.GetValue<string>().Should().Be(message);
        var causes = body["details"]!["causes"]!.AsArray();
        causes[0]!["field"]!.GetValue<string>().Should().Be(field);
        causes[0]!["reason"]!.GetValue<string>().Should().Be(reason);
        var name = (string)JsonNode.Parse(json)!["metadata"]!["name"]!;
        (await h.GetAsync(path + "/" + name)).Code.Should().Be(404);
    }

    [Fact]
    public async Task Create_SeveralProblems_ListsEveryCause()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var json = """{"metadata":{"name":"many"},"spec":{"replicas":-2,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c"}]}}}}""";
        var (code, body) = await h.SendAsync(HttpMethod.Post, Deployments, json);
        code.Should().Be(422);
        body["message"]!.GetValue<string>().Should().Be("Deployment.apps \"many\" is invalid: [spec.replicas: Invalid value: -2: must be greater than or equal to 0, spec.template.spec.containers[0].image: Required value]");
        body["details"]!["causes"]!.AsArray().Select(c => (string)c!["field"]!).Should().Equal("spec.replicas", "spec.template.spec.containers[0].image");
    }

    [Fact]
    public async Task Patch_ToInvalidValue_Returns422AndKeepsObject()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(Deployments, ApiServerHarness.Deployment("web"));
        var (code, body) = await h.PatchAsync(Deployments + "/web", """{"spec":{"replicas":-1}}""");
        code.Should().Be(422, body.ToJsonString());
        body["message"]!.GetValue<string>().Should().Be("Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        (await h.GetAsync(Deployments + "/web")).Body["spec"]!["replicas"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task Update_ChangedSelector_Returns422Immutable()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync(Deployments, ApiServerHarness.Deployment("web"));
        created["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "other" } };
        created["spec"]!["template"]!["metadata"]!["labels"] = new JsonObject { ["app"] = "other" };
        var (code, body) = await h.PutAsync(Deployments + "/web", created);
        code.Should().Be(422, body.ToJsonString());
        body["message"]!.GetValue<string>().Should().Be("Deployment.apps \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"other\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
    }

    [Fact]
    public async Task Apply_InvalidObject_Returns422()
    {
        await using var h = await ApiServerHarness.StartAsync();
        const string applied = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 0\n";
        var (code, body) = await h.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/services/web?fieldManager=me", applied, "application/apply-patch+yaml");
        code.Should().Be(422, body.ToJsonString());
        // As in kube, targetPort defaults to port, so both are reported.
        body["message"]!.GetValue<string>().Should().Be("Service \"web\" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]");
    }

    [Fact]
    public async Task Create_ServiceNameNotDns1035_Returns422()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", """{"metadata":{"name":"1web"},"spec":{"ports":[{"port":80}]}}""");
        code.Should().Be(422);
        body["details"]!["causes"]![0]!["field"]!.GetValue<string>().Should().Be("metadata.name");
        body["message"]!.GetValue<string>().Should().Contain("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character");
    }

    [Fact]
    public async Task Create_ValidObjectOfEveryBuiltInKind_Returns201AndReadsBack()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await BuiltInSamples.CreateNamespaceAsync(h);
        foreach (var (path, json) in BuiltInSamples.All)
        {
            var (code, body) = await h.SendAsync(HttpMethod.Post, path, json);
            code.Should().Be(201, $"{path}: {body.ToJsonString()}");
            var name = (string)body["metadata"]!["name"]!;
            var (getCode, got) = await h.GetAsync(path + "/" + name);
            getCode.Should().Be(200);
            var (putCode, put) = await h.PutAsync(path + "/" + name, got);
            putCode.Should().Be(200, $"{path}: {put.ToJsonString()}");
        }
    }
}
