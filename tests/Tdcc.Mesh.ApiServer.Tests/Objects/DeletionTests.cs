using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Objects;

public sealed class DeletionTests
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task Delete_WithFinalizer_KeepsObjectUntilFinalizerRemoved()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(Deployments, ApiServerHarness.Deployment("x", finalizers: new JsonArray("example.com/hold")));
        var (code, deleting) = await h.DeleteAsync(Deployments + "/x");
        code.Should().Be(202);
        deleting["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        (await h.GetAsync(Deployments + "/x")).Code.Should().Be(200);
        (await h.PatchAsync(Deployments + "/x", "{\"metadata\":{\"finalizers\":null}}")).Code.Should().Be(200);
        (await h.GetAsync(Deployments + "/x")).Code.Should().Be(404);
    }

    [Fact]
    public async Task Delete_UidPreconditionMismatch_Returns409()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a"));
        var (code, body) = await h.DeleteAsync(ConfigMaps + "/a", JsonNode.Parse("{\"preconditions\":{\"uid\":\"other\"}}"));
        code.Should().Be(409);
        body["message"]!.GetValue<string>().Should().Contain("Precondition failed: UID in precondition: other");
    }

    [Fact]
    public async Task Delete_Background_RemovesDependents()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, owner) = await h.PostAsync(Deployments, ApiServerHarness.Deployment("owner"));
        var dependent = ApiServerHarness.ConfigMap("dep");
        dependent["metadata"]!["ownerReferences"] = ApiServerHarness.OwnerRef("apps/v1", "Deployment", owner);
        await h.PostAsync(ConfigMaps, dependent);
        (await h.DeleteAsync(Deployments + "/owner")).Code.Should().Be(200);
        (await h.GetAsync(ConfigMaps + "/dep")).Code.Should().Be(404);
    }

    [Fact]
    public async Task Delete_Foreground_OwnerWaitsForBlockingDependent()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, owner) = await h.PostAsync(Deployments, ApiServerHarness.Deployment("owner"));
        var dependent = ApiServerHarness.ConfigMap("dep");
        dependent["metadata"]!["ownerReferences"] = ApiServerHarness.OwnerRef("apps/v1", "Deployment", owner, block: true);
        dependent["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await h.PostAsync(ConfigMaps, dependent);
        var (code, deleting) = await h.DeleteAsync(Deployments + "/owner", JsonNode.Parse("{\"propagationPolicy\":\"Foreground\"}"));
        code.Should().Be(202);
        deleting["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Contain("foregroundDeletion");
        (await h.GetAsync(ConfigMaps + "/dep")).Body["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        (await h.PatchAsync(ConfigMaps + "/dep", "{\"metadata\":{\"finalizers\":null}}")).Code.Should().Be(200);
        (await h.GetAsync(ConfigMaps + "/dep")).Code.Should().Be(404);
        (await h.GetAsync(Deployments + "/owner")).Code.Should().Be(404);
    }

    [Fact]
    public async Task Delete_Orphan_KeepsDependentWithoutOwnerReference()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, owner) = await h.PostAsync(Deployments, ApiServerHarness.Deployment("owner"));
        var dependent = ApiServerHarness.ConfigMap("dep");
        dependent["metadata"]!["ownerReferences"] = ApiServerHarness.OwnerRef("apps/v1", "Deployment", owner);
        await h.PostAsync(ConfigMaps, dependent);
        (await h.DeleteAsync(Deployments + "/owner?propagationPolicy=Orphan")).Code.Should().Be(200);
        var (code, kept) = await h.GetAsync(ConfigMaps + "/dep");
        code.Should().Be(200);
        kept["metadata"]!["ownerReferences"].Should().BeNull();
    }

    [Fact]
    public async Task DeleteNamespace_RemovesContentsThenNamespace()
    {
        await using var h = await ApiServerHarness.StartAsync();
        (await h.PostAsync("/api/v1/namespaces", JsonNode.Parse("{\"metadata\":{\"name\":\"team\"}}")!)).Code.Should().Be(201);
        (await h.GetAsync("/api/v1/namespaces/team/serviceaccounts/default")).Code.Should().Be(200);
        var held = ApiServerHarness.ConfigMap("held");
        held["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await h.PostAsync("/api/v1/namespaces/team/configmaps", held);
        await h.PostAsync("/api/v1/namespaces/team/configmaps", ApiServerHarness.ConfigMap("plain"));
        await h.DeleteAsync("/api/v1/namespaces/team");
        var (_, ns) = await h.GetAsync("/api/v1/namespaces/team");
        ns["status"]!["phase"]!.GetValue<string>().Should().Be("Terminating");
        (await h.GetAsync("/api/v1/namespaces/team/configmaps/plain")).Code.Should().Be(404);
        var (forbidden, _) = await h.PostAsync("/api/v1/namespaces/team/configmaps", ApiServerHarness.ConfigMap("late"));
        forbidden.Should().Be(403);
        await h.PatchAsync("/api/v1/namespaces/team/configmaps/held", "{\"metadata\":{\"finalizers\":null}}");
        (await h.GetAsync("/api/v1/namespaces/team")).Code.Should().Be(404);
    }

    [Fact]
    public async Task DeleteCollection_WithLabelSelector_DeletesOnlyMatching()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a", labels: new() { ["tier"] = "x" }));
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("b", labels: new() { ["tier"] = "y" }));
        var (code, list) = await h.DeleteAsync(ConfigMaps + "?labelSelector=tier%3Dx");
        code.Should().Be(200);
        list["items"]!.AsArray().Should().HaveCount(1);
        (await h.GetAsync(ConfigMaps + "/b")).Code.Should().Be(200);
    }

    [Fact]
    public async Task DefaultNamespaces_ExistAtStart()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, list) = await h.GetAsync("/api/v1/namespaces");
        list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())
            .Should().Contain(["default", "kube-system", "kube-public", "kube-node-lease"]);
    }
}
