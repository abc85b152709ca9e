using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>A CRD and its custom resources through the unstructured client, against the live server.</summary>
public sealed class CustomResourceTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    private readonly IResourceClient<GenericObject> widgets = live.Client.Resource(WidgetCrd.Resource);

    private static GenericObject Widget(string ns, string name, string spec) =>
        GenericObject.Create(WidgetCrd.Resource, new ObjectMeta { Namespace = ns, Name = name }, new JsonObject { ["spec"] = JsonNode.Parse(spec) });

    [Fact]
    public async Task CustomResource_CreateGetUpdateDelete_RoundTrips()
    {
        await WidgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("cr");

        var created = await widgets.CreateAsync(Widget(ns, "w1", """{"size": 2, "color": "red"}"""));
        created.Kind.Should().Be("Widget");
        created.ApiVersion.Should().Be("widgets.tdcc.io/v1");
        created.Metadata.Generation.Should().Be(1);

        var read = await widgets.GetAsync(ns, "w1");
        read!.GetField("spec")!["size"]!.GetValue<int>().Should().Be(2);

        var updated = await widgets.UpdateAsync(read.WithField("spec", JsonNode.Parse("""{"size": 5, "color": "blue"}""")));
        updated.Metadata.Generation.Should().Be(2);
        updated.GetField("spec")!["color"]!.GetValue<string>().Should().Be("blue");

        var listed = await widgets.ListAsync(new ListOptions { Namespace = ns });
        listed.Items.Should().ContainSingle().Which.Metadata.Name.Should().Be("w1");

        (await widgets.DeleteAsync(ns, "w1")).Should().BeNull();
        (await widgets.GetAsync(ns, "w1")).Should().BeNull();
    }

    [Fact]
    public async Task CreateAsync_SchemaViolation_ThrowsInvalidWithCauses()
    {
        await WidgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("cr");

        var act = () => widgets.CreateAsync(Widget(ns, "bad", """{"size": 0, "color": "green"}"""));

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.Invalid);
        error.StatusCode.Should().Be(422);
        error.Causes.Select(cause => cause.Field).Should().Contain(["spec.size", "spec.color"]);
        (await widgets.GetAsync(ns, "bad")).Should().BeNull();
    }

    [Fact]
    public async Task UpdateAsync_StaleCustomResource_ThrowsConflict()
    {
        await WidgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("cr");
        var created = await widgets.CreateAsync(Widget(ns, "w", """{"size": 1}"""));
        await widgets.UpdateAsync(created.WithField("spec", JsonNode.Parse("""{"size": 2}""")));

        var act = () => widgets.UpdateAsync(created.WithField("spec", JsonNode.Parse("""{"size": 3}""")));

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Conflict);
    }

    [Fact]
    public async Task UpdateStatusAsync_CustomResource_ChangesStatusAndLeavesSpecAlone()
    {
        await WidgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("cr");
        var created = await widgets.CreateAsync(Widget(ns, "w", """{"size": 3}"""));

        var withStatus = await widgets.UpdateStatusAsync(created
            .WithField("spec", JsonNode.Parse("""{"size": 99}"""))
            .WithField("status", JsonNode.Parse("""{"phase": "Ready", "observedSize": 3}""")));

        withStatus.GetField("spec")!["size"]!.GetValue<int>().Should().Be(3);
        withStatus.GetField("status")!["phase"]!.GetValue<string>().Should().Be("Ready");
        withStatus.Metadata.Generation.Should().Be(1, "a status write does not bump the generation");

        var specChange = await widgets.UpdateAsync(withStatus
            .WithField("spec", JsonNode.Parse("""{"size": 4}"""))
            .WithField("status", JsonNode.Parse("""{"phase": "Overwritten"}""")));

        specChange.GetField("status")!["phase"]!.GetValue<string>().Should().Be("Ready", "the main resource keeps the stored status");
        specChange.Metadata.Generation.Should().Be(2);
    }

    [Fact]
    public async Task CreateAsync_UnknownFields_PrunedUnlessPreserved()
    {
        await WidgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("cr");

        var created = await widgets.CreateAsync(Widget(ns, "w", """{"size": 1, "undeclared": true, "payload": {"free": {"form": [1, "two"]}}}"""));

        var spec = created.GetField("spec")!.AsObject();
        spec.ContainsKey("undeclared").Should().BeFalse("fields outside the schema are pruned, as kube does");
        spec["payload"]!.ToJsonString().Should().Be("""{"free":{"form":[1,"two"]}}""");
        var read = await widgets.GetAsync(ns, "w");
        read!.GetField("spec")!["payload"]!.ToJsonString().Should().Be("""{"free":{"form":[1,"two"]}}""");
    }

    [Fact]
    public async Task PatchAsync_CustomResource_MergeAndJsonPatchWorkStrategicIsUnsupported()
    {
        await WidgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("cr");
        await widgets.CreateAsync(Widget(ns, "w", """{"size": 1, "color": "red"}"""));

        var merged = await widgets.PatchAsync(ns, "w", new Patch(PatchType.Merge, """{"spec":{"size":2,"color":null}}"""));
        merged.GetField("spec")!.ToJsonString().Should().Be("""{"size":2}""");

        var jsonPatched = await widgets.PatchAsync(ns, "w", new Patch(PatchType.Json, """[{"op":"replace","path":"/spec/size","value":6}]"""));
        jsonPatched.GetField("spec")!["size"]!.GetValue<int>().Should().Be(6);

        var act = () => widgets.PatchAsync(ns, "w", new Patch(PatchType.StrategicMerge, """{"spec":{"size":7}}"""));
        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.UnsupportedMediaType);
    }

    [Fact]
    public async Task WatchAsync_CustomResources_YieldsUnstructuredEvents()
    {
        await WidgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("cr");
        var start = await widgets.ListAsync(new ListOptions { Namespace = ns });
        var created = await widgets.CreateAsync(Widget(ns, "watched", """{"size": 1}"""));
        await widgets.PatchAsync(ns, "watched", new Patch(PatchType.Merge, """{"spec":{"size":2}}"""));
        await widgets.DeleteAsync(ns, "watched");

        var events = await WatchTests.CollectAsync(widgets.WatchAsync(new WatchOptions { Namespace = ns, ResourceVersion = start.Metadata.ResourceVersion }), 3);

        events.Select(e => e.Type).Should().Equal(WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted);
        events.Should().OnlyContain(e => e.Object!.Kind == "Widget" && e.Object.Metadata.Uid == created.Metadata.Uid);
        events[1].Object!.GetField("spec")!["size"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public async Task GetRawAsync_Discovery_ListsTheCustomResource()
    {
        await WidgetCrd.EnsureAsync(live.Client);

        var version = await live.Client.GetRawAsync("/version");
        var resources = await live.Client.GetRawAsync($"/apis/{WidgetCrd.Group}/v1");

        JsonNode.Parse(version)!["gitVersion"]!.GetValue<string>().Should().StartWith("v1.");
        var names = JsonNode.Parse(resources)!["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>());
        names.Should().Contain(["widgets", "widgets/status"]);
    }
}
