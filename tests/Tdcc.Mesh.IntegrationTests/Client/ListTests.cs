using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>List paging and selectors against the live server.</summary>
public sealed class ListTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    private readonly IResourceClient<ConfigMap> configMaps = live.Client.Resource<ConfigMap>();

    [Fact]
    public async Task ListAsync_LimitAndContinueOver250Objects_VisitsEachOnce()
    {
        var ns = await live.CreateNamespaceAsync("paging");
        var names = Enumerable.Range(0, 250).Select(i => $"cm-{i:D3}").ToList();
        foreach (var chunk in names.Chunk(25))
        {
            await Task.WhenAll(chunk.Select(name => configMaps.CreateAsync(TestObjects.ConfigMap(ns, name))));
        }

        var seen = new List<string>();
        var pages = 0;
        string? continueToken = null;
        do
        {
            var page = await configMaps.ListAsync(new ListOptions { Namespace = ns, Limit = 40, Continue = continueToken });
            pages++;
            page.Items.Length.Should().BeLessThanOrEqualTo(40);
            page.Metadata.ResourceVersion.Should().NotBeNullOrEmpty();
            seen.AddRange(page.Items.Select(item => item.Metadata.Name!));
            continueToken = page.Metadata.Continue;
            if (!string.IsNullOrEmpty(continueToken))
            {
                page.Metadata.RemainingItemCount.Should().Be(250 - seen.Count);
            }
        }
        while (!string.IsNullOrEmpty(continueToken));

        pages.Should().Be(7);
        seen.Should().BeEquivalentTo(names, options => options.WithStrictOrdering());

        var all = await configMaps.ListAllAsync(new ListOptions { Namespace = ns }, pageSize: 60);
        all.Items.Select(item => item.Metadata.Name).Should().BeEquivalentTo(names);
        all.Metadata.Continue.Should().BeNull();
    }

    [Fact]
    public async Task ListAsync_LabelSelectors_FilterOnTheServer()
    {
        var ns = await live.CreateNamespaceAsync("labels");
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "web-prod", labels: new Dictionary<string, string> { ["app"] = "web", ["env"] = "prod" }));
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "web-dev", labels: new Dictionary<string, string> { ["app"] = "web", ["env"] = "dev" }));
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "db-prod", labels: new Dictionary<string, string> { ["app"] = "db", ["env"] = "prod" }));
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "unlabelled"));

        async Task<IEnumerable<string?>> Names(string selector) =>
            (await configMaps.ListAsync(new ListOptions { Namespace = ns, LabelSelector = selector })).Items.Select(item => item.Metadata.Name);

        (await Names("app=web")).Should().BeEquivalentTo(["web-prod", "web-dev"]);
        (await Names("app=web,env!=prod")).Should().BeEquivalentTo(["web-dev"]);
        (await Names("env in (prod, staging)")).Should().BeEquivalentTo(["web-prod", "db-prod"]);
        (await Names("app notin (web)")).Should().BeEquivalentTo(["db-prod", "unlabelled"]);
        (await Names("!app")).Should().BeEquivalentTo(["unlabelled"]);
        (await Names("env")).Should().BeEquivalentTo(["web-prod", "web-dev", "db-prod"]);
    }

    [Fact]
    public async Task ListAsync_FieldSelectors_FilterOnTheServer()
    {
        var ns = await live.CreateNamespaceAsync("fields");
        var other = await live.CreateNamespaceAsync("fields-other");
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "a"));
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "b"));
        await configMaps.CreateAsync(TestObjects.ConfigMap(other, "a"));

        var byName = await configMaps.ListAsync(new ListOptions { Namespace = ns, FieldSelector = "metadata.name=a" });
        byName.Items.Should().ContainSingle().Which.Metadata.Namespace.Should().Be(ns);

        var acrossNamespaces = await configMaps.ListAsync(new ListOptions { FieldSelector = $"metadata.name=a,metadata.namespace!={ns}" });
        acrossNamespaces.Items.Should().ContainSingle().Which.Metadata.Namespace.Should().Be(other);

        var notName = await configMaps.ListAsync(new ListOptions { Namespace = ns, FieldSelector = "metadata.name!=a" });
        notName.Items.Select(item => item.Metadata.Name).Should().BeEquivalentTo(["b"]);

        var act = () => configMaps.ListAsync(new ListOptions { Namespace = ns, FieldSelector = "data.key=value" });
        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.BadRequest);
    }
}
