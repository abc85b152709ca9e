using System.Text.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>Merge, JSON and strategic merge patches and server-side apply against the live server.</summary>
public sealed class PatchTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    private readonly IResourceClient<ConfigMap> configMaps = live.Client.Resource<ConfigMap>();
    private readonly IResourceClient<Deployment> deployments = live.Client.Resource<Deployment>();

    [Fact]
    public async Task PatchAsync_MergePatch_SetsAndRemovesKeys()
    {
        var ns = await live.CreateNamespaceAsync("patch");
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "cm", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));

        var patched = await configMaps.PatchAsync(ns, "cm", new Patch(PatchType.Merge, """{"data":{"a":"changed","b":null,"c":"3"}}"""));

        patched.Data.Should().Equal(new Dictionary<string, string> { ["a"] = "changed", ["c"] = "3" });
    }

    [Fact]
    public async Task PatchAsync_JsonPatch_AppliesOperationsAndFailsOnFailedTest()
    {
        var ns = await live.CreateNamespaceAsync("patch");
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "cm", new Dictionary<string, string> { ["a"] = "1" }));

        var patched = await configMaps.PatchAsync(ns, "cm", new Patch(PatchType.Json, """
            [{"op":"test","path":"/data/a","value":"1"},{"op":"add","path":"/data/b","value":"2"},{"op":"remove","path":"/data/a"}]
            """));
        patched.Data.Should().Equal(new Dictionary<string, string> { ["b"] = "2" });

        var failedTest = () => configMaps.PatchAsync(ns, "cm", new Patch(PatchType.Json, """[{"op":"test","path":"/data/b","value":"nope"}]"""));
        var error = (await failedTest.Should().ThrowAsync<KubeApiException>()).Which;
        error.StatusCode.Should().BeOneOf(409, 422);
        (await configMaps.GetAsync(ns, "cm"))!.Data.Should().Equal(new Dictionary<string, string> { ["b"] = "2" });
    }

    [Fact]
    public async Task PatchAsync_StrategicMerge_MergesContainersByNameWhereMergePatchReplaces()
    {
        var ns = await live.CreateNamespaceAsync("patch");
        await deployments.CreateAsync(TestObjects.Deployment(ns, "strategic"));
        await deployments.CreateAsync(TestObjects.Deployment(ns, "merge"));
        const string sidecar = """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"registry.example/sidecar:1"}]}}}}""";

        var strategic = await deployments.PatchAsync(ns, "strategic", new Patch(PatchType.StrategicMerge, sidecar));
        var merged = await deployments.PatchAsync(ns, "merge", new Patch(PatchType.Merge, sidecar));

        strategic.Spec!.Template!.Spec!.Containers.Select(c => c.Name).Should().BeEquivalentTo(["main", "sidecar"]);
        merged.Spec!.Template!.Spec!.Containers.Select(c => c.Name).Should().BeEquivalentTo(["sidecar"]);
        strategic.Metadata.Generation.Should().Be(2);
    }

    [Fact]
    public async Task PatchAsync_StrategicMergeDeleteDirective_RemovesOneContainer()
    {
        var ns = await live.CreateNamespaceAsync("patch");
        await deployments.CreateAsync(TestObjects.Deployment(ns, "app"));
        await deployments.PatchAsync(ns, "app", new Patch(PatchType.StrategicMerge, """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"s:1"}]}}}}"""));

        var patched = await deployments.PatchAsync(ns, "app", new Patch(PatchType.StrategicMerge, """{"spec":{"template":{"spec":{"containers":[{"name":"main","$patch":"delete"}]}}}}"""));

        patched.Spec!.Template!.Spec!.Containers.Select(c => c.Name).Should().BeEquivalentTo(["sidecar"]);
    }

    [Fact]
    public async Task PatchAsync_Missing_ThrowsNotFound()
    {
        var ns = await live.CreateNamespaceAsync("patch");

        var act = () => configMaps.PatchAsync(ns, "missing", new Patch(PatchType.Merge, """{"data":{"a":"1"}}"""));

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.NotFound);
    }

    [Fact]
    public async Task ApplyAsync_CreateThenModify_TracksTheManager()
    {
        var ns = await live.CreateNamespaceAsync("apply");

        var created = await configMaps.ApplyAsync(Desired(ns, ("a", "1")), new ApplyOptions("alice"));
        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        created.Data.Should().Equal(new Dictionary<string, string> { ["a"] = "1" });
        Managers(created).Should().Contain("alice");

        var modified = await configMaps.ApplyAsync(Desired(ns, ("a", "2"), ("b", "x")), new ApplyOptions("alice"));
        modified.Data.Should().Equal(new Dictionary<string, string> { ["a"] = "2", ["b"] = "x" });
        modified.Metadata.Uid.Should().Be(created.Metadata.Uid);

        var dropped = await configMaps.ApplyAsync(Desired(ns, ("b", "x")), new ApplyOptions("alice"));
        dropped.Data.Should().Equal(new Dictionary<string, string> { ["b"] = "x" }, "a field the manager alone owned and no longer applies is removed");
    }

    [Fact]
    public async Task ApplyAsync_ConflictBetweenManagers_ThrowsConflictUnlessForced()
    {
        var ns = await live.CreateNamespaceAsync("apply");
        await configMaps.ApplyAsync(Desired(ns, ("a", "1"), ("b", "2")), new ApplyOptions("alice"));

        var act = () => configMaps.ApplyAsync(Desired(ns, ("a", "bob")), new ApplyOptions("bob"));

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.Conflict);
        error.Causes.Should().Contain(cause => cause.Field == ".data.a");
        (await configMaps.GetAsync(ns, "applied"))!.Data!["a"].Should().Be("1");

        var forced = await configMaps.ApplyAsync(Desired(ns, ("a", "bob")), new ApplyOptions("bob") { Force = true });
        forced.Data.Should().Equal(new Dictionary<string, string> { ["a"] = "bob", ["b"] = "2" });
        Managers(forced).Should().Contain(["alice", "bob"]);

        // alice lost ownership of data.a: applying without it leaves bob's value alone.
        var afterAlice = await configMaps.ApplyAsync(Desired(ns, ("b", "3")), new ApplyOptions("alice"));
        afterAlice.Data.Should().Equal(new Dictionary<string, string> { ["a"] = "bob", ["b"] = "3" });
    }

    [Fact]
    public async Task ApplyAsync_SameValueFromTwoManagers_SharesOwnershipWithoutConflict()
    {
        var ns = await live.CreateNamespaceAsync("apply");
        await configMaps.ApplyAsync(Desired(ns, ("a", "1")), new ApplyOptions("alice"));

        var shared = await configMaps.ApplyAsync(Desired(ns, ("a", "1")), new ApplyOptions("bob"));

        shared.Data.Should().Equal(new Dictionary<string, string> { ["a"] = "1" });
        Managers(shared).Should().Contain(["alice", "bob"]);
    }

    private static ConfigMap Desired(string ns, params (string Key, string Value)[] data) =>
        TestObjects.ConfigMap(ns, "applied", data.ToDictionary(entry => entry.Key, entry => entry.Value));

    private static List<string?> Managers(ConfigMap cm) =>
        cm.Metadata.ManagedFields is { ValueKind: JsonValueKind.Array } fields
            ? [.. fields.EnumerateArray().Select(entry => entry.GetProperty("manager").GetString())]
            : [];

    [Fact]
    public async Task PatchAsync_StaleResourceVersionInPatch_ThrowsConflict()
    {
        var ns = await live.CreateNamespaceAsync("patch");
        var created = await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "cm"));
        await configMaps.PatchAsync(ns, "cm", new Patch(PatchType.Merge, """{"data":{"key":"moved"}}"""));

        var act = () => configMaps.PatchAsync(ns, "cm", new Patch(PatchType.Merge, $$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"data":{"key":"stale"}}"""));

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Conflict);
        (await configMaps.GetAsync(ns, "cm"))!.Data!["key"].Should().Be("moved");
    }

    [Fact]
    public async Task ApplyAsync_TypedDeployment_MergesContainersByNameAcrossManagers()
    {
        var ns = await live.CreateNamespaceAsync("apply");
        var desired = TestObjects.Deployment(ns, "app", replicas: 2);
        await deployments.ApplyAsync(desired, new ApplyOptions("app-team"));
        var sidecar = new Deployment
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = "app" },
            Spec = new DeploymentSpec
            {
                Template = new PodTemplateSpec { Spec = new PodSpec { Containers = [new Container { Name = "proxy", Image = "registry.example/proxy:1" }] } },
            },
        };

        var merged = await deployments.ApplyAsync(sidecar, new ApplyOptions("mesh-injector"));

        merged.Spec!.Template!.Spec!.Containers.Select(c => c.Name).Should().BeEquivalentTo(["main", "proxy"]);
        merged.Spec.Replicas.Should().Be(2);

        var scale = () => deployments.ApplyAsync(desired with { Spec = desired.Spec! with { Replicas = 5, Template = null, Selector = null } }, new ApplyOptions("autoscaler"));
        (await scale.Should().ThrowAsync<KubeApiException>()).Which.Causes.Should().Contain(cause => cause.Field == ".spec.replicas");
    }

    [Fact]
    public async Task ApplyAsync_CustomResource_CreatesAndConflicts()
    {
        await WidgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("apply");
        var widgets = live.Client.Resource(WidgetCrd.Resource);
        GenericObject Widget(string spec) =>
            GenericObject.Create(WidgetCrd.Resource, new ObjectMeta { Namespace = ns, Name = "w" }, new System.Text.Json.Nodes.JsonObject { ["spec"] = System.Text.Json.Nodes.JsonNode.Parse(spec) });

        var created = await widgets.ApplyAsync(Widget("""{"size": 1, "color": "red"}"""), new ApplyOptions("alice"));
        created.GetField("spec")!.ToJsonString().Should().Be("""{"size":1,"color":"red"}""");

        var conflict = () => widgets.ApplyAsync(Widget("""{"size": 1, "color": "blue"}"""), new ApplyOptions("bob"));
        (await conflict.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Conflict);

        var forced = await widgets.ApplyAsync(Widget("""{"size": 1, "color": "blue"}"""), new ApplyOptions("bob") { Force = true });
        forced.GetField("spec")!["color"]!.GetValue<string>().Should().Be("blue");

        var invalid = () => widgets.ApplyAsync(Widget("""{"size": 0}"""), new ApplyOptions("alice") { Force = true });
        (await invalid.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Invalid);
    }
}
