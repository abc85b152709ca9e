using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Win32.SafeHandles;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Tests.Storage;

/// <summary>
/// What survives a crash, a damaged log, a failed write and a full disk, through the REST API of a real server.
/// A "crash" is a copy of the data directory taken while the server runs (what the disk holds at that instant).
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tdcc-durability-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_AfterTornTailThenCreates_KeepsEveryAcknowledgedCreate()
    {
        var dir = Path.Combine(_root, "store");
        await using (var first = await StartAsync(dir))
        {
            (await first.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("before"))).Code.Should().Be(201);
        }

        // A crash in the middle of an append: the last record has no end.
        await File.AppendAllTextAsync(Path.Combine(dir, "log.jsonl"), "crc32c:0badf00d {\"t\":\"put\",\"r\":\"configmaps\",\"o\":{\"metadata\":{\"name\":\"to");
        var crash = Path.Combine(_root, "crash");
        await using (var second = await StartAsync(dir))
        {
            for (var i = 0; i < 30; i++)
            {
                (await second.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap($"after-{i}"))).Code.Should().Be(201);
            }

            CopyDirectory(dir, crash);
        }

        await using var restarted = await StartAsync(crash);
        (await restarted.GetAsync(ConfigMaps + "/before")).Code.Should().Be(200);
        for (var i = 0; i < 30; i++)
        {
            (await restarted.GetAsync(ConfigMaps + $"/after-{i}")).Code.Should().Be(200, $"after-{i} was acknowledged");
        }
    }

    [Fact]
    public async Task Start_CorruptRecordMidLog_RefusesNamingFileLineAndRepair()
    {
        var (crash, badLine) = await CrashImageWithCorruptRecordAsync();

        var act = () => StartAsync(crash);

        var error = (await act.Should().ThrowAsync<StoreCorruptedException>()).Which;
        error.FilePath.Should().Be(Path.Combine(crash, "log.jsonl"));
        error.Line.Should().Be(badLine);
        error.Message.Should().Contain(Path.Combine(crash, "log.jsonl")).And.Contain($"line {badLine} ").And.Contain("checksum mismatch")
            .And.Contain($"tdcc sandbox repair --dir {crash}");
    }

    [Fact]
    public async Task Repair_CorruptRecordMidLog_KeepsBackupAndStartsWithEverythingBefore()
    {
        var (crash, badLine) = await CrashImageWithCorruptRecordAsync();
        var original = await File.ReadAllBytesAsync(Path.Combine(crash, "log.jsonl"));

        var result = StoreRepair.Repair(crash);

        result.Changed.Should().BeTrue();
        result.FirstBadLine.Should().Be(badLine);
        result.Problem.Should().Contain("checksum mismatch");
        (await File.ReadAllBytesAsync(result.BackupPath!)).Should().Equal(original);
        result.DroppedLines.Should().Be(20 - 10);
        result.DroppedObjects.Should().Contain(d => d.Contains("default/cm-19", StringComparison.Ordinal));
        await using var repaired = await StartAsync(crash);
        for (var i = 0; i < 20; i++)
        {
            (await repaired.GetAsync(ConfigMaps + $"/cm-{i}")).Code.Should().Be(i < 10 ? 200 : 404, $"cm-{i} is {(i < 10 ? "before" : "at or after")} the corrupt record");
        }

        StoreRepair.Repair(crash).Changed.Should().BeFalse("the repaired log is intact");
    }

    [Fact]
    public void Load_LogWithoutChecksums_ReadsOldFormatAndAppendsNew()
    {
        var dir = Path.Combine(_root, "old");
        Directory.CreateDirectory(dir);
        File.WriteAllText(
            Path.Combine(dir, "log.jsonl"),
            "{\"t\":\"put\",\"r\":\"configmaps\",\"o\":{\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\",\"resourceVersion\":\"1\"}}}\n"
            + "{\"t\":\"put\",\"r\":\"configmaps\",\"o\":{\"metadata\":{\"name\":\"b\",\"namespace\":\"ns\",\"resourceVersion\":\"2\"}}}\n");
        using (var store = new VersionedStore(10, new StorePersistence(dir), _ => true))
        {
            store.Get("configmaps", "ns", "a").Should().NotBeNull();
            store.Create("configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "c", ["namespace"] = "ns" } }, dryRun: false)
                .ResourceVersion.Should().Be(3);
            File.ReadAllLines(Path.Combine(dir, "log.jsonl"))[^1].Should().StartWith("crc32c:");

            // Crash image: the mixed log loads as well.
            var (version, objects) = new StorePersistence(dir).Load();
            version.Should().Be(3);
            objects.Select(o => o.Name).Should().BeEquivalentTo("a", "b", "c");
        }
    }

    [Fact]
    public void Load_TornTail_CutsItBeforeAppending()
    {
        var dir = Path.Combine(_root, "torn");
        using (var store = new VersionedStore(10, new StorePersistence(dir), _ => true))
        {
            store.Create("configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "a", ["namespace"] = "ns" } }, dryRun: false);
            var log = Path.Combine(dir, "log.jsonl");
            var intact = new FileInfo(log).Length;
            File.AppendAllText(log, "crc32c:12345678 {\"t\":");
            var persistence = new StorePersistence(dir);
            persistence.Load().Objects.Should().ContainSingle(o => o.Name == "a");
            persistence.Dispose();
            new FileInfo(log).Length.Should().Be(intact);
        }
    }

    [Fact]
    public void Create_FsyncFails_RolledBackRefusedAndAbsentAfterRestart()
    {
        var dir = Path.Combine(_root, "fsync");
        var failing = false;
        void Flush(SafeFileHandle log)
        {
            if (failing)
            {
                throw new IOException("Input/output error");
            }

            RandomAccess.FlushToDisk(log);
        }

        using (var store = new VersionedStore(10, new StorePersistence(dir) { FlushLog = Flush }, _ => true))
        {
            store.Create("configmaps", Cm("kept"), dryRun: false);
            var (_, watcher, _) = store.Watch("configmaps", null, null, 10);
            failing = true;

            var create = () => store.Create("configmaps", Cm("lost"), dryRun: false);

            create.Should().Throw<StoreUnavailableException>().WithMessage("*Input/output error*");
            store.Get("configmaps", "ns", "lost").Should().BeNull("a write not known durable is rolled back");
            store.Get("configmaps", "ns", "kept").Should().NotBeNull();
            while (watcher.Events.TryRead(out _))
            {
                // The event delivered before the fsync failed.
            }

            watcher.Events.Completion.IsCompleted.Should().BeTrue("watches end so clients re-list what is on disk");
            failing = false;
            var later = () => store.Create("configmaps", Cm("later"), dryRun: false);
            later.Should().Throw<StoreUnavailableException>().WithMessage("*refused until the server restarts*");
        }

        using var reopened = new VersionedStore(10, new StorePersistence(dir), _ => true);
        reopened.Get("configmaps", "ns", "kept").Should().NotBeNull();
        reopened.Get("configmaps", "ns", "lost").Should().BeNull();
        reopened.Get("configmaps", "ns", "later").Should().BeNull();
    }

    [SmallDiskFact]
    public async Task Create_OnFullDisk_FailsAndStaysInvisibleAcrossRestart()
    {
        using var disk = SmallDisk.Mount();
        var dir = Path.Combine(disk.Path, "store");
        await using (var api = await StartAsync(dir))
        {
            (await api.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("kept"))).Code.Should().Be(201);
            disk.Fill();

            var (code, body) = await api.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("lost"));

            code.Should().Be(500);
            ((string?)body["message"]).Should().Contain("storage write failed").And.Contain("log.jsonl");
            (await api.GetAsync(ConfigMaps + "/lost")).Code.Should().Be(404, "a failed write is rolled back");
            disk.Free();
            (await api.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("later"))).Code.Should().Be(201, "writes work again once there is space");
            CopyDirectory(dir, Path.Combine(_root, "crash"));
        }

        foreach (var restartFrom in new[] { dir, Path.Combine(_root, "crash") })
        {
            await using var restarted = await StartAsync(restartFrom);
            (await restarted.GetAsync(ConfigMaps + "/kept")).Code.Should().Be(200);
            (await restarted.GetAsync(ConfigMaps + "/later")).Code.Should().Be(200);
            (await restarted.GetAsync(ConfigMaps + "/lost")).Code.Should().Be(404);
        }
    }

    [SmallDiskFact]
    public async Task Stop_OnFullDisk_KeepsPreviousStateLoadable()
    {
        using var disk = SmallDisk.Mount();
        var dir = Path.Combine(disk.Path, "store");
        await using (var api = await StartAsync(dir))
        {
            (await api.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap("snapshotted"))).Code.Should().Be(201);
        }

        var api2 = await StartAsync(dir);
        for (var i = 0; i < 5; i++)
        {
            (await api2.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap($"logged-{i}", labels: new() { ["pad"] = new string('x', 60) }))).Code.Should().Be(201);
        }

        disk.Fill();
        var stop = async () => await api2.DisposeAsync();
        await stop.Should().NotThrowAsync("the stop's snapshot fails on a full disk, without crashing the stop");
        File.Exists(Path.Combine(dir, "snapshot.json.tmp")).Should().BeFalse();

        disk.Free();
        await using var restarted = await StartAsync(dir);
        (await restarted.GetAsync(ConfigMaps + "/snapshotted")).Code.Should().Be(200);
        for (var i = 0; i < 5; i++)
        {
            (await restarted.GetAsync(ConfigMaps + $"/logged-{i}")).Code.Should().Be(200);
        }
    }

    private static JsonObject Cm(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns" } };

    private static Task<ApiServerHarness> StartAsync(string dir) =>
        ApiServerHarness.StartAsync(new KubeApiServerOptions { ClusterName = "durable", DataDirectory = dir });

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    /// <summary>20 ConfigMaps cm-0..cm-19 in the log of a crash image, with one byte of cm-10's record changed.</summary>
    private async Task<(string Crash, long BadLine)> CrashImageWithCorruptRecordAsync()
    {
        var dir = Path.Combine(_root, "store");
        var crash = Path.Combine(_root, "crash");
        await using (var api = await StartAsync(dir))
        {
            for (var i = 0; i < 20; i++)
            {
                (await api.PostAsync(ConfigMaps, ApiServerHarness.ConfigMap($"cm-{i}"))).Code.Should().Be(201);
            }

            CopyDirectory(dir, crash);
        }

        var log = Path.Combine(crash, "log.jsonl");
        var lines = await File.ReadAllLinesAsync(log);
        var index = Array.FindIndex(lines, l => l.Contains("\"name\":\"cm-10\"", StringComparison.Ordinal));
        index.Should().BePositive();
        lines[index] = lines[index].Replace("\"k\":\"v\"", "\"k\":\"w\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(log, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        return (crash, index + 1);
    }
}
