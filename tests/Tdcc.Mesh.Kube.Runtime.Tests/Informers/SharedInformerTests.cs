using System.Collections.Immutable;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Informers;

public sealed class SharedInformerTests : IAsyncLifetime
{
    private readonly InMemoryResourceClient<ConfigMap> client = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<string> events = [];
    private SharedInformer<ConfigMap> informer = null!;
    private Task run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await client.CreateAsync(TestObjects.ConfigMap("ns", "a", "1", ImmutableDictionary<string, string>.Empty.Add("app", "web")));
        await client.CreateAsync(TestObjects.ConfigMap("ns", "b", "1"));
        await client.CreateAsync(TestObjects.ConfigMap("other", "c", "1"));
        var options = new InformerOptions<ConfigMap> { PageSize = 2, MinReconnectDelay = TimeSpan.FromMilliseconds(1) };
        options.Indexers["value"] = cm => cm.Data?.Values ?? [];
        informer = new SharedInformer<ConfigMap>(client, options, TimeProvider.System, NullLogger<SharedInformer<ConfigMap>>.Instance);
        informer.AddEventHandler(new InformerHandler<ConfigMap>
        {
            Added = o => Record("add " + ObjectKey.Of(o)),
            Updated = (_, o) => Record("update " + ObjectKey.Of(o)),
            Deleted = o => Record("delete " + ObjectKey.Of(o)),
        });
        run = informer.RunAsync(stop.Token);
        await informer.ReadyAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => client.OpenWatches == 1, "watch open");
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        stop.Dispose();
    }

    [Fact]
    public void RunAsync_PagedList_StoreFilledAndWatchFromListVersion()
    {
        informer.HasSynced.Should().BeTrue();
        informer.Store.List().Should().HaveCount(3);
        Events().Should().BeEquivalentTo("add ns/a", "add ns/b", "add other/c");
        client.WatchStarts.Should().Equal("103");
    }

    [Fact]
    public async Task RunAsync_WatchEvents_StoreAndHandlersFollow()
    {
        await client.CreateAsync(TestObjects.ConfigMap("ns", "d", "2"));
        await client.UpdateAsync(client.Peek(new ObjectKey("ns", "a"))! with { Data = ImmutableDictionary<string, string>.Empty.Add("value", "2") });
        await client.DeleteAsync("ns", "b");

        await Eventually.TrueAsync(() => Events().Count == 6, "three more events");
        Events().Skip(3).Should().Equal("add ns/d", "update ns/a", "delete ns/b");
        informer.Store.GetByKey(new ObjectKey("ns", "b")).Should().BeNull();
        informer.Store.ByIndex("value", "2").Select(ObjectKey.Of).Should().BeEquivalentTo([new ObjectKey("ns", "a"), new ObjectKey("ns", "d")]);
    }

    [Fact]
    public async Task RunAsync_ConnectionDropped_ResumesFromLastVersion()
    {
        await client.CreateAsync(TestObjects.ConfigMap("ns", "d", "2"));
        await Eventually.TrueAsync(() => Events().Count == 4, "add seen");

        client.DropWatches();

        await Eventually.TrueAsync(() => client.WatchStarts.Count == 2 && client.OpenWatches == 1, "watch reopened");
        client.WatchStarts[1].Should().Be("104");
        client.ListCalls.Should().Be(2, "a dropped connection resumes without relisting (two pages were one list)");
    }

    [Fact]
    public async Task RunAsync_Bookmark_MovesResumeVersion()
    {
        client.Bookmark();
        await Task.Delay(50);

        client.DropWatches();

        await Eventually.TrueAsync(() => client.WatchStarts.Count == 2, "watch reopened");
        client.WatchStarts[1].Should().Be("104");
    }

    [Fact]
    public async Task RunAsync_Expired_RelistsWithSyntheticDeletesAndUpdates()
    {
        client.SetSilently(null, new ObjectKey("ns", "b"));
        client.SetSilently(TestObjects.ConfigMap("ns", "a", "changed"), new ObjectKey("ns", "a"));
        client.SetSilently(TestObjects.ConfigMap("ns", "new", "1"), new ObjectKey("ns", "new"));

        client.ExpireWatches();

        await Eventually.TrueAsync(() => Events().Count == 6, "relist diffed");
        Events().Skip(3).Should().BeEquivalentTo("add ns/new", "update ns/a", "delete ns/b");
        informer.Store.List().Select(ObjectKey.Of).Should().BeEquivalentTo([new ObjectKey("ns", "a"), new ObjectKey("ns", "new"), new ObjectKey("other", "c")]);
        await Eventually.TrueAsync(() => client.OpenWatches == 1, "watching again");
        client.WatchStarts.Last().Should().Be("105");
    }

    [Fact]
    public async Task Store_ListAsyncWithSelector_ReadsLikeTheServer()
    {
        var byLabel = await informer.Store.ListAsync(new Kube.Client.ListOptions { LabelSelector = "app=web" });
        var byNamespace = await informer.Store.ListAsync(new Kube.Client.ListOptions { Namespace = "other" });
        var one = await informer.Store.GetAsync("ns", "b");

        byLabel.Items.Select(ObjectKey.Of).Should().Equal(new ObjectKey("ns", "a"));
        byNamespace.Items.Select(ObjectKey.Of).Should().Equal(new ObjectKey("other", "c"));
        one.Should().NotBeNull();
        informer.Store.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue("app", "web")).Should().ContainSingle();
        informer.Store.ByIndex(InformerIndexes.Namespace, "ns").Should().HaveCount(2);
    }

    [Fact]
    public void AddEventHandler_LateSubscriber_ReceivesExistingObjects()
    {
        var late = new List<ObjectKey>();

        using var subscription = informer.AddEventHandler(new InformerHandler<ConfigMap> { Added = o => late.Add(ObjectKey.Of(o)) });

        late.Should().HaveCount(3);
    }

    [Fact]
    public void ReconnectDelay_Failures_GrowsToCap()
    {
        var options = new InformerOptions<ConfigMap> { MinReconnectDelay = TimeSpan.FromSeconds(1), MaxReconnectDelay = TimeSpan.FromSeconds(5) };
        var fresh = new SharedInformer<ConfigMap>(client, options, TimeProvider.System, NullLogger<SharedInformer<ConfigMap>>.Instance);

        Enumerable.Range(1, 5).Select(fresh.ReconnectDelay).Select(d => d.TotalSeconds).Should().Equal(1, 2, 4, 5, 5);
    }

    private void Record(string text)
    {
        lock (events)
        {
            events.Add(text);
        }
    }

    private List<string> Events()
    {
        lock (events)
        {
            return [.. events];
        }
    }
}
