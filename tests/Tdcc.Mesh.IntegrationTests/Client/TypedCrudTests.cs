using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>Typed CRUD and error semantics of <see cref="KubeClient"/> against the sandbox API server over HTTP.</summary>
public sealed class TypedCrudTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    private readonly KubeClient kube = live.Client;

    [Fact]
    public async Task ConfigMap_CreateGetUpdateDelete_RoundTrips()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var configMaps = kube.Resource<ConfigMap>();

        var created = await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "settings"));
        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        created.Metadata.ResourceVersion.Should().NotBeNullOrEmpty();
        created.Metadata.CreationTimestamp.Should().NotBeNull();

        var read = await configMaps.GetAsync(ns, "settings");
        read!.Data.Should().Equal(new Dictionary<string, string> { ["key"] = "value" });

        var updated = await configMaps.UpdateAsync(read with { Data = read.Data!.SetItem("key", "changed") });
        updated.Metadata.ResourceVersion.Should().NotBe(read.Metadata.ResourceVersion);
        (await configMaps.GetAsync(ns, "settings"))!.Data!["key"].Should().Be("changed");

        var deleted = await configMaps.DeleteAsync(ns, "settings");
        deleted.Should().BeNull("the object has no finalizers, so it is gone at once");
        (await configMaps.GetAsync(ns, "settings")).Should().BeNull();
    }

    [Fact]
    public async Task Service_Create_ServerDefaultsAreReadBack()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var services = kube.Resource<Service>();

        var created = await services.CreateAsync(TestObjects.Service(ns, "web"));

        created.Spec!.ClusterIP.Should().NotBeNullOrEmpty();
        created.Spec.Type.Should().Be("ClusterIP");
        created.Spec.Ports!.Value.Should().ContainSingle().Which.TargetPort!.Value.StringValue.Should().Be("http");
        var listed = await services.ListAsync(new ListOptions { Namespace = ns });
        listed.Items.Should().ContainSingle().Which.Metadata.Name.Should().Be("web");
    }

    [Fact]
    public async Task Deployment_UpdateSpec_BumpsGenerationAndDeleteRemovesIt()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var deployments = kube.Resource<Deployment>();

        var created = await deployments.CreateAsync(TestObjects.Deployment(ns, "app"));
        created.Metadata.Generation.Should().Be(1);
        created.Spec!.Strategy!.Type.Should().Be("RollingUpdate", "the server defaults the strategy");

        var scaled = await deployments.UpdateAsync(created with { Spec = created.Spec with { Replicas = 3 } });
        scaled.Metadata.Generation.Should().Be(2);
        scaled.Spec!.Replicas.Should().Be(3);

        var labelled = await deployments.UpdateAsync(scaled.WithMetadata(scaled.Metadata with { Labels = ImmutableDictionary<string, string>.Empty.Add("tier", "web") }));
        labelled.Metadata.Generation.Should().Be(2, "a metadata-only change does not bump the generation");

        (await deployments.DeleteAsync(ns, "app")).Should().BeNull();
        (await deployments.GetAsync(ns, "app")).Should().BeNull();
    }

    [Fact]
    public async Task CreateAsync_ExistingName_ThrowsAlreadyExists()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var configMaps = kube.Resource<ConfigMap>();
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "twice"));

        var act = () => configMaps.CreateAsync(TestObjects.ConfigMap(ns, "twice"));

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.AlreadyExists);
        error.StatusCode.Should().Be(409);
        error.Status!.Details!.Name.Should().Be("twice");
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var ns = await live.CreateNamespaceAsync("crud");

        (await kube.Resource<ConfigMap>().GetAsync(ns, "missing")).Should().BeNull();
        (await kube.Resource<Deployment>().GetAsync(ns, "missing")).Should().BeNull();
    }

    [Fact]
    public async Task DeleteAsync_Missing_ThrowsNotFound()
    {
        var ns = await live.CreateNamespaceAsync("crud");

        var act = () => kube.Resource<ConfigMap>().DeleteAsync(ns, "missing");

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.NotFound);
        error.IsNotFound.Should().BeTrue();
    }

    [Fact]
    public async Task CreateAsync_MissingNamespace_ThrowsNotFound()
    {
        var act = () => kube.Resource<ConfigMap>().CreateAsync(TestObjects.ConfigMap("no-such-namespace", "orphan"));

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.NotFound);
    }

    [Fact]
    public async Task UpdateAsync_StaleResourceVersion_ThrowsConflict()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var configMaps = kube.Resource<ConfigMap>();
        var original = await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "contended"));
        await configMaps.UpdateAsync(original with { Data = original.Data!.SetItem("key", "first") });

        var act = () => configMaps.UpdateAsync(original with { Data = original.Data!.SetItem("key", "second") });

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.Conflict);
        error.IsConflict.Should().BeTrue();
        (await configMaps.GetAsync(ns, "contended"))!.Data!["key"].Should().Be("first");
    }

    [Fact]
    public async Task CreateAsync_InvalidName_ThrowsInvalidWithCauses()
    {
        var ns = await live.CreateNamespaceAsync("crud");

        var act = () => kube.Resource<ConfigMap>().CreateAsync(TestObjects.ConfigMap(ns, "Not_A_Valid_Name"));

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.Invalid);
        error.StatusCode.Should().Be(422);
        error.Causes.Should().NotBeEmpty();
        error.Causes.Should().OnlyContain(cause => cause.Field == "metadata.name" && cause.Reason == "FieldValueInvalid");
    }

    [Fact]
    public async Task UpdateAsync_UnknownFields_SurviveTheServerUnchanged()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var services = kube.Resource<Service>();
        var json = $$"""
            {
              "apiVersion": "v1", "kind": "Service",
              "metadata": { "name": "future", "namespace": "{{ns}}", "futureMeta": { "x": [1, 2] } },
              "spec": { "ports": [ { "port": 80, "futurePortField": "p" } ], "futureSpecField": { "nested": true } },
              "futureTopLevel": "kept"
            }
            """;
        var typed = JsonSerializer.Deserialize(json, Service.JsonTypeInfo)!;
        typed.Extra.Should().ContainKey("futureTopLevel", "the typed model keeps what it does not name");

        var created = await services.CreateAsync(typed);
        var updated = await services.UpdateAsync(created with { Spec = created.Spec! with { SessionAffinity = "ClientIP" } });
        var read = await services.GetAsync(ns, "future");

        foreach (var obj in new[] { created, updated, read! })
        {
            obj.Extra!["futureTopLevel"].GetString().Should().Be("kept");
            obj.Metadata.Extra!["futureMeta"].GetRawText().Should().Be("""{"x":[1,2]}""");
            obj.Spec!.Extra!["futureSpecField"].GetRawText().Should().Be("""{"nested":true}""");
            obj.Spec.Ports!.Value[0].Extra!["futurePortField"].GetString().Should().Be("p");
        }

        read!.Spec!.SessionAffinity.Should().Be("ClientIP");
    }

    [Fact]
    public async Task UpdateStatusAsync_Deployment_ChangesStatusAndLeavesSpecAlone()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var deployments = kube.Resource<Deployment>();
        var created = await deployments.CreateAsync(TestObjects.Deployment(ns, "app", replicas: 2));

        var withStatus = await deployments.UpdateStatusAsync(created with
        {
            Spec = created.Spec! with { Replicas = 9 },
            Status = new DeploymentStatus { Replicas = 2, ReadyReplicas = 1, ObservedGeneration = 1 },
        });

        withStatus.Spec!.Replicas.Should().Be(2, "a status write ignores the spec");
        withStatus.Status!.ReadyReplicas.Should().Be(1);
        withStatus.Metadata.Generation.Should().Be(1);

        var specChange = await deployments.UpdateAsync(withStatus with
        {
            Spec = withStatus.Spec with { Replicas = 4 },
            Status = new DeploymentStatus { Replicas = 100 },
        });

        specChange.Spec!.Replicas.Should().Be(4);
        specChange.Status!.Replicas.Should().Be(2, "a main-resource write keeps the stored status");
        specChange.Status.ReadyReplicas.Should().Be(1);
    }

    [Fact]
    public async Task PatchStatusAsync_MergePatch_ChangesOnlyStatus()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var deployments = kube.Resource<Deployment>();
        await deployments.CreateAsync(TestObjects.Deployment(ns, "app", replicas: 2));

        var patched = await deployments.PatchStatusAsync(ns, "app", new Patch(PatchType.Merge, """{"spec":{"replicas":7},"status":{"availableReplicas":2}}"""));

        patched.Status!.AvailableReplicas.Should().Be(2);
        patched.Spec!.Replicas.Should().Be(2);
    }

    [Fact]
    public async Task CreateUpdateDelete_DryRun_StoresNothing()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var configMaps = kube.Resource<ConfigMap>();
        var dryRun = new WriteOptions { DryRun = true };

        var notCreated = await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "dry"), dryRun);
        notCreated.Metadata.Name.Should().Be("dry");
        (await configMaps.GetAsync(ns, "dry")).Should().BeNull();

        var stored = await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "dry"));
        var notUpdated = await configMaps.UpdateAsync(stored with { Data = stored.Data!.SetItem("key", "dry") }, dryRun);
        notUpdated.Data!["key"].Should().Be("dry");
        await configMaps.PatchAsync(ns, "dry", new Patch(PatchType.Merge, """{"data":{"key":"patched"}}"""), dryRun);
        await configMaps.ApplyAsync(TestObjects.ConfigMap(ns, "dry", new Dictionary<string, string> { ["key"] = "applied" }), new ApplyOptions("dry-runner") { DryRun = true, Force = true });
        await configMaps.DeleteAsync(ns, "dry", new DeleteOptions { DryRun = true });

        var current = await configMaps.GetAsync(ns, "dry");
        current!.Data!["key"].Should().Be("value");
        current.Metadata.ResourceVersion.Should().Be(stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task CreateAsync_GenerateName_ServerPicksAUniqueName()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var template = new ConfigMap { Metadata = new ObjectMeta { Namespace = ns, GenerateName = "gen-" } };

        var first = await kube.Resource<ConfigMap>().CreateAsync(template);
        var second = await kube.Resource<ConfigMap>().CreateAsync(template);

        first.Metadata.Name.Should().StartWith("gen-").And.NotBe("gen-");
        second.Metadata.Name.Should().StartWith("gen-").And.NotBe(first.Metadata.Name);
    }

    [Fact]
    public async Task UpdateAsync_WithoutResourceVersion_IsUnconditionalForBuiltInsAndInvalidForCustomResources()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var configMaps = kube.Resource<ConfigMap>();
        var stored = await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "blind"));
        await configMaps.UpdateAsync(stored with { Data = stored.Data!.SetItem("key", "v2") });

        var blind = await configMaps.UpdateAsync(stored.WithMetadata(stored.Metadata with { ResourceVersion = null }) with { Data = stored.Data!.SetItem("key", "v3") });
        blind.Data!["key"].Should().Be("v3");

        await WidgetCrd.EnsureAsync(kube);
        var widgets = kube.Resource(WidgetCrd.Resource);
        var widget = await widgets.CreateAsync(GenericObject.Create(WidgetCrd.Resource, new ObjectMeta { Namespace = ns, Name = "w" }, new System.Text.Json.Nodes.JsonObject { ["spec"] = new System.Text.Json.Nodes.JsonObject { ["size"] = 1 } }));
        var act = () => widgets.UpdateAsync(widget.WithMetadata(widget.Metadata with { ResourceVersion = null }));
        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Invalid);
    }

    [Fact]
    public async Task UpdateStatusAsync_StaleResourceVersion_ThrowsConflict()
    {
        var ns = await live.CreateNamespaceAsync("crud");
        var deployments = kube.Resource<Deployment>();
        var created = await deployments.CreateAsync(TestObjects.Deployment(ns, "app"));
        await deployments.UpdateStatusAsync(created with { Status = new DeploymentStatus { Replicas = 1 } });

        var act = () => deployments.UpdateStatusAsync(created with { Status = new DeploymentStatus { Replicas = 5 } });

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Conflict);
    }
}
