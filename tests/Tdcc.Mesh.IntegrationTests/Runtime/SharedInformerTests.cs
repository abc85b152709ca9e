using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.IntegrationTests.Client;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Testing;
using KubeApiException = Tdcc.Mesh.Kube.Client.KubeApiException;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>The shared informer against the live server: sync, events, relist after 410, garbage collection.</summary>
public sealed class SharedInformerTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    [Fact]
    public async Task RunAsync_PreexistingObjects_SyncsThenSeesAddsUpdatesAndDeletes()
    {
        var ns = await live.CreateNamespaceAsync("informer");
        var configMaps = live.Client.Resource<ConfigMap>();
        for (var i = 0; i < 5; i++)
        {
            await configMaps.CreateAsync(TestObjects.ConfigMap(ns, $"pre-{i}"));
        }

        var informer = NewInformer(configMaps, new InformerOptions<ConfigMap> { Namespace = ns, PageSize = 2 });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);

        await informer.ReadyAsync().WaitAsync(Eventually.DefaultTimeout);
        informer.HasSynced.Should().BeTrue();
        informer.Store.List().Select(cm => cm.Metadata.Name).Should().BeEquivalentTo(Enumerable.Range(0, 5).Select(i => $"pre-{i}"));
        var handler = new RecordingHandler<ConfigMap>();
        using var subscription = informer.AddEventHandler(handler);
        handler.Seen.Should().HaveCount(5).And.OnlyContain(seen => seen.Change == "add");

        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "new"));
        var pre0 = await configMaps.GetAsync(ns, "pre-0");
        await configMaps.UpdateAsync(pre0! with { Data = pre0!.Data!.SetItem("key", "updated") });
        await configMaps.DeleteAsync(ns, "pre-1");

        await Eventually.TrueAsync(
            () => handler.Saw("add", "new") && handler.Saw("update", "pre-0") && handler.Saw("delete", "pre-1"),
            "the informer delivers the add, update and delete");
        informer.Store.GetByKey(new ObjectKey(ns, "pre-0"))!.Data!["key"].Should().Be("updated");
        informer.Store.GetByKey(new ObjectKey(ns, "pre-1")).Should().BeNull();
        informer.Store.GetByKey(new ObjectKey(ns, "new")).Should().NotBeNull();

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task RunAsync_WatchExpiredWhileDisconnected_RelistsAndConvergesWithSyntheticDeletes()
    {
        await using var server = await LiveApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "expiring", WatchHistory = 5 });
        var ns = await server.CreateNamespaceAsync("expire");
        var writer = server.Client.Resource<ConfigMap>();
        foreach (var name in new[] { "keep-0", "keep-1", "gone-0", "gone-1", "gone-2" })
        {
            await writer.CreateAsync(TestObjects.ConfigMap(ns, name));
        }

        using var gate = new WatchGate();
        using var informerClient = new KubeClient(KubeClientOptions.ForServer(server.Server.BaseAddress), gate);
        var informer = NewInformer(
            informerClient.Resource<ConfigMap>(),
            new InformerOptions<ConfigMap> { Namespace = ns, WatchTimeout = TimeSpan.FromSeconds(1), MinReconnectDelay = TimeSpan.FromMilliseconds(50) });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.ReadyAsync().WaitAsync(Eventually.DefaultTimeout);
        var handler = new RecordingHandler<ConfigMap>();
        using var subscription = informer.AddEventHandler(handler);
        var listsBefore = gate.Lists;

        // Cut the informer off: its current watch ends at the server-side timeout and the next one is held.
        gate.Close();
        await Eventually.TrueAsync(() => gate.Held == 1, "the informer's next watch request is held back");

        // More writes than the server's watch history keeps.
        foreach (var name in new[] { "keep-0", "keep-1" })
        {
            var current = await writer.GetAsync(ns, name);
            await writer.UpdateAsync(current! with { Data = current!.Data!.SetItem("key", "changed") });
        }

        foreach (var name in new[] { "gone-0", "gone-1", "gone-2" })
        {
            await writer.DeleteAsync(ns, name);
        }

        var added = Enumerable.Range(0, 10).Select(i => $"new-{i}").ToList();
        foreach (var name in added)
        {
            await writer.CreateAsync(TestObjects.ConfigMap(ns, name));
        }

        gate.Open();

        // The store is updated before handlers are notified (as client-go's indexer is), so wait for both.
        await Eventually.TrueAsync(
            () => informer.Store.List().Select(cm => cm.Metadata.Name!).Order(StringComparer.Ordinal)
                .SequenceEqual(added.Append("keep-0").Append("keep-1").Order(StringComparer.Ordinal))
                && handler.Saw("delete", "gone-0") && handler.Saw("delete", "gone-1") && handler.Saw("delete", "gone-2"),
            "the cache converges on the server's state after the relist and handlers hear the synthetic deletes");
        informer.Store.GetByKey(new ObjectKey(ns, "keep-0"))!.Data!["key"].Should().Be("changed");
        gate.Lists.Should().BeGreaterThan(listsBefore, "the 410 made the informer relist");
        handler.Seen.Where(seen => seen.Change == "delete").Select(seen => seen.Name).Should().BeEquivalentTo(["gone-0", "gone-1", "gone-2"], "synthetic deletes come from the relist, once each");
        handler.Seen.Where(seen => seen.Change == "update").Select(seen => seen.Name).Should().BeEquivalentTo(["keep-0", "keep-1"]);
        handler.Seen.Where(seen => seen.Change == "add").Select(seen => seen.Name).Should().Contain(added);

        // The informer watches again from the relist and keeps up.
        await writer.CreateAsync(TestObjects.ConfigMap(ns, "after-relist"));
        await Eventually.TrueAsync(() => handler.Saw("add", "after-relist"), "the informer watches again after relisting");

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task RunAsync_WatchEndsWhileHistoryIsKept_ResumesWithoutRelisting()
    {
        var ns = await live.CreateNamespaceAsync("resume");
        using var gate = new WatchGate();
        using var informerClient = new KubeClient(KubeClientOptions.ForServer(live.Server.BaseAddress), gate);
        var writer = live.Client.Resource<ConfigMap>();
        await writer.CreateAsync(TestObjects.ConfigMap(ns, "first"));
        var informer = NewInformer(informerClient.Resource<ConfigMap>(), new InformerOptions<ConfigMap> { Namespace = ns, WatchTimeout = TimeSpan.FromSeconds(1) });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.ReadyAsync().WaitAsync(Eventually.DefaultTimeout);
        var handler = new RecordingHandler<ConfigMap>();
        using var subscription = informer.AddEventHandler(handler);
        var lists = gate.Lists;

        gate.Close();
        await Eventually.TrueAsync(() => gate.Held == 1, "the informer's next watch request is held back");
        await writer.CreateAsync(TestObjects.ConfigMap(ns, "while-away"));
        var first = await writer.GetAsync(ns, "first");
        await writer.UpdateAsync(first! with { Data = first!.Data!.SetItem("key", "changed") });
        await writer.DeleteAsync(ns, "while-away");
        gate.Open();

        await Eventually.TrueAsync(
            () => handler.Saw("add", "while-away") && handler.Saw("update", "first") && handler.Saw("delete", "while-away"),
            "the resumed watch replays what happened while it was away");
        handler.Seen.Skip(1).Should().Equal(("add", "while-away"), ("update", "first"), ("delete", "while-away"));
        gate.Lists.Should().Be(lists, "resuming from the last resourceVersion needs no relist");

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task RunAsync_SlowHandlerBehindABoundedServerQueue_MissesAndRepeatsNothing()
    {
        await using var server = await LiveApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "slow-consumer", WatchQueueLength = 2 });
        var ns = await server.CreateNamespaceAsync("slow");
        var writer = server.Client.Resource<ConfigMap>();
        using var gate = new WatchGate();
        using var informerClient = new KubeClient(KubeClientOptions.ForServer(server.Server.BaseAddress), gate);
        var informer = NewInformer(informerClient.Resource<ConfigMap>(), new InformerOptions<ConfigMap> { Namespace = ns, MinReconnectDelay = TimeSpan.FromMilliseconds(50) });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.ReadyAsync().WaitAsync(Eventually.DefaultTimeout);
        using var release = new ManualResetEventSlim();
        var handler = new RecordingHandler<ConfigMap>();
        using var blocker = informer.AddEventHandler(new InformerHandler<ConfigMap> { Added = _ => release.Wait(Eventually.DefaultTimeout) });
        using var subscription = informer.AddEventHandler(handler);

        // 16 MiB of events fill the socket buffers while the handler blocks, so the server's per-watch queue overflows.
        var payload = new string('x', 256 * 1024);
        var names = Enumerable.Range(0, 64).Select(i => $"cm-{i:D2}").ToList();
        foreach (var name in names)
        {
            await writer.CreateAsync(TestObjects.ConfigMap(ns, name, new Dictionary<string, string> { ["payload"] = payload }));
        }

        release.Set();

        await Eventually.TrueAsync(() => handler.Seen.Count == names.Count, "every add arrives");
        handler.Seen.Should().Equal(names.Select(name => ("add", name)), "resuming from the last applied resourceVersion neither skips nor repeats");
        informer.Store.List().Should().HaveCount(names.Count);
        gate.Watches.Should().BeGreaterThan(1, "the server closed the overflowing watch and the informer watched again");

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task RunAsync_OwnerDeleted_InformerSeesGarbageCollectedDependentsGo()
    {
        var ns = await live.CreateNamespaceAsync("gc");
        var configMaps = live.Client.Resource<ConfigMap>();
        var owner = await live.Client.Resource<Deployment>().CreateAsync(TestObjects.Deployment(ns, "owner"));
        var reference = new OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "owner", Uid = owner.Metadata.Uid!, Controller = true };
        foreach (var name in new[] { "dep-0", "dep-1" })
        {
            var cm = TestObjects.ConfigMap(ns, name);
            await configMaps.CreateAsync(cm.WithMetadata(cm.Metadata with { OwnerReferences = [reference] }));
        }

        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "unowned"));
        var informer = NewInformer(configMaps, new InformerOptions<ConfigMap> { Namespace = ns });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.ReadyAsync().WaitAsync(Eventually.DefaultTimeout);
        informer.Store.ByIndex(InformerIndexes.Owner, owner.Metadata.Uid!).Should().HaveCount(2);
        var handler = new RecordingHandler<ConfigMap>();
        using var subscription = informer.AddEventHandler(handler);

        await live.Client.Resource<Deployment>().DeleteAsync(ns, "owner");

        await Eventually.TrueAsync(() => handler.Saw("delete", "dep-0") && handler.Saw("delete", "dep-1"), "the informer sees the dependents garbage collected");
        informer.Store.List().Select(cm => cm.Metadata.Name).Should().Equal("unowned");
        informer.Store.ByIndex(InformerIndexes.Owner, owner.Metadata.Uid!).Should().BeEmpty();

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task Store_ListWithSelectors_MatchesTheServer()
    {
        var ns = await live.CreateNamespaceAsync("selectors");
        var configMaps = live.Client.Resource<ConfigMap>();
        var labels = new[]
        {
            new Dictionary<string, string> { ["app"] = "web", ["env"] = "prod" },
            new Dictionary<string, string> { ["app"] = "web", ["env"] = "dev" },
            new Dictionary<string, string> { ["app"] = "db", ["env"] = "prod" },
            new Dictionary<string, string> { ["tier"] = "cache" },
        };
        for (var i = 0; i < labels.Length; i++)
        {
            await configMaps.CreateAsync(TestObjects.ConfigMap(ns, $"cm-{i}", labels: labels[i]));
        }

        var informer = NewInformer(configMaps, new InformerOptions<ConfigMap> { Namespace = ns });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.ReadyAsync().WaitAsync(Eventually.DefaultTimeout);

        foreach (var selector in new[] { "app=web", "app==web,env!=prod", "env in (prod,staging)", "app notin (web)", "!app", "tier", "app=web,env=prod", "" })
        {
            var fromServer = await configMaps.ListAsync(new ListOptions { Namespace = ns, LabelSelector = selector });
            var fromCache = await informer.Store.ListAsync(new ListOptions { Namespace = ns, LabelSelector = selector });
            fromCache.Items.Select(cm => cm.Metadata.Name).Should().BeEquivalentTo(fromServer.Items.Select(cm => cm.Metadata.Name), $"selector '{selector}'");
        }

        foreach (var malformed in new[] { "app in (web", "a b", "=x" })
        {
            var server = () => configMaps.ListAsync(new ListOptions { Namespace = ns, LabelSelector = malformed });
            var cache = () => informer.Store.ListAsync(new ListOptions { Namespace = ns, LabelSelector = malformed });
            (await server.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.BadRequest, $"the server rejects '{malformed}'");
            (await cache.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.BadRequest, $"the cache rejects '{malformed}' like the server");
        }

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task RunAsync_LabelSelectedInformer_ObjectsMoveInAndOutOfTheCache()
    {
        var ns = await live.CreateNamespaceAsync("selected");
        var configMaps = live.Client.Resource<ConfigMap>();
        var selected = new Dictionary<string, string> { ["mesh.tdcc.io/export"] = "true" };
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "in", labels: selected));
        await configMaps.CreateAsync(TestObjects.ConfigMap(ns, "out"));
        var informer = NewInformer(configMaps, new InformerOptions<ConfigMap> { Namespace = ns, LabelSelector = "mesh.tdcc.io/export=true" });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.ReadyAsync().WaitAsync(Eventually.DefaultTimeout);
        informer.Store.List().Select(cm => cm.Metadata.Name).Should().Equal("in");
        var handler = new RecordingHandler<ConfigMap>();
        using var subscription = informer.AddEventHandler(handler);

        var leaving = await configMaps.GetAsync(ns, "in");
        await configMaps.UpdateAsync(leaving!.WithMetadata(leaving.Metadata with { Labels = null }));
        var joining = await configMaps.GetAsync(ns, "out");
        await configMaps.UpdateAsync(joining!.WithMetadata(joining.Metadata with { Labels = selected.ToImmutableDictionary() }));

        await Eventually.TrueAsync(() => handler.Saw("delete", "in") && handler.Saw("add", "out"), "selector transitions arrive as delete and add");
        informer.Store.List().Select(cm => cm.Metadata.Name).Should().Equal("out");

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task RunAsync_CustomResourcesAsGenericObjects_SyncsAndSeesStatusUpdates()
    {
        await WidgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("widgets");
        var widgets = live.Client.Resource(WidgetCrd.Resource);
        var created = await widgets.CreateAsync(GenericObject.Create(
            WidgetCrd.Resource,
            new ObjectMeta { Namespace = ns, Name = "w" },
            new JsonObject { ["spec"] = new JsonObject { ["size"] = 1 } }));
        var informer = new SharedInformer<GenericObject>(widgets, new InformerOptions<GenericObject> { Namespace = ns }, TimeProvider.System, NullLogger<SharedInformer<GenericObject>>.Instance);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.ReadyAsync().WaitAsync(Eventually.DefaultTimeout);

        await widgets.UpdateStatusAsync(created.WithField("status", new JsonObject { ["phase"] = "Ready" }));

        await Eventually.TrueAsync(
            () => informer.Store.GetByKey(new ObjectKey(ns, "w"))?.GetField("status")?["phase"]?.GetValue<string>() == "Ready",
            "the cache holds the status written through the subresource");
        informer.Store.GetByKey(new ObjectKey(ns, "w"))!.GetField("spec")!["size"]!.GetValue<int>().Should().Be(1);

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.DefaultTimeout);
    }

    private static SharedInformer<ConfigMap> NewInformer(IResourceClient<ConfigMap> client, InformerOptions<ConfigMap> options) =>
        new(client, options, TimeProvider.System, NullLogger<SharedInformer<ConfigMap>>.Instance);
}
