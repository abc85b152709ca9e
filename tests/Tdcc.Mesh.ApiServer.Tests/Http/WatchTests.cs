using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Http;

public sealed class WatchTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private static async Task<List<JsonObject>> ReadEventsAsync(ApiServerHarness h, string path, int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        using var response = await h.Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var events = new List<JsonObject>();
        try
        {
            while (events.Count < count && await reader.ReadLineAsync(cts.Token) is { } line)
            {
                events.Add(JsonNode.Parse(line)!.AsObject());
            }
        }
        catch (OperationCanceledException)
        {
            // Return what arrived.
        }

        return events;
    }

    [Fact]
    public async Task Watch_NoResourceVersion_SendsInitialAddedThenChanges()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a"));
        var watching = ReadEventsAsync(h, ConfigMaps + "?watch=true", 3);
        await Task.Delay(300);
        await h.PatchAsync(ConfigMaps + "/a", "{\"data\":{\"k\":\"2\"}}");
        await h.DeleteAsync(ConfigMaps + "/a");
        var events = await watching;
        events.Select(e => (string?)e["type"]).Should().Equal("ADDED", "MODIFIED", "DELETED");
    }

    [Fact]
    public async Task Watch_FromResourceVersion_ReplaysLaterEventsOnly()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var (_, a) = await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a"));
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("b"));
        var rv = a["metadata"]!["resourceVersion"]!.GetValue<string>();
        var events = await ReadEventsAsync(h, ConfigMaps + "?watch=1&resourceVersion=" + rv, 1);
        events.Should().ContainSingle();
        events[0]["object"]!["metadata"]!["name"]!.GetValue<string>().Should().Be("b");
    }

    [Fact]
    public async Task Watch_TooOldResourceVersion_SendsErrorEvent410()
    {
        await using var h = await ApiServerHarness.StartAsync(new KubeApiServerOptions { ClusterName = "t", WatchHistory = 2 });
        for (var i = 0; i < 5; i++)
        {
            await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap($"c{i}"));
        }

        var events = await ReadEventsAsync(h, ConfigMaps + "?watch=true&resourceVersion=1", 1);
        events.Should().ContainSingle();
        events[0]["type"]!.GetValue<string>().Should().Be("ERROR");
        events[0]["object"]!["code"]!.GetValue<int>().Should().Be(410);
        events[0]["object"]!["message"]!.GetValue<string>().Should().StartWith("too old resource version: 1 (");
    }

    [Fact]
    public async Task Watch_AllowBookmarks_SendsPeriodicBookmark()
    {
        await using var h = await ApiServerHarness.StartAsync(new KubeApiServerOptions { ClusterName = "t", BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        var events = await ReadEventsAsync(h, ConfigMaps + "?watch=true&resourceVersion=1&allowWatchBookmarks=true", 1);
        events.Should().ContainSingle();
        events[0]["type"]!.GetValue<string>().Should().Be("BOOKMARK");
        events[0]["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Watch_LabelSelector_TranslatesTransitions()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("a", labels: new() { ["app"] = "x" }));
        var watching = ReadEventsAsync(h, ConfigMaps + "?watch=true&labelSelector=app%3Dx", 2);
        await Task.Delay(300);
        await h.PatchAsync(ConfigMaps + "/a", "{\"metadata\":{\"labels\":{\"app\":\"y\"}}}");
        var events = await watching;
        events.Select(e => (string?)e["type"]).Should().Equal("ADDED", "DELETED");
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsStream()
    {
        await using var h = await ApiServerHarness.StartAsync();
        var started = DateTimeOffset.UtcNow;
        var events = await ReadEventsAsync(h, ConfigMaps + "?watch=true&timeoutSeconds=1", 10, TimeSpan.FromSeconds(10));
        events.Should().BeEmpty();
        (DateTimeOffset.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(5));
    }
}
