using System.Text;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Http;

/// <summary>
/// The request body limit also bounds what a request makes of its body: JSON patch copies, YAML aliases and the
/// stored object itself, so a small request cannot store (or build) a huge object.
/// </summary>
public sealed class ObjectSizeLimitTests
{
    private const string Gadgets = "/apis/loose.example.com/v1/namespaces/default/gadgets";

    // A CRD whose spec takes anything: what is rejected here is rejected for its size, not its shape.
    private static JsonNode LooseCrd() => JsonNode.Parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.loose.example.com"},
         "spec":{"group":"loose.example.com","scope":"Namespaced","names":{"plural":"gadgets","singular":"gadget","kind":"Gadget"},
           "versions":[{"name":"v1","served":true,"storage":true,
             "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}
        """)!;

    private static JsonNode Gadget(string name) =>
        JsonNode.Parse($$$"""{"apiVersion":"loose.example.com/v1","kind":"Gadget","metadata":{"name":"{{{name}}}"},"spec":{"items":[]}}""")!;

    private static async Task<ApiServerHarness> StartWithCrdAsync(KubeApiServerOptions? options = null)
    {
        var h = await ApiServerHarness.StartAsync(options);
        (await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", LooseCrd())).Code.Should().Be(201);
        await WaitServedAsync(h);
        return h;
    }

    private static async Task WaitServedAsync(ApiServerHarness h)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await h.GetAsync(Gadgets)).Code == 200)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the gadgets resource is not served");
    }

    [Fact]
    public async Task JsonPatch_CopyBomb_Rejected422AndNothingStored()
    {
        await using var h = await StartWithCrdAsync();
        var (_, created) = await h.PostAsync(Gadgets, Gadget("bomb"));
        var resourceVersion = (string?)created["metadata"]!["resourceVersion"];

        // 1.8 KB of patch: one 1 KB string, then 16 copies that each double an array (64 MB if applied).
        var ops = new JsonArray
        {
            new JsonObject { ["op"] = "add", ["path"] = "/spec/items/-", ["value"] = new string('x', 1024) },
        };
        for (var i = 0; i < 16; i++)
        {
            ops.Add(new JsonObject { ["op"] = "add", ["path"] = $"/spec/l{i + 1}", ["value"] = new JsonArray() });
            ops.Add(new JsonObject { ["op"] = "copy", ["from"] = i == 0 ? "/spec/items" : $"/spec/l{i}", ["path"] = $"/spec/l{i + 1}/0" });
            ops.Add(new JsonObject { ["op"] = "copy", ["from"] = i == 0 ? "/spec/items" : $"/spec/l{i}", ["path"] = $"/spec/l{i + 1}/1" });
        }

        var (code, status) = await h.PatchAsync(Gadgets + "/bomb", ops.ToJsonString(), "application/json-patch+json");

        code.Should().Be(422);
        ((string?)status["message"]).Should().Contain("Unable to copy, the accumulated size increase of copy is").And.Contain("exceeding the limit 3145728");
        var (_, stored) = await h.GetAsync(Gadgets + "/bomb");
        ((string?)stored["metadata"]!["resourceVersion"]).Should().Be(resourceVersion, "nothing was stored");
        stored["spec"]!["l1"].Should().BeNull();
    }

    [Fact]
    public async Task JsonPatch_TooManyOperations_Rejected413()
    {
        await using var h = await StartWithCrdAsync();
        await h.PostAsync(Gadgets, Gadget("many"));
        var ops = new JsonArray();
        for (var i = 0; i < 10001; i++)
        {
            ops.Add(new JsonObject { ["op"] = "test", ["path"] = "/spec/items", ["value"] = new JsonArray() });
        }

        var (code, status) = await h.PatchAsync(Gadgets + "/many", ops.ToJsonString(), "application/json-patch+json");

        code.Should().Be(413);
        ((string?)status["reason"]).Should().Be("RequestEntityTooLarge");
        ((string?)status["message"]).Should().Be("The allowed maximum operations in a JSON patch is 10000, got 10001");
    }

    [Fact]
    public async Task MergePatch_ResultOverObjectLimit_Rejected413AndNothingStored()
    {
        await using var h = await StartWithCrdAsync(new KubeApiServerOptions { ClusterName = "t", MaxObjectBytes = 100_000 });
        var (_, created) = await h.PostAsync(Gadgets, Gadget("grow"));
        var resourceVersion = (string?)created["metadata"]!["resourceVersion"];

        // Each patch is well under the body limit; together they would pass the object limit.
        var half = new JsonObject { ["spec"] = new JsonObject { ["a"] = new string('a', 60_000) } };
        (await h.PatchAsync(Gadgets + "/grow", half)).Code.Should().Be(200);
        var other = new JsonObject { ["spec"] = new JsonObject { ["b"] = new string('b', 60_000) } };
        var (code, status) = await h.PatchAsync(Gadgets + "/grow", other);

        code.Should().Be(413);
        ((string?)status["reason"]).Should().Be("RequestEntityTooLarge");
        ((string?)status["message"]).Should().Be("Request entity too large: limit is 100000");
        var (_, stored) = await h.GetAsync(Gadgets + "/grow");
        stored["spec"]!["b"].Should().BeNull("nothing was stored");
        ((string?)stored["metadata"]!["resourceVersion"]).Should().NotBe(resourceVersion).And.NotBeNull();
    }

    [Fact]
    public async Task Create_YamlAliasBomb_Rejected400AndNothingStored()
    {
        await using var h = await StartWithCrdAsync();

        // One 1 MB string repeated through 60 aliases: 1 MB of body, 60 MB once expanded.
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: loose.example.com/v1\nkind: Gadget\nmetadata:\n  name: aliased\nspec:\n  s: &big ").Append('x', 1024 * 1024).Append("\n  copies:\n");
        for (var i = 0; i < 60; i++)
        {
            yaml.Append("  - *big\n");
        }

        var (code, status) = await h.SendAsync(HttpMethod.Post, Gadgets, yaml.ToString(), "application/yaml");

        code.Should().Be(400);
        ((string?)status["message"]).Should().Contain("excessive aliasing");
        (await h.GetAsync(Gadgets + "/aliased")).Code.Should().Be(404);
    }

    [Fact]
    public async Task Apply_YamlAliasBomb_Rejected400AndNothingStored()
    {
        await using var h = await StartWithCrdAsync();
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: loose.example.com/v1\nkind: Gadget\nmetadata:\n  name: applied\nspec:\n  s: &big ").Append('x', 1024 * 1024).Append("\n  copies: [");
        yaml.Append(string.Join(", ", Enumerable.Repeat("*big", 60))).Append("]\n");

        var (code, _) = await h.SendAsync(HttpMethod.Patch, Gadgets + "/applied?fieldManager=test", yaml.ToString(), "application/apply-patch+yaml");

        code.Should().Be(400);
        (await h.GetAsync(Gadgets + "/applied")).Code.Should().Be(404);
    }
}
