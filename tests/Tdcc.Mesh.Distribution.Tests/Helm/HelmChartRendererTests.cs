using System.Text.Json.Nodes;
using Tdcc.Mesh.Distribution.Helm;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Testing.Helm;

namespace Tdcc.Mesh.Distribution.Tests.Helm;

/// <summary>The hub's chart renderer against the real helm and a chart repository served over HTTP by the test.</summary>
[Trait("Category", "Slow")]
public sealed class HelmChartRendererTests : IAsyncLifetime
{
    private const string Peer = "helm";
    private ChartRepositoryServer repository = null!;
    private HelmChartRenderer renderer = null!;

    public async Task InitializeAsync()
    {
        RequirePeer.Present(Peer);
        var helm = PeerTools.FindExecutable(Peer)!;
        repository = await ChartRepositoryServer.StartAsync(helm);
        await repository.AddChartAsync("web", "1.0.0", TestCharts.Web());
        await repository.AddChartAsync("web", "1.2.0", TestCharts.Web());
        await repository.AddChartAsync("web", "2.0.0", TestCharts.Web());
        renderer = new HelmChartRenderer(new HelmRendererOptions { HelmPath = helm, OciPlainHttp = true });
    }

    public async Task DisposeAsync()
    {
        renderer?.Dispose();
        if (repository is not null)
        {
            await repository.DisposeAsync();
        }
    }

    [PeerFact(Peer)]
    public async Task RenderAsync_VersionRange_HighestMatchCrdsFirstValuesApplied()
    {
        var rendered = await renderer.RenderAsync(Request("^1.0", new JsonObject { ["greeting"] = "hi" }), CancellationToken.None);

        rendered.Version.Should().Be("1.2.0", "^1.0 matches 1.0.0 and 1.2.0, not 2.0.0");
        rendered.Manifests.Select(m => m["kind"]!.GetValue<string>()).Should().Equal("CustomResourceDefinition", "ConfigMap", "Widget");
        var config = rendered.Manifests.Single(m => m["kind"]!.GetValue<string>() == "ConfigMap");
        config["metadata"]!["name"]!.GetValue<string>().Should().Be("shop-config");
        config["data"]!["greeting"]!.GetValue<string>().Should().Be("hi");
        config["data"]!["version"]!.GetValue<string>().Should().Be("1.2.0");
    }

    [PeerFact(Peer)]
    public async Task RenderAsync_NoVersion_LatestAndChartDefaults()
    {
        var rendered = await renderer.RenderAsync(Request(null, null), CancellationToken.None);

        rendered.Version.Should().Be("2.0.0");
        rendered.Manifests.Single(m => m["kind"]!.GetValue<string>() == "ConfigMap")["data"]!["greeting"]!.GetValue<string>().Should().Be("hello");
    }

    [PeerFact(Peer)]
    public async Task RenderAsync_SameRequest_ServedFromCacheWithinTtl()
    {
        await renderer.RenderAsync(Request("1.0.0", null), CancellationToken.None);
        var requests = repository.Requests;

        var again = await renderer.RenderAsync(Request("1.0.0", null), CancellationToken.None);

        again.Version.Should().Be("1.0.0");
        repository.Requests.Should().Be(requests, "the second identical render is cached");
    }

    [PeerFact(Peer)]
    public async Task RenderAsync_NewVersionInRange_PickedUpOnceTheCacheExpires()
    {
        using var uncached = new HelmChartRenderer(new HelmRendererOptions { HelmPath = PeerTools.FindExecutable(Peer)!, CacheTtl = TimeSpan.Zero });
        (await uncached.RenderAsync(Request("~2.0", null), CancellationToken.None)).Version.Should().Be("2.0.0");

        await repository.AddChartAsync("web", "2.0.1", TestCharts.Web());

        (await uncached.RenderAsync(Request("~2.0", null), CancellationToken.None)).Version.Should().Be("2.0.1");
    }

    [PeerFact(Peer)]
    public async Task RenderAsync_MissingVersion_HelmMessageNamesIt()
    {
        var act = () => renderer.RenderAsync(Request("9.9.9", null), CancellationToken.None);

        (await act.Should().ThrowAsync<HelmException>()).Which.Message.Should().Contain("web").And.Contain("9.9.9");
    }

    [PeerFact(Peer)]
    public async Task RenderAsync_MissingChart_HelmMessageNamesIt()
    {
        var act = () => renderer.RenderAsync(Request(null, null) with { Chart = "nope" }, CancellationToken.None);

        (await act.Should().ThrowAsync<HelmException>()).Which.Message.Should().Contain("nope");
    }

    [PeerFact(Peer)]
    public async Task RenderAsync_OciRegistry_RendersTheTaggedChart()
    {
        var rendered = await renderer.RenderAsync(Request("1.2.0", new JsonObject { ["greeting"] = "oci" }) with { Repository = repository.OciReference }, CancellationToken.None);

        rendered.Version.Should().Be("1.2.0");
        rendered.Manifests.Single(m => m["kind"]!.GetValue<string>() == "ConfigMap")["data"]!["greeting"]!.GetValue<string>().Should().Be("oci");
    }

    private ChartRequest Request(string? version, JsonObject? values) => new(repository.RepositoryUrl, "web", version, "shop", "shop", values);
}
