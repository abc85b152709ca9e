using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// Keeps a store on disk: a snapshot (<c>snapshot.json</c>) plus an append-only log of later writes (<c>log.jsonl</c>,
/// one CRC-32C-checksummed record per line, see <see cref="LogRecord"/>). A write is appended under the store's lock
/// and made durable by <see cref="WaitDurable"/> outside it: one fsync covers every record appended before it started
/// (group commit), so concurrent writers share fsyncs. Snapshots are written to a temporary file, fsynced, renamed over
/// the old one and the directory fsynced; once the log grows past a bound it is folded into a new snapshot.
/// </summary>
internal sealed partial class StorePersistence : IDisposable
{
    public const string SnapshotFile = "snapshot.json";
    public const string LogFile = "log.jsonl";
    private readonly string _directory;
    private readonly string _logPath;
    private readonly int _compactAfter;
    private readonly ILogger _logger;
    private readonly Lock _syncGate = new();
    private SafeFileHandle? _log;
    private long _fileLength;
    private long _written;
    private int _logEntries;
    private long _snapshotVersion;
    private bool _disposed;

    // Guarded by _syncGate: bytes known durable (logical, counted like _written), the fsync in progress, a failed fsync.
    private long _durable;
    private TaskCompletionSource? _syncing;
    private Exception? _failure;

    public StorePersistence(string directory, int compactAfter = 2000, ILogger? logger = null)
    {
        _directory = Path.GetFullPath(directory);
        _logPath = Path.Combine(_directory, LogFile);
        _compactAfter = compactAfter;
        _logger = logger ?? NullLogger.Instance;
        Directory.CreateDirectory(_directory);
    }

    /// <summary>The fsync of the log behind group commit; tests substitute a failing one (fault injection of the OS call).</summary>
    internal Action<SafeFileHandle> FlushLog { get; init; } = RandomAccess.FlushToDisk;

    /// <summary>The log file.</summary>
    public string LogPath => _logPath;

    /// <summary>True once the log has grown past its bound and the next write should fold it into a snapshot.</summary>
    public bool ShouldCompact => _logEntries >= _compactAfter;

    /// <summary>How far the log has been written (not necessarily fsynced); what the last <see cref="Append"/> returned.</summary>
    public long WrittenPosition => Volatile.Read(ref _written);

    /// <summary>How far the log is known to be on disk, comparable with what <see cref="Append"/> returns.</summary>
    public long DurablePosition
    {
        get
        {
            lock (_syncGate)
            {
                return _durable;
            }
        }
    }

    /// <summary>True after an fsync failed: what the disk holds is unknown, so writes are refused until a restart.</summary>
    public bool Failed
    {
        get
        {
            lock (_syncGate)
            {
                return _failure is not null;
            }
        }
    }

