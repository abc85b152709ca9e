using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Informers;

public sealed class InformerStoreTests
{
    private readonly InformerStore<ConfigMap> store = new();

    public InformerStoreTests()
    {
        foreach (var (ns, name) in new[] { ("a", "one"), ("a", "two"), ("b", "one"), ("b", "three"), ("c", "four") })
        {
            store.Upsert(TestObjects.ConfigMap(ns, name));
        }

        store.ResourceVersion = "42";
    }

    [Fact]
    public async Task ListAsync_FieldSelectorOnName_ReturnsObjectsOfThatName()
    {
        var list = await store.ListAsync(new ListOptions { FieldSelector = "metadata.name=one" });

        list.Items.Select(Key).Should().Equal("a/one", "b/one");
    }

    [Fact]
    public async Task ListAsync_FieldSelectorOnNamespaceAndName_AndsTheTerms()
    {
        var list = await store.ListAsync(new ListOptions { FieldSelector = "metadata.namespace!=a,metadata.name==one" });

        list.Items.Select(Key).Should().Equal("b/one");
    }

    [Fact]
    public async Task ListAsync_UnsupportedField_ThrowsBadRequest()
    {
        var act = () => store.ListAsync(new ListOptions { FieldSelector = "status.phase=Running" });

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.BadRequest);
    }

    [Fact]
    public async Task ListAsync_LimitAndContinue_ReturnsEveryObjectOnceInKeyOrder()
    {
        var first = await store.ListAsync(new ListOptions { Limit = 2 });
        store.ResourceVersion = "50";
        var second = await store.ListAsync(new ListOptions { Limit = 2, Continue = first.Metadata.Continue });
        var third = await store.ListAsync(new ListOptions { Limit = 2, Continue = second.Metadata.Continue });

        first.Items.Select(Key).Should().Equal("a/one", "a/two");
        first.Metadata.RemainingItemCount.Should().Be(3);
        second.Items.Select(Key).Should().Equal("b/one", "b/three");
        second.Metadata.RemainingItemCount.Should().Be(1);
        second.Metadata.ResourceVersion.Should().Be("42", "later pages report the first page's resourceVersion");
        third.Items.Select(Key).Should().Equal("c/four");
        third.Metadata.Continue.Should().BeNull();
        third.Metadata.RemainingItemCount.Should().BeNull();
    }

    [Fact]
    public async Task ListAsync_ChangesBetweenPages_NoObjectSkippedOrRepeated()
    {
        var first = await store.ListAsync(new ListOptions { Limit = 2 });
        store.Remove(new ObjectKey("a", "one"));
        store.Upsert(TestObjects.ConfigMap("a", "alpha")); // sorts before the last key returned: not seen
        store.Upsert(TestObjects.ConfigMap("b", "zz"));

        var rest = await store.ListAsync(new ListOptions { Continue = first.Metadata.Continue });

        rest.Items.Select(Key).Should().Equal("b/one", "b/three", "b/zz", "c/four");
    }

    [Fact]
    public async Task ListAsync_PagedWithSelectors_PagesOnlyMatchingObjects()
    {
        var first = await store.ListAsync(new ListOptions { FieldSelector = "metadata.name=one", Limit = 1 });
        var second = await store.ListAsync(new ListOptions { FieldSelector = "metadata.name=one", Limit = 1, Continue = first.Metadata.Continue });

        first.Items.Select(Key).Should().Equal("a/one");
        first.Metadata.RemainingItemCount.Should().Be(1);
        second.Items.Select(Key).Should().Equal("b/one");
        second.Metadata.Continue.Should().BeNull();
    }

    [Fact]
    public async Task ListAsync_InvalidContinue_ThrowsBadRequest()
    {
        var act = () => store.ListAsync(new ListOptions { Continue = "not-a-token" });

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.BadRequest);
    }

    private static string Key(ConfigMap configMap) => ObjectKey.Of(configMap).ToString();
}
