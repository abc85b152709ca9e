using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>Delete options (propagation, preconditions), finalizers and garbage collection against the live server.</summary>
public sealed class DeleteTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    private const string HoldFinalizer = "tests.tdcc.io/hold";
    private readonly IResourceClient<ConfigMap> configMaps = live.Client.Resource<ConfigMap>();
    private readonly IResourceClient<Deployment> deployments = live.Client.Resource<Deployment>();

    [Fact]
    public async Task DeleteAsync_Background_DeletesOwnerAtOnceAndThenDependents()
    {
        var ns = await live.CreateNamespaceAsync("gc");
        var owner = await deployments.CreateAsync(TestObjects.Deployment(ns, "owner"));
        await CreateDependentAsync(owner, "dep-1");
        await CreateDependentAsync(owner, "dep-2");

        var result = await deployments.DeleteAsync(ns, "owner", new DeleteOptions { PropagationPolicy = PropagationPolicy.Background });

        result.Should().BeNull();
        (await deployments.GetAsync(ns, "owner")).Should().BeNull();
        await Eventually.TrueAsync(
            async () => (await configMaps.ListAsync(new ListOptions { Namespace = ns })).Items.IsEmpty,
            "the dependents are garbage collected");
    }

    [Fact]
    public async Task DeleteAsync_Foreground_OwnerWaitsForBlockingDependents()
    {
        var ns = await live.CreateNamespaceAsync("gc");
        var owner = await deployments.CreateAsync(TestObjects.Deployment(ns, "owner"));
        var held = await CreateDependentAsync(owner, "held", finalizer: HoldFinalizer);
        await CreateDependentAsync(owner, "free");

        var result = await deployments.DeleteAsync(ns, "owner", new DeleteOptions { PropagationPolicy = PropagationPolicy.Foreground });

        result.Should().NotBeNull("the owner waits for its dependents");
        result!.Metadata.DeletionTimestamp.Should().NotBeNull();
        result.Metadata.Finalizers.Should().Contain("foregroundDeletion");
        (await configMaps.GetAsync(ns, "free")).Should().BeNull();
        var deleting = await configMaps.GetAsync(ns, "held");
        deleting!.Metadata.DeletionTimestamp.Should().NotBeNull();
        (await deployments.GetAsync(ns, "owner")).Should().NotBeNull();

        await configMaps.UpdateAsync(deleting.WithMetadata(deleting.Metadata with { Finalizers = [] }));

        await Eventually.TrueAsync(async () => await configMaps.GetAsync(ns, "held") is null, "the held dependent goes once its finalizer is removed");
        await Eventually.TrueAsync(async () => await deployments.GetAsync(ns, "owner") is null, "the owner goes once no blocking dependent is left");
        held.Metadata.Uid.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task DeleteAsync_Orphan_KeepsDependentsWithoutTheReference()
    {
        var ns = await live.CreateNamespaceAsync("gc");
        var owner = await deployments.CreateAsync(TestObjects.Deployment(ns, "owner"));
        await CreateDependentAsync(owner, "orphan");

        (await deployments.DeleteAsync(ns, "owner", new DeleteOptions { PropagationPolicy = PropagationPolicy.Orphan })).Should().BeNull();

        (await deployments.GetAsync(ns, "owner")).Should().BeNull();
        var orphan = await configMaps.GetAsync(ns, "orphan");
        orphan.Should().NotBeNull();
        (orphan!.Metadata.OwnerReferences ?? []).Should().BeEmpty();
    }

    [Fact]
    public async Task DeleteAsync_UidPreconditionMismatch_ThrowsConflictAndKeepsObject()
    {
        var ns = await live.CreateNamespaceAsync("pre");
        var created = await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "guarded"));

        var wrongUid = () => configMaps.DeleteAsync(ns, "guarded", new DeleteOptions { PreconditionUid = "00000000-0000-0000-0000-000000000000" });
        (await wrongUid.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Conflict);

        var wrongVersion = () => configMaps.DeleteAsync(ns, "guarded", new DeleteOptions { PreconditionResourceVersion = "1" });
        (await wrongVersion.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Conflict);

        (await configMaps.GetAsync(ns, "guarded")).Should().NotBeNull();
        var matching = new DeleteOptions { PreconditionUid = created.Metadata.Uid, PreconditionResourceVersion = created.Metadata.ResourceVersion };
        (await configMaps.DeleteAsync(ns, "guarded", matching)).Should().BeNull();
        (await configMaps.GetAsync(ns, "guarded")).Should().BeNull();
    }

    [Fact]
    public async Task DeleteAsync_WithFinalizer_ReturnsDeletingObjectUntilFinalizerRemoved()
    {
        var ns = await live.CreateNamespaceAsync("fin");
        var cm = TestObjects.ConfigMap(ns, "finalized");
        await configMaps.CreateAsync(cm.WithMetadata(cm.Metadata with { Finalizers = [HoldFinalizer] }));

        var deleting = await configMaps.DeleteAsync(ns, "finalized");

        deleting.Should().NotBeNull();
        deleting!.Metadata.DeletionTimestamp.Should().NotBeNull();
        var stillThere = await configMaps.GetAsync(ns, "finalized");
        stillThere!.Metadata.DeletionTimestamp.Should().NotBeNull();

        await configMaps.UpdateAsync(stillThere.WithMetadata(stillThere.Metadata with { Finalizers = [] }));

        (await configMaps.GetAsync(ns, "finalized")).Should().BeNull();
    }

    [Fact]
    public async Task DeleteAsync_NamespaceWithFinalizedContent_StaysTerminatingUntilEmpty()
    {
        var ns = await live.CreateNamespaceAsync("terminating");
        var cm = TestObjects.ConfigMap(ns, "held");
        await configMaps.CreateAsync(cm.WithMetadata(cm.Metadata with { Finalizers = [HoldFinalizer] }));
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "free"));
        var namespaces = live.Client.Resource<Namespace>();

        var terminating = await namespaces.DeleteAsync(null, ns);

        terminating.Should().NotBeNull("the namespace waits for its content");
        terminating!.Status!.Phase.Should().Be("Terminating");
        (await configMaps.GetAsync(ns, "free")).Should().BeNull();
        var createInTerminating = () => configMaps.CreateAsync(TestObjects.ConfigMap(ns, "late"));
        (await createInTerminating.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Forbidden);

        var held = await configMaps.GetAsync(ns, "held");
        await configMaps.UpdateAsync(held!.WithMetadata(held.Metadata with { Finalizers = [] }));

        await Eventually.TrueAsync(async () => await namespaces.GetAsync(null, ns) is null, "the namespace goes once it is empty");
    }

    private async Task<ConfigMap> CreateDependentAsync(Deployment owner, string name, string? finalizer = null)
    {
        var reference = new OwnerReference
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Name = owner.Metadata.Name!,
            Uid = owner.Metadata.Uid!,
            Controller = true,
            BlockOwnerDeletion = true,
        };
        var cm = TestObjects.ConfigMap(owner.Metadata.Namespace!, name);
        return await configMaps.CreateAsync(cm.WithMetadata(cm.Metadata with
        {
            OwnerReferences = [reference],
            Finalizers = finalizer is null ? null : ImmutableArray.Create(finalizer),
        }));
    }
}