    /// <summary>
    /// Reads the saved state: the resourceVersion counter and the objects. A torn last record (an append a crash cut
    /// short) is cut off the log, with a warning, before anything is appended. A record that fails its checksum before
    /// the end, or an unreadable snapshot, throws <see cref="StoreCorruptedException"/>: nothing is loaded partially.
    /// </summary>
    public (long ResourceVersion, IReadOnlyList<StoredObject> Objects) Load()
    {
        var objects = new Dictionary<(string, string), StoredObject>();
        long resourceVersion = 0;
        var snapshotPath = Path.Combine(_directory, SnapshotFile);
        File.Delete(snapshotPath + ".tmp");
        if (File.Exists(snapshotPath))
        {
            try
            {
                var root = JsonNode.Parse(File.ReadAllBytes(snapshotPath))!.AsObject();
                resourceVersion = (long)root["resourceVersion"]!;
                foreach (var entry in root["objects"]!.AsArray().OfType<JsonObject>())
                {
                    var stored = Restore(entry);
                    objects[(stored.Resource, stored.Key)] = stored;
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
            {
                throw new StoreCorruptedException(
                    $"{snapshotPath}: the snapshot cannot be read ({e.Message}); the server does not start. It is replaced only by a complete, fsynced file, so this is damage from outside: restore it from a backup.",
                    snapshotPath,
                    0,
                    0);
            }
        }

        _snapshotVersion = resourceVersion;
        var bytes = File.Exists(_logPath) ? File.ReadAllBytes(_logPath) : [];
        var scan = LogScan.Read(bytes);
        if (scan.Corrupted)
        {
            throw new StoreCorruptedException(CorruptionMessage(_logPath, scan), _logPath, scan.BadLine, scan.ValidLength);
        }

        var line = 0;
        foreach (var record in scan.Records)
        {
            line++;
            JsonObject entry;
            StoredObject stored;
            try
            {
                entry = JsonNode.Parse(record.Span)!.AsObject();
                stored = Restore(entry);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
            {
                throw new StoreCorruptedException($"{_logPath}: record {line} passes its checksum but is not a stored object ({e.Message}); the server does not start. {RepairAdvice(_directory)}", _logPath, line, 0);
            }

            _logEntries++;
            if (stored.ResourceVersion <= _snapshotVersion)
            {
                // Already folded into the snapshot (a compaction whose log truncation did not complete).
                continue;
            }

            resourceVersion = Math.Max(resourceVersion, stored.ResourceVersion);
            if ((string?)entry["t"] == "del")
            {
                objects.Remove((stored.Resource, stored.Key));
            }
            else
            {
                objects[(stored.Resource, stored.Key)] = stored;
            }
        }

        _log = File.OpenHandle(_logPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        _fileLength = scan.ValidLength;
        if (scan.TornBytes > 0)
        {
            RandomAccess.SetLength(_log, scan.ValidLength);
            RandomAccess.FlushToDisk(_log);
            LogTornTail(_logger, _logPath, scan.TornBytes, scan.ValidLength);
        }

        return (resourceVersion, objects.Values.ToList());
    }

    /// <summary>
    /// Writes one committed event to the log (not yet fsynced) and returns the position <see cref="WaitDurable"/> waits
    /// for. Called under the store's lock, before the event is applied: when the write fails, the partial record is cut
    /// off again and <see cref="StoreUnavailableException"/> says the change was not made.
    /// </summary>
    public long Append(WatchEvent watchEvent)
    {
        ArgumentNullException.ThrowIfNull(watchEvent);
        ThrowIfUnusable();
        var bytes = LogRecord.Encode(watchEvent);
        if (_log is null)
        {
            _log = File.OpenHandle(_logPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            _fileLength = RandomAccess.GetLength(_log);
        }

        try
        {
            RandomAccess.Write(_log, bytes, _fileLength);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(_logger, _logPath, watchEvent.Object.Resource, watchEvent.Object.Key, e);
            try
            {
                RandomAccess.SetLength(_log, _fileLength);
            }
            catch (Exception truncate) when (truncate is IOException or UnauthorizedAccessException)
            {
                Fail(truncate);
            }

            throw new StoreUnavailableException($"storage write failed ({_logPath}: {e.Message}); the change was not made", e);
        }

        _fileLength += bytes.Length;
        _logEntries++;
        Volatile.Write(ref _written, _written + bytes.Length);
        return _written;
    }

    /// <summary>
    /// Returns once everything up to <paramref name="position"/> is on disk. The first waiter runs an fsync for every
    /// record appended so far; those arriving meanwhile wait for it and then, if still needed, run the next one.
    /// Throws <see cref="StoreUnavailableException"/> when an fsync fails.
    /// </summary>
    public void WaitDurable(long position)
    {
        while (true)
        {
            TaskCompletionSource leader;
            Task? running = null;
            lock (_syncGate)
            {
                if (_durable >= position)
                {
                    return;
                }

                if (_failure is not null)
                {
                    throw Unavailable(_failure);
                }

                if (_syncing is not null)
                {
                    running = _syncing.Task;
                    leader = null!;
                }
                else
                {
                    leader = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _syncing = leader;
                }
            }

            if (running is not null)
            {
                // Task.Wait (not a monitor) so the thread pool knows this thread is blocked and keeps others running.
                running.Wait();
                continue;
            }

            Sync(leader);
        }
    }

    /// <summary>
    /// Writes a full snapshot (temporary file, fsync, rename, directory fsync) and empties the log. Called under the
    /// store's lock. When it fails (a full disk) the previous snapshot and the log are untouched and the error is thrown.
    /// </summary>
    public void WriteSnapshot(long resourceVersion, IEnumerable<StoredObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ThrowIfUnusable();
        var temp = Path.Combine(_directory, SnapshotFile + ".tmp");
        try
        {
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
            DirectorySync.Flush(_directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            LogSnapshotFailed(_logger, _directory, e);
            throw;
        }

        _snapshotVersion = resourceVersion;
        _logEntries = 0;
        TruncateLogAfterSnapshot();
    }

    /// <summary>Defers the next compaction by another full log (after a snapshot could not be written).</summary>
    public void PostponeCompaction() => _logEntries = 0;

    /// <summary>
    /// After a failed fsync: cuts the log back to what is known durable, so that the writes about to be rolled back in
    /// memory do not come back at the next start. Best effort: the disk already failed once.
    /// </summary>
    public void DiscardUndurable()
    {
        long durable;
        lock (_syncGate)
        {
            durable = _durable;
        }

        var keep = _fileLength - (_written - durable);
        if (_log is null || keep < 0 || keep >= _fileLength)
        {
            return;
        }

        try
        {
            RandomAccess.SetLength(_log, keep);
            _fileLength = keep;
            Volatile.Write(ref _written, durable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            LogSyncFailed(_logger, _logPath, e);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _log?.Dispose();
    }

    internal static string CorruptionMessage(string logPath, LogScan scan) =>
        $"{logPath}: line {scan.BadLine} (byte offset {scan.ValidLength}) is corrupt: {scan.Problem}. "
        + $"Loading would silently drop it and the {scan.LinesFromBad - 1} line(s) after it, so the server does not start. "
        + RepairAdvice(Path.GetDirectoryName(logPath)!);

    internal static StoredObject Restore(JsonObject entry)
    {
        var obj = entry["o"]!.AsObject();
        var resourceVersion = long.Parse((string)obj["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
        return StoredObject.Create((string)entry["r"]!, obj, resourceVersion);
    }

    private static string RepairAdvice(string directory) =>
        $"To start with the records before it, run: tdcc sandbox repair --dir {directory} "
        + $"(it saves a copy of {LogFile} beside it, cuts the log at the first bad record and lists what it dropped).";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next start, which deletes it before loading.
        }
    }

    private void Sync(TaskCompletionSource leader)
    {
        long target;
        lock (_syncGate)
        {
            target = Volatile.Read(ref _written);
        }

        Exception? failure = null;
        try
        {
            FlushLog(_log!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            failure = e;
            LogSyncFailed(_logger, _logPath, e);
        }

        lock (_syncGate)
        {
            if (failure is null)
            {
                _durable = Math.Max(_durable, target);
            }
            else
            {
                _failure ??= failure;
            }

            _syncing = null;
        }

        leader.SetResult();
    }

    private void TruncateLogAfterSnapshot()
    {
        // The snapshot (durable now) holds every record written so far: wait out a running fsync, then empty the log.
        while (true)
        {
            Task running;
            lock (_syncGate)
            {
                if (_syncing is null)
                {
                    _durable = _written;
                    break;
                }

                running = _syncing.Task;
            }

            running.Wait();
        }

        if (_log is null)
        {
            return;
        }

        try
        {
            RandomAccess.SetLength(_log, 0);
            RandomAccess.FlushToDisk(_log);
            _fileLength = 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Harmless: the records left behind are older than the snapshot and skipped when loading.
            LogSnapshotFailed(_logger, _directory, e);
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_syncGate)
        {
            if (_failure is not null)
            {
                throw Unavailable(_failure);
            }
        }
    }

    private void Fail(Exception e)
    {
        lock (_syncGate)
        {
            _failure ??= e;
        }
    }

    private StoreUnavailableException Unavailable(Exception failure) =>
        new($"storage failed ({_logPath}: {failure.Message}); writes are refused until the server restarts", failure);

    [LoggerMessage(EventId = 2050, Level = LogLevel.Warning, Message = "{LogPath}: cut a torn last record of {Bytes} bytes (an append interrupted by a crash, never acknowledged); the log now ends at byte {Length}")]
    private static partial void LogTornTail(ILogger logger, string logPath, long bytes, long length);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Error, Message = "{LogPath}: writing {Resource} {Key} failed; the change is not applied")]
    private static partial void LogWriteFailed(ILogger logger, string logPath, string resource, string key, Exception exception);

    [LoggerMessage(EventId = 2052, Level = LogLevel.Critical, Message = "{LogPath}: fsync failed; unacknowledged writes are rolled back and writes are refused until a restart")]
    private static partial void LogSyncFailed(ILogger logger, string logPath, Exception exception);

    [LoggerMessage(EventId = 2053, Level = LogLevel.Error, Message = "{Directory}: writing the snapshot failed; the previous snapshot and the log are kept")]
    private static partial void LogSnapshotFailed(ILogger logger, string directory, Exception exception);
}
