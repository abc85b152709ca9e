using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Testing;
using KubeApiException = Tdcc.Mesh.Kube.Client.KubeApiException;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>Watch streams of the client against the live server: events, resume, bookmarks, 410, selectors, timeouts.</summary>
public sealed class WatchTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    private readonly IResourceClient<ConfigMap> configMaps = live.Client.Resource<ConfigMap>();

    [Fact]
    public async Task WatchAsync_CreateUpdateDelete_YieldsEventsInOrder()
    {
        var ns = await live.CreateNamespaceAsync("watch");
        var start = await configMaps.ListAsync(new ListOptions { Namespace = ns });
        var created = await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "watched"));
        var updated = await configMaps.UpdateAsync(created with { Data = created.Data!.SetItem("key", "v2") });
        await configMaps.DeleteAsync(ns, "watched");

        var events = await CollectAsync(configMaps.WatchAsync(new WatchOptions { Namespace = ns, ResourceVersion = start.Metadata.ResourceVersion }), 3);

        events.Select(e => e.Type).Should().Equal(WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted);
        events[0].Object!.Metadata.ResourceVersion.Should().Be(created.Metadata.ResourceVersion);
        events[1].Object!.Data!["key"].Should().Be("v2");
        events[1].Object!.Metadata.ResourceVersion.Should().Be(updated.Metadata.ResourceVersion);
        events[2].Object!.Metadata.Name.Should().Be("watched");
    }

    [Fact]
    public async Task WatchAsync_LargeObject_ArrivesIntact()
    {
        var ns = await live.CreateNamespaceAsync("large");
        var start = await configMaps.ListAsync(new ListOptions { Namespace = ns });
        var big = string.Concat(Enumerable.Range(0, 150_000).Select(i => (char)('a' + (i % 26)))) + "\u00e9\u4e2d";
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "big", new Dictionary<string, string> { ["a"] = big, ["b"] = big, ["c"] = big }));

        var events = await CollectAsync(configMaps.WatchAsync(new WatchOptions { Namespace = ns, ResourceVersion = start.Metadata.ResourceVersion }), 1);

        events[0].Object!.Data.Should().HaveCount(3).And.OnlyContain(entry => entry.Value == big);
    }

    [Fact]
    public async Task WatchAsync_NoResourceVersion_StartsWithAddedForExistingObjects()
    {
        var ns = await live.CreateNamespaceAsync("watch");
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "a"));
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "b"));

        var events = await CollectAsync(configMaps.WatchAsync(new WatchOptions { Namespace = ns }), 2);

        events.Should().OnlyContain(e => e.Type == WatchEventType.Added);
        events.Select(e => e.Object!.Metadata.Name).Should().BeEquivalentTo(["a", "b"]);
    }

    [Fact]
    public async Task WatchAsync_ResumeFromLastResourceVersion_NeitherMissesNorRepeats()
    {
        var ns = await live.CreateNamespaceAsync("resume");
        var start = await configMaps.ListAsync(new ListOptions { Namespace = ns });
        var names = Enumerable.Range(0, 10).Select(i => $"cm-{i}").ToList();
        foreach (var name in names.Take(5))
        {
            await configMaps.CreateAsync(TestObjects.ConfigMap(ns, name));
        }

        var first = await CollectAsync(configMaps.WatchAsync(new WatchOptions { Namespace = ns, ResourceVersion = start.Metadata.ResourceVersion }), 3);

        // The watch is closed; more writes happen while nobody watches.
        foreach (var name in names.Skip(5))
        {
            await configMaps.CreateAsync(TestObjects.ConfigMap(ns, name));
        }

        var resumeFrom = first[^1].Object!.Metadata.ResourceVersion;
        var rest = await CollectAsync(configMaps.WatchAsync(new WatchOptions { Namespace = ns, ResourceVersion = resumeFrom }), 7);

        first.Concat(rest).Select(e => e.Object!.Metadata.Name).Should().Equal(names);
        first.Concat(rest).Select(e => long.Parse(e.Object!.Metadata.ResourceVersion!, CultureInfo.InvariantCulture)).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task WatchAsync_AllowBookmarks_ReceivesBookmarksCarryingTheResourceVersion()
    {
        await using var server = await LiveApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "bookmarks", BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        var ns = await server.CreateNamespaceAsync("bookmarks");
        var cms = server.Client.Resource<ConfigMap>();
        var start = await cms.ListAsync(new ListOptions { Namespace = ns });
        var created = await cms.CreateAsync(TestObjects.ConfigMap(ns, "marked"));

        var events = await CollectAsync(
            cms.WatchAsync(new WatchOptions { Namespace = ns, ResourceVersion = start.Metadata.ResourceVersion, AllowWatchBookmarks = true }),
            2,
            e => e.Type is WatchEventType.Added or WatchEventType.Bookmark);

        events[0].Type.Should().Be(WatchEventType.Added);
        var bookmark = events[1];
        bookmark.Type.Should().Be(WatchEventType.Bookmark);
        bookmark.Object!.Metadata.ResourceVersion.Should().NotBeNullOrEmpty();
        long.Parse(bookmark.Object.Metadata.ResourceVersion!, CultureInfo.InvariantCulture)
            .Should().BeGreaterThanOrEqualTo(long.Parse(created.Metadata.ResourceVersion!, CultureInfo.InvariantCulture));
        bookmark.Object.Metadata.Name.Should().BeNull("a bookmark carries only metadata.resourceVersion");
    }

    [Fact]
    public async Task WatchAsync_TooOldResourceVersion_ThrowsGone()
    {
        await using var server = await LiveApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "tiny-history", WatchHistory = 5 });
        var ns = await server.CreateNamespaceAsync("gone");
        var cms = server.Client.Resource<ConfigMap>();
        var old = await cms.ListAsync(new ListOptions { Namespace = ns });
        for (var i = 0; i < 20; i++)
        {
            await cms.CreateAsync(TestObjects.ConfigMap(ns, $"cm-{i}"));
        }

        var act = () => CollectAsync(cms.WatchAsync(new WatchOptions { Namespace = ns, ResourceVersion = old.Metadata.ResourceVersion }), 1);

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.IsGone.Should().BeTrue();
        error.Reason.Should().BeOneOf(KubeErrorReason.Expired, KubeErrorReason.Gone);
        error.StatusCode.Should().Be(410);

        // A fresh list gives a resourceVersion that can be watched again.
        var relisted = await cms.ListAsync(new ListOptions { Namespace = ns });
        relisted.Items.Should().HaveCount(20);
        await cms.CreateAsync(TestObjects.ConfigMap(ns, "after"));
        var events = await CollectAsync(cms.WatchAsync(new WatchOptions { Namespace = ns, ResourceVersion = relisted.Metadata.ResourceVersion }), 1);
        events.Single().Object!.Metadata.Name.Should().Be("after");
    }

    [Fact]
    public async Task WatchAsync_LabelSelector_TurnsSelectorTransitionsIntoAddedAndDeleted()
    {
        var ns = await live.CreateNamespaceAsync("selector");
        var start = await configMaps.ListAsync(new ListOptions { Namespace = ns });
        var cm = await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "moving"));
        cm = await configMaps.UpdateAsync(cm.WithMetadata(cm.Metadata with { Labels = new Dictionary<string, string> { ["watched"] = "yes" }.ToImmutableDictionary() }));
        cm = await configMaps.UpdateAsync(cm with { Data = cm.Data!.SetItem("key", "v2") });
        await configMaps.UpdateAsync(cm.WithMetadata(cm.Metadata with { Labels = null }));
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "marker", labels: new Dictionary<string, string> { ["watched"] = "yes" }));

        var events = await CollectAsync(
            configMaps.WatchAsync(new WatchOptions { Namespace = ns, ResourceVersion = start.Metadata.ResourceVersion, LabelSelector = "watched=yes" }),
            4);

        events.Select(e => (e.Type, e.Object!.Metadata.Name)).Should().Equal(
            (WatchEventType.Added, "moving"),
            (WatchEventType.Modified, "moving"),
            (WatchEventType.Deleted, "moving"),
            (WatchEventType.Added, "marker"));
    }

    [Fact]
    public async Task WatchAsync_ServerSideTimeout_EndsTheStream()
    {
        var ns = await live.CreateNamespaceAsync("timeout");
        var start = await configMaps.ListAsync(new ListOptions { Namespace = ns });
        using var guard = new CancellationTokenSource(Eventually.DefaultTimeout);

        var events = new List<WatchEvent<ConfigMap>>();
        await foreach (var e in configMaps.WatchAsync(new WatchOptions { Namespace = ns, ResourceVersion = start.Metadata.ResourceVersion, Timeout = TimeSpan.FromSeconds(1) }, guard.Token))
        {
            events.Add(e);
        }

        guard.IsCancellationRequested.Should().BeFalse("the server ends the watch after timeoutSeconds");
        events.Where(e => e.Type != WatchEventType.Bookmark).Should().BeEmpty("nothing changed in the namespace");
    }

    /// <summary>Reads events (skipping bookmarks unless <paramref name="keep"/> says otherwise) until <paramref name="count"/> are collected.</summary>
    internal static async Task<List<WatchEvent<T>>> CollectAsync<T>(IAsyncEnumerable<WatchEvent<T>> stream, int count, Func<WatchEvent<T>, bool>? keep = null)
        where T : class
    {
        keep ??= e => e.Type != WatchEventType.Bookmark;
        var events = new List<WatchEvent<T>>();
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        await foreach (var e in stream.WithCancellation(timeout.Token))
        {
            if (keep(e))
            {
                events.Add(e);
                if (events.Count == count)
                {
                    return events;
                }
            }
        }

        throw new InvalidOperationException($"the watch ended after {events.Count} of {count} events");
    }

    [Fact]
    public async Task WatchAsync_AllNamespacesFromResourceVersion_SeesEveryNamespace()
    {
        var a = await live.CreateNamespaceAsync("all");
        var b = await live.CreateNamespaceAsync("all");
        var start = await configMaps.ListAsync(new ListOptions { Limit = 1 });
        await configMaps.CreateAsync(TestObjects.ConfigMap(a, "in-a"));
        await configMaps.CreateAsync(TestObjects.ConfigMap(b, "in-b"));

        var events = await CollectAsync(
            configMaps.WatchAsync(new WatchOptions { ResourceVersion = start.Metadata.ResourceVersion }),
            2,
            e => e.Type == WatchEventType.Added && (e.Object!.Metadata.Namespace == a || e.Object.Metadata.Namespace == b));

        events.Select(e => (e.Object!.Metadata.Namespace, e.Object.Metadata.Name)).Should().Equal((a, "in-a"), (b, "in-b"));
    }
}
