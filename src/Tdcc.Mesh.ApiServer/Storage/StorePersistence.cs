using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// Keeps a store on disk: a snapshot (<c>snapshot.json</c>, replaced atomically by write-then-rename)
/// plus an append-only log of later writes (<c>log.jsonl</c>). Loading reads the snapshot and replays the log;
/// once the log grows past a bound it is folded into a new snapshot.
/// </summary>
internal sealed class StorePersistence : IDisposable
{
    private const string SnapshotFile = "snapshot.json";
    private const string LogFile = "log.jsonl";
    private readonly string _directory;
    private readonly int _compactAfter;
    private FileStream? _log;
    private int _logEntries;

    public StorePersistence(string directory, int compactAfter = 2000)
    {
        _directory = directory;
        _compactAfter = compactAfter;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Reads the saved state: the resourceVersion counter and the objects.</summary>
    public (long ResourceVersion, IReadOnlyList<StoredObject> Objects) Load()
    {
        var objects = new Dictionary<(string, string), StoredObject>();
        long resourceVersion = 0;
        var snapshotPath = Path.Combine(_directory, SnapshotFile);
        if (File.Exists(snapshotPath))
        {
            var root = JsonNode.Parse(File.ReadAllBytes(snapshotPath))!.AsObject();
            resourceVersion = (long)root["resourceVersion"]!;
            foreach (var entry in root["objects"]!.AsArray().OfType<JsonObject>())
            {
                var stored = Restore(entry);
                objects[(stored.Resource, stored.Key)] = stored;
            }
        }

        var logPath = Path.Combine(_directory, LogFile);
        if (File.Exists(logPath))
        {
            foreach (var line in File.ReadLines(logPath))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                JsonObject entry;
                try
                {
                    entry = JsonNode.Parse(line)!.AsObject();
                }
                catch (JsonException)
                {
                    // A torn final line from a crash mid-append: everything before it is intact.
                    break;
                }

                var stored = Restore(entry);
                resourceVersion = Math.Max(resourceVersion, stored.ResourceVersion);
                if ((string?)entry["t"] == "del")
                {
                    objects.Remove((stored.Resource, stored.Key));
                }
                else
                {
                    objects[(stored.Resource, stored.Key)] = stored;
                }

                _logEntries++;
            }
        }

        return (resourceVersion, objects.Values.ToList());
    }

    /// <summary>Appends one committed event; folds the log into a snapshot when it has grown past its bound.</summary>
    public void Append(WatchEvent watchEvent, Func<IEnumerable<StoredObject>> all, long resourceVersion)
    {
        ArgumentNullException.ThrowIfNull(watchEvent);
        ArgumentNullException.ThrowIfNull(all);
        if (_logEntries >= _compactAfter)
        {
            WriteSnapshot(resourceVersion, all());
            return;
        }

        _log ??= new FileStream(Path.Combine(_directory, LogFile), FileMode.Append, FileAccess.Write, FileShare.Read);
        var line = new StringBuilder(watchEvent.Object.Json.Length + 64)
            .Append("{\"t\":\"").Append(watchEvent.Type == WatchEventType.Deleted ? "del" : "put")
            .Append("\",\"r\":").Append(JsonSerializer.Serialize(watchEvent.Object.Resource, JsonContext.Default.String))
            .Append(",\"o\":").Append(Encoding.UTF8.GetString(watchEvent.Object.Json.Span))
            .Append("}\n");
        _log.Write(Encoding.UTF8.GetBytes(line.ToString()));
        _log.Flush();
        _logEntries++;
    }

    /// <summary>Writes a full snapshot atomically and empties the log.</summary>
    public void WriteSnapshot(long resourceVersion, IEnumerable<StoredObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var temp = Path.Combine(_directory, SnapshotFile + ".tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new Utf8JsonWriter(stream, JsonDefaults.WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteNumber("resourceVersion", resourceVersion);
                writer.WriteStartArray("objects");
                foreach (var stored in objects)
                {
                    writer.WriteStartObject();
                    writer.WriteString("r", stored.Resource);
                    writer.WritePropertyName("o");
                    writer.WriteRawValue(stored.Json.Span, skipInputValidation: true);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(_directory, SnapshotFile), overwrite: true);
        _log?.Dispose();
        _log = new FileStream(Path.Combine(_directory, LogFile), FileMode.Create, FileAccess.Write, FileShare.Read);
        _logEntries = 0;
    }

    public void Dispose() => _log?.Dispose();

    private static StoredObject Restore(JsonObject entry)
    {
        var obj = entry["o"]!.AsObject();
        var resourceVersion = long.Parse((string)obj["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
        return StoredObject.Create((string)entry["r"]!, obj, resourceVersion);
    }
}
