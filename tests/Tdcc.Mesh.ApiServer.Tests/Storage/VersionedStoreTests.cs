using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Tests.Storage;

public sealed class VersionedStoreTests
{
    private static JsonObject Obj(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns", ["uid"] = name } };

    [Fact]
    public void Create_Sequence_ResourceVersionsIncrease()
    {
        using var store = new VersionedStore(10, null, _ => true);
        var a = store.Create("configmaps", Obj("a"), dryRun: false);
        var b = store.Create("configmaps", Obj("b"), dryRun: false);
        b.ResourceVersion.Should().BeGreaterThan(a.ResourceVersion);
        store.ResourceVersion.Should().Be(b.ResourceVersion);
    }

    [Fact]
    public void Watch_BeyondHistory_ThrowsExpired()
    {
        using var store = new VersionedStore(2, null, _ => true);
        for (var i = 0; i < 5; i++)
        {
            store.Create("configmaps", Obj($"c{i}"), dryRun: false);
        }

        var act = () => store.Watch("configmaps", null, 1, 10);
        act.Should().Throw<StoreException>().Which.Kind.Should().Be(StoreErrorKind.Expired);
    }

    [Fact]
    public void Commit_HistoryOverByteLimit_EvictsOldestAndExpiresWatchesFromThem()
    {
        using var store = new VersionedStore(10000, null, _ => true) { HistoryByteLimit = 1_000_000 };
        var big = new string('x', 100_000);
        var first = store.Create("configmaps", Big(big), dryRun: false);
        for (var i = 0; i < 50; i++)
        {
            store.Update("configmaps", "ns", "big", current => Big(big + i), dryRun: false);
        }

        store.HistoryBytes.Should().BeLessThanOrEqualTo(1_000_000);
        store.HistoryCount.Should().BeInRange(2, 10, "each update holds about 200 KB (object and previous object)");
        var act = () => store.Watch("configmaps", null, first.ResourceVersion, 10);
        act.Should().Throw<StoreException>().Which.Kind.Should().Be(StoreErrorKind.Expired);
        var (initial, watcher, _) = store.Watch("configmaps", null, store.ResourceVersion - 1, 10);
        using (watcher)
        {
            initial.Should().ContainSingle("the newest events are kept");
        }

        static JsonObject Big(string data) => new()
        {
            ["metadata"] = new JsonObject { ["name"] = "big", ["namespace"] = "ns", ["uid"] = "big" },
            ["data"] = new JsonObject { ["k"] = data },
        };
    }

    [Fact]
    public void Commit_OneEventOverByteLimit_KeepsTheNewestEvent()
    {
        using var store = new VersionedStore(10, null, _ => true) { HistoryByteLimit = 10 };
        store.Create("configmaps", Obj("a"), dryRun: false);
        store.Create("configmaps", Obj("b"), dryRun: false);

        store.HistoryCount.Should().Be(1);
        store.HistoryBytes.Should().BeGreaterThan(10);
    }

    [Fact]
    public void Create_OverMaxObjectBytes_Refused413AndNotStored()
    {
        using var store = new VersionedStore(10, null, _ => true) { MaxObjectBytes = 200 };
        var obj = Obj("huge");
        obj["data"] = new JsonObject { ["k"] = new string('x', 300) };

        var act = () => store.Create("configmaps", obj, dryRun: false);

        act.Should().Throw<Errors.ApiException>().Which.Code.Should().Be(413);
        store.Get("configmaps", "ns", "huge").Should().BeNull();
        store.ResourceVersion.Should().Be(0);
    }

    [Fact]
    public void Watcher_SlowConsumerOverByteLimit_IsClosed()
    {
        using var store = new VersionedStore(100, null, _ => true) { WatcherByteLimit = 1000 };
        var (_, watcher, _) = store.Watch("configmaps", null, null, 1000);
        using (watcher)
        {
            var first = Obj("a");
            first["data"] = new JsonObject { ["k"] = new string('x', 600) };
            store.Create("configmaps", first, dryRun: false);
            watcher.Overflowed.Should().BeFalse("one event is always accepted");
            watcher.QueuedBytes.Should().BeGreaterThan(600);
            watcher.TryRead(out _).Should().BeTrue();
            watcher.QueuedBytes.Should().Be(0, "reading releases the bytes");

            var second = Obj("b");
            second["data"] = new JsonObject { ["k"] = new string('y', 600) };
            store.Create("configmaps", second, dryRun: false);
            var third = Obj("c");
            third["data"] = new JsonObject { ["k"] = new string('z', 600) };
            store.Create("configmaps", third, dryRun: false);

            watcher.Overflowed.Should().BeTrue("two unread events of 600+ bytes pass the 1000-byte bound");
        }
    }

    [Fact]
    public void Watcher_SlowConsumer_IsClosedNotBuffered()
    {
        using var store = new VersionedStore(100, null, _ => true);
        var (_, watcher, _) = store.Watch("configmaps", null, null, 2);
        for (var i = 0; i < 5; i++)
        {
            store.Create("configmaps", Obj($"c{i}"), dryRun: false);
        }

        watcher.Overflowed.Should().BeTrue();
        watcher.Events.Completion.IsCompleted.Should().BeFalse("buffered events stay readable until drained");
    }

    [Fact]
    public void Persistence_Restart_RestoresObjectsAndCounter()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tdcc-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            long rv;
            using (var store = new VersionedStore(10, new StorePersistence(dir), _ => true))
            {
                store.Create("configmaps", Obj("a"), dryRun: false);
                store.Create("configmaps", Obj("b"), dryRun: false);
                store.Delete("configmaps", "ns", "a", null, dryRun: false);
                rv = store.ResourceVersion;
            }

            using var reopened = new VersionedStore(10, new StorePersistence(dir), _ => true);
            reopened.ResourceVersion.Should().Be(rv);
            reopened.Get("configmaps", "ns", "a").Should().BeNull();
            reopened.Get("configmaps", "ns", "b").Should().NotBeNull();
            reopened.Create("configmaps", Obj("c"), dryRun: false).ResourceVersion.Should().Be(rv + 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Persistence_LogOnly_ReplaysWithoutSnapshot()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tdcc-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new VersionedStore(10, new StorePersistence(dir), _ => true);
            store.Create("configmaps", Obj("a"), dryRun: false);

            // Simulate a crash: no Dispose, so no snapshot; only the append log exists.
            var replayed = new StorePersistence(dir).Load();
            replayed.Objects.Should().ContainSingle(o => o.Name == "a");
            store.Dispose();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
