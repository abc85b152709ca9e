using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Http;

public sealed class CrudTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";

    [Fact]
    public async Task Create_NewObject_AssignsMetadataAndReturns201()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a"));
        code.Should().Be(201);
        body["metadata"]!["uid"]!.GetValue<string>().Should().NotBeEmpty();
        body["metadata"]!["resourceVersion"]!.GetValue<string>().Should().NotBeEmpty();
        body["metadata"]!["creationTimestamp"]!.GetValue<string>().Should().EndWith("Z");
        body["metadata"]!["namespace"]!.GetValue<string>().Should().Be("default");
        var (getCode, got) = await h.GetAsync(ConfigMaps + "/a");
        getCode.Should().Be(200);
        got["data"]!["k"]!.GetValue<string>().Should().Be("v");
    }

    [Fact]
    public async Task Create_Existing_Returns409AlreadyExists()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a"));
        var (code, body) = await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a"));
        code.Should().Be(409);
        body["reason"]!.GetValue<string>().Should().Be("AlreadyExists");
        body["message"]!.GetValue<string>().Should().Be("configmaps \"a\" already exists");
    }

    [Fact]
    public async Task Get_Missing_Returns404WithKubeMessage()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.GetAsync(Deployments + "/nope");
        code.Should().Be(404);
        body["kind"]!.GetValue<string>().Should().Be("Status");
        body["message"]!.GetValue<string>().Should().Be("deployments.apps \"nope\" not found");
        body["details"]!["group"]!.GetValue<string>().Should().Be("apps");
        body["details"]!["kind"]!.GetValue<string>().Should().Be("deployments");
    }

    [Fact]
    public async Task Create_MissingNamespace_Returns404Namespace()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.PostAsync("/api/v1/namespaces/ghost/configmaps", ApiServerHarness.ConfigMap("a"));
        code.Should().Be(404);
        body["message"]!.GetValue<string>().Should().Be("namespaces \"ghost\" not found");
    }

    [Fact]
    public async Task Create_InvalidName_Returns422WithCauses()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("Bad_Name"));
        code.Should().Be(422);
        body["reason"]!.GetValue<string>().Should().Be("Invalid");
        body["message"]!.GetValue<string>().Should().StartWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain");
        body["details"]!["causes"]![0]!["field"]!.GetValue<string>().Should().Be("metadata.name");
    }

    [Fact]
    public async Task Create_GenerateName_AppendsSuffix()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var cm = ApiServerHarness.ConfigMap("x");
        cm["metadata"]!.AsObject().Remove("name");
        cm["metadata"]!["generateName"] = "gen-";
        var (code, body) = await h.PostAsync(ConfigMaps, cm);
        code.Should().Be(201);
        body["metadata"]!["name"]!.GetValue<string>().Should().MatchRegex("^gen-[a-z0-9]{5}$");
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.SendAsync(HttpMethod.Post, ConfigMaps, "{not json");
        code.Should().Be(400);
        body["reason"]!.GetValue<string>().Should().Be("BadRequest");
    }

    [Fact]
    public async Task Update_StaleResourceVersion_Returns409Conflict()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync(Deployments, ApiServerHarness.Deployment("x"));
        var first = created.DeepClone().AsObject();
        first["spec"]!["replicas"] = 2;
        (await h.PutAsync(Deployments + "/x", first)).Code.Should().Be(200);
        var stale = created.DeepClone().AsObject();
        stale["spec"]!["replicas"] = 3;
        var (code, body) = await h.PutAsync(Deployments + "/x", stale);
        code.Should().Be(409);
        body["reason"]!.GetValue<string>().Should().Be("Conflict");
        body["message"]!.GetValue<string>().Should().Be("Operation cannot be fulfilled on deployments.apps \"x\": the object has been modified; please apply your changes to the latest version and try again");
    }

    [Fact]
    public async Task Update_SpecChange_BumpsGenerationButMetadataChangeDoesNot()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync(Deployments, ApiServerHarness.Deployment("x"));
        created["metadata"]!["generation"]!.GetValue<long>().Should().Be(1);
        var labelled = created.DeepClone().AsObject();
        labelled["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };
        var (_, afterLabel) = await h.PutAsync(Deployments + "/x", labelled);
        afterLabel["metadata"]!["generation"]!.GetValue<long>().Should().Be(1);
        var (_, afterSpec) = await h.PatchAsync(Deployments + "/x", "{\"spec\":{\"replicas\":5}}");
        afterSpec["metadata"]!["generation"]!.GetValue<long>().Should().Be(2);
        long.Parse(afterSpec["metadata"]!["resourceVersion"]!.GetValue<string>()).Should().BeGreaterThan(long.Parse(afterLabel["metadata"]!["resourceVersion"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Update_NoChange_KeepsResourceVersion()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a"));
        var (_, same) = await h.PutAsync(ConfigMaps + "/a", created);
        same["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(created["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_MainUpdateIgnoresStatus_StatusUpdateOnlyChangesStatus()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, created) = await h.PostAsync(Deployments, ApiServerHarness.Deployment("x"));
        var withStatus = created.DeepClone().AsObject();
        withStatus["status"] = new JsonObject { ["readyReplicas"] = 1 };
        var (_, main) = await h.PutAsync(Deployments + "/x", withStatus);
        main["status"]!["readyReplicas"].Should().BeNull();
        var statusOnly = main.DeepClone().AsObject();
        statusOnly["status"] = new JsonObject { ["readyReplicas"] = 1 };
        statusOnly["spec"]!["replicas"] = 9;
        var (code, viaStatus) = await h.PutAsync(Deployments + "/x/status", statusOnly);
        code.Should().Be(200);
        viaStatus["status"]!["readyReplicas"]!.GetValue<int>().Should().Be(1);
        viaStatus["spec"]!["replicas"]!.GetValue<int>().Should().Be(1);
        viaStatus["metadata"]!["generation"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public async Task Patch_JsonPatchAndStrategic_Apply()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(Deployments, ApiServerHarness.Deployment("x"));
        var (code, patched) = await h.PatchAsync(Deployments + "/x", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]", "application/json-patch+json");
        code.Should().Be(200);
        patched["spec"]!["replicas"]!.GetValue<int>().Should().Be(4);
        var (smpCode, smp) = await h.PatchAsync(Deployments + "/x", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"image\":\"busybox\"}]}}}}", "application/strategic-merge-patch+json");
        smpCode.Should().Be(200);
        smp["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task Patch_UnknownContentType_Returns415()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a"));
        var (code, _) = await h.PatchAsync(ConfigMaps + "/a", "{}", "text/plain");
        code.Should().Be(415);
    }

    [Fact]
    public async Task DryRun_Create_DoesNotPersist()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, _) = await h.PostAsync(ConfigMaps + "?dryRun=All", ApiServerHarness.ConfigMap("a"));
        code.Should().Be(201);
        (await h.GetAsync(ConfigMaps + "/a")).Code.Should().Be(404);
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("b"));
        (await h.DeleteAsync(ConfigMaps + "/b?dryRun=All")).Code.Should().Be(200);
        (await h.GetAsync(ConfigMaps + "/b")).Code.Should().Be(200);
        (await h.PatchAsync(ConfigMaps + "/b?dryRun=All", "{\"data\":{\"k\":\"changed\"}}")).Body["data"]!["k"]!.GetValue<string>().Should().Be("changed");
        (await h.GetAsync(ConfigMaps + "/b")).Body["data"]!["k"]!.GetValue<string>().Should().Be("v");
    }

    [Fact]
    public async Task Scale_GetAndUpdate_ChangesSpecReplicas()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(Deployments, ApiServerHarness.Deployment("x", replicas: 2));
        var (code, scale) = await h.GetAsync(Deployments + "/x/scale");
        code.Should().Be(200);
        scale["kind"]!.GetValue<string>().Should().Be("Scale");
        scale["spec"]!["replicas"]!.GetValue<int>().Should().Be(2);
        scale["status"]!["selector"]!.GetValue<string>().Should().Be("app=x");
        scale["spec"]!["replicas"] = 7;
        (await h.PutAsync(Deployments + "/x/scale", scale)).Code.Should().Be(200);
        (await h.GetAsync(Deployments + "/x")).Body["spec"]!["replicas"]!.GetValue<int>().Should().Be(7);
    }

    [Fact]
    public async Task Service_Create_AllocatesClusterIp()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var svc = JsonNode.Parse("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":80}]}}")!;
        var (code, body) = await h.PostAsync("/api/v1/namespaces/default/services", svc);
        code.Should().Be(201);
        body["spec"]!["clusterIP"]!.GetValue<string>().Should().StartWith("10.96.");
        body["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>().Should().Be(80);
    }

    [Fact]
    public async Task UnknownResource_Returns404Page()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, body) = await h.GetAsync("/api/v1/namespaces/default/widgets");
        code.Should().Be(404);
        body["message"]!.GetValue<string>().Should().Be("the server could not find the requested resource");
    }

    [Fact]
    public async Task ApplyPatch_YamlBody_CreatesThenUpdates()
    {
        await using var h = await ApiServerHarness.StartAsync();
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: \"1\"\n";
        var (code, created) = await h.PatchAsync(ConfigMaps + "/applied?fieldManager=test", yaml, "application/apply-patch+yaml");
        code.Should().Be(201);
        created["data"]!["k"]!.GetValue<string>().Should().Be("1");
        var (again, updated) = await h.PatchAsync(ConfigMaps + "/applied?fieldManager=test", yaml.Replace("\"1\"", "\"2\""), "application/apply-patch+yaml");
        again.Should().Be(200);
        updated["data"]!["k"]!.GetValue<string>().Should().Be("2");
    }

    [Fact]
    public async Task ApplyPatch_MalformedYaml_IsBadRequestWithPosition()
    {
        await using var h = await ApiServerHarness.StartAsync();
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: [unclosed\n";
        var (code, body) = await h.PatchAsync(ConfigMaps + "/broken?fieldManager=test", yaml, "application/apply-patch+yaml");
        code.Should().Be(400);
        body["reason"]!.GetValue<string>().Should().Be("BadRequest");
        body["message"]!.GetValue<string>().Should().StartWith("error converting YAML to JSON: yaml: line 6, column 1: ");
    }

    [Fact]
    public async Task ApplyPatch_BillionLaughs_IsBadRequest()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var yaml = new System.Text.StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\nx0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 9; i++)
        {
            yaml.Append($"x{i}: &x{i} [").AppendJoin(", ", Enumerable.Repeat($"*x{i - 1}", 10)).Append("]\n");
        }

        var (code, body) = await h.PatchAsync(ConfigMaps + "/lol?fieldManager=test", yaml.ToString(), "application/apply-patch+yaml");
        code.Should().Be(400);
        body["message"]!.GetValue<string>().Should().Contain("excessive aliasing");
    }
}
