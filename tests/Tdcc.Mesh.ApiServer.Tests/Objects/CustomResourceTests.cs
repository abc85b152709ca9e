using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Objects;

public sealed class CustomResourceTests
{
    private const string Widgets = "/apis/example.com/v1/namespaces/default/widgets";

    public static JsonNode WidgetCrd() => JsonNode.Parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced",
           "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wg"]},
           "versions":[{"name":"v1","served":true,"storage":true,
             "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas"}},
             "additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"}],
             "schema":{"openAPIV3Schema":{"type":"object","properties":{
               "spec":{"type":"object","properties":{"size":{"type":"integer","default":1},"replicas":{"type":"integer"},"color":{"type":"string","enum":["red","blue"]}}},
               "status":{"type":"object","properties":{"replicas":{"type":"integer"}}}}}}}]}}
        """)!;

    private static JsonNode Widget(string name, string spec) =>
        JsonNode.Parse($$"""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"{{name}}"},"spec":{{spec}}}""")!;

    [Fact]
    public async Task CreateCrd_ServesResourceWithConditionsAndDiscovery()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (code, crd) = await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WidgetCrd());
        code.Should().Be(201);
        crd["status"]!["conditions"]!.AsArray().Select(c => (string?)c!["type"]).Should().Contain(["Established", "NamesAccepted"]);
        var (_, resources) = await h.GetAsync("/apis/example.com/v1");
        resources["resources"]!.AsArray().Select(r => (string?)r!["name"]).Should().Contain(["widgets", "widgets/status", "widgets/scale"]);
        var (created, widget) = await h.PostAsync(Widgets, Widget("w", """{"color":"red","unknown":1}"""));
        created.Should().Be(201);
        widget["spec"]!["size"]!.GetValue<int>().Should().Be(1, "the schema default applies");
        widget["spec"]!["unknown"].Should().BeNull("unknown fields are pruned");
        widget["metadata"]!["generation"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public async Task CreateCustomResource_InvalidEnum_Returns422()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WidgetCrd());
        var (code, body) = await h.PostAsync(Widgets, Widget("w", """{"color":"green"}"""));
        code.Should().Be(422);
        body["message"]!.GetValue<string>().Should().StartWith("Widget.example.com \"w\" is invalid: spec.color: Unsupported value: \"green\"");
        body["details"]!["causes"]![0]!["field"]!.GetValue<string>().Should().Be("spec.color");
    }

    [Fact]
    public async Task StrictFieldValidation_UnknownField_Returns400()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WidgetCrd());
        var (code, body) = await h.PostAsync(Widgets + "?fieldValidation=Strict", Widget("w", """{"bogus":true}"""));
        code.Should().Be(400);
        body["message"]!.GetValue<string>().Should().Contain("strict decoding error: unknown field \"spec.bogus\"");
    }

    [Fact]
    public async Task StrategicMergePatch_CustomResource_Returns415()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WidgetCrd());
        await h.PostAsync(Widgets, Widget("w", "{}"));
        var (code, _) = await h.PatchAsync(Widgets + "/w", "{\"spec\":{\"size\":2}}", "application/strategic-merge-patch+json");
        code.Should().Be(415);
    }

    [Fact]
    public async Task Table_CustomResource_UsesPrinterColumns()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WidgetCrd());
        await h.PostAsync(Widgets, Widget("w", """{"size":7}"""));
        var (_, table) = await h.GetAsync(Widgets, "application/json;as=Table;v=v1;g=meta.k8s.io");
        table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]).Should().Equal("Name", "Size");
        table["rows"]![0]!["cells"]![1]!.GetValue<int>().Should().Be(7);
    }

    [Fact]
    public async Task ServerSideApply_ConflictingManager_Returns409UnlessForced()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WidgetCrd());
        const string first = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 2\n";
        (await h.PatchAsync(Widgets + "/w?fieldManager=alice", first, "application/apply-patch+yaml")).Code.Should().Be(201);
        var second = first.Replace("size: 2", "size: 3");
        var (code, body) = await h.PatchAsync(Widgets + "/w?fieldManager=bob", second, "application/apply-patch+yaml");
        code.Should().Be(409);
        body["message"]!.GetValue<string>().Should().Contain("conflict with \"alice\"");
        var (forced, applied) = await h.PatchAsync(Widgets + "/w?fieldManager=bob&force=true", second, "application/apply-patch+yaml");
        forced.Should().Be(200);
        applied["spec"]!["size"]!.GetValue<int>().Should().Be(3);
        applied["metadata"]!["managedFields"]!.AsArray().Select(m => (string?)m!["manager"]).Should().Contain("bob");
    }

    [Fact]
    public async Task DeleteCrd_RemovesItsObjectsAndStopsServing()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WidgetCrd());
        await h.PostAsync(Widgets, Widget("w", "{}"));
        await h.DeleteAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com");
        (await h.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com")).Code.Should().Be(404);
        (await h.GetAsync(Widgets)).Code.Should().Be(404);
        await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WidgetCrd());
        var (_, list) = await h.GetAsync(Widgets);
        list["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task CreateCrd_WrongName_Returns422()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var crd = WidgetCrd();
        crd["metadata"]!["name"] = "gadgets.example.com";
        var (code, body) = await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        code.Should().Be(422);
        body["message"]!.GetValue<string>().Should().Contain("must be spec.names.plural+\".\"+spec.group");
    }
}
