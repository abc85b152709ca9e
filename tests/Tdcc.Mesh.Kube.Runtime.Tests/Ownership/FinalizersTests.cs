using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Ownership;

public sealed class FinalizersTests
{
    private const string Finalizer = "mesh.tdcc.io/cleanup";

    [Fact]
    public void AddFinalizer_Missing_AddedAndChanged()
    {
        var (changed, obj) = Finalizers.AddFinalizer(TestObjects.ConfigMap("ns", "a"), Finalizer);

        changed.Should().BeTrue();
        Finalizers.HasFinalizer(obj, Finalizer).Should().BeTrue();
    }

    [Fact]
    public void AddFinalizer_Present_Unchanged()
    {
        var (_, once) = Finalizers.AddFinalizer(TestObjects.ConfigMap("ns", "a"), Finalizer);

        var (changed, twice) = Finalizers.AddFinalizer(once, Finalizer);

        changed.Should().BeFalse();
        twice.Should().BeSameAs(once);
        twice.Metadata.Finalizers.Should().ContainSingle();
    }

    [Fact]
    public void RemoveFinalizer_Present_RemovedOthersKept()
    {
        var obj = TestObjects.ConfigMap("ns", "a");
        obj = obj with { Metadata = obj.Metadata with { Finalizers = ["other", Finalizer] } };

        var (changed, result) = Finalizers.RemoveFinalizer(obj, Finalizer);

        changed.Should().BeTrue();
        result.Metadata.Finalizers.Should().Equal("other");
    }

    [Fact]
    public void RemoveFinalizer_Missing_Unchanged() =>
        Finalizers.RemoveFinalizer(TestObjects.ConfigMap("ns", "a"), Finalizer).Changed.Should().BeFalse();

    [Fact]
    public void SetControllerReference_NoController_AddsControllerReference()
    {
        var owner = TestObjects.ConfigMap("ns", "owner") with { Metadata = new ObjectMeta { Namespace = "ns", Name = "owner", Uid = "u1" } };

        var owned = OwnerReferences.SetControllerReference(owner, TestObjects.ConfigMap("ns", "child"));

        var reference = OwnerReferences.GetController(owned)!;
        reference.Should().BeEquivalentTo(new { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = "u1", Controller = true });
        OwnerReferences.IsOwnedBy(owned, owner).Should().BeTrue();
        OwnerReferences.SetControllerReference(owner, owned).Should().BeSameAs(owned, "setting it again changes nothing");
    }

    [Fact]
    public void SetControllerReference_OtherController_Throws()
    {
        var first = new ConfigMap { Metadata = new ObjectMeta { Namespace = "ns", Name = "one", Uid = "u1" } };
        var second = new ConfigMap { Metadata = new ObjectMeta { Namespace = "ns", Name = "two", Uid = "u2" } };
        var owned = OwnerReferences.SetControllerReference(first, TestObjects.ConfigMap("ns", "child"));

        var act = () => OwnerReferences.SetControllerReference(second, owned);

        act.Should().Throw<AlreadyOwnedException>().Which.Controller!.Uid.Should().Be("u1");
    }

    [Fact]
    public void SetControllerReference_OwnerInOtherNamespace_Throws()
    {
        var owner = new ConfigMap { Metadata = new ObjectMeta { Namespace = "a", Name = "owner", Uid = "u1" } };

        var act = () => OwnerReferences.SetControllerReference(owner, TestObjects.ConfigMap("b", "child"));

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task CreateOrUpdateAsync_Missing_CreatedThenUnchangedThenUpdated()
    {
        var client = new InMemoryResourceClient<ConfigMap>();
        var seed = TestObjects.ConfigMap("ns", "a");

        var (created, _) = await client.CreateOrUpdateAsync(seed, cm => cm with { Data = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("k", "v") });
        var (unchanged, _) = await client.CreateOrUpdateAsync(seed, cm => cm with { Data = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("k", "v") });
        var (updated, obj) = await client.CreateOrUpdateAsync(seed, cm => cm with { Data = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("k", "w") });

        created.Should().Be(OperationResult.Created);
        unchanged.Should().Be(OperationResult.Unchanged);
        updated.Should().Be(OperationResult.Updated);
        obj.Data!["k"].Should().Be("w");
    }
}
