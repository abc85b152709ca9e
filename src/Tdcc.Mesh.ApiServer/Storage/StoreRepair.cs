using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// Repairs a store directory whose log holds a corrupt record (the API server refuses to start on one): keeps a copy
/// of the log, cuts it at the first bad record and reports what was dropped. The server must not run on the directory.
/// </summary>
public static class StoreRepair
{
    private const int MaxListed = 50;

    /// <summary>True when <paramref name="directory"/> holds a store (a snapshot or a log).</summary>
    public static bool IsStoreDirectory(string directory) =>
        File.Exists(Path.Combine(directory, StorePersistence.LogFile)) || File.Exists(Path.Combine(directory, StorePersistence.SnapshotFile));

    /// <summary>
    /// Checks the log of the store in <paramref name="directory"/>; when a record fails its check (or the last one is
    /// torn), copies the log to <c>log.jsonl.bak-&lt;UTC time&gt;</c> and truncates it before that record.
    /// </summary>
    public static StoreRepairResult Repair(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        time ??= TimeProvider.System;
        var logPath = Path.Combine(Path.GetFullPath(directory), StorePersistence.LogFile);
        if (!File.Exists(logPath))
        {
            return new StoreRepairResult(logPath, null, 0, 0, 0, 0, null, []);
        }

        var bytes = File.ReadAllBytes(logPath);
        var scan = LogScan.Read(bytes);
        if (!scan.Corrupted && scan.TornBytes == 0)
        {
            return new StoreRepairResult(logPath, null, scan.Records.Count, 0, 0, 0, null, []);
        }

        var backup = logPath + ".bak-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        File.Copy(logPath, backup, overwrite: false);
        using (var stream = new FileStream(backup, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            stream.Flush(flushToDisk: true);
        }

        using (var stream = new FileStream(logPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            stream.SetLength(scan.ValidLength);
            stream.Flush(flushToDisk: true);
        }

        DirectorySync.Flush(Path.GetDirectoryName(logPath)!);
        var dropped = bytes.AsMemory((int)scan.ValidLength);
        return new StoreRepairResult(
            logPath,
            backup,
            scan.Records.Count,
            scan.Corrupted ? scan.LinesFromBad : 1,
            dropped.Length,
            scan.Corrupted ? scan.BadLine : scan.Records.Count + 1,
            scan.Problem ?? "torn last record (no newline: an append interrupted by a crash)",
            Describe(dropped));
    }

    private static List<string> Describe(ReadOnlyMemory<byte> dropped)
    {
        var names = new List<string>();
        foreach (var line in LinesOf(dropped))
        {
            if (names.Count == MaxListed)
            {
                names.Add("...");
                break;
            }

            if (LogRecord.Verify(line, out _) is { } payload)
            {
                names.Add(TryName(payload, out var name) ? name : "(unreadable record)");
            }
            else
            {
                // The bad record itself: name what it seems to hold, marked as damaged.
                var start = line.Span.IndexOf((byte)'{');
                names.Add(start >= 0 && TryName(line[start..], out var name) ? name + " (damaged record)" : "(unreadable record)");
            }
        }

        return names;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> LinesOf(ReadOnlyMemory<byte> text)
    {
        while (!text.IsEmpty)
        {
            var newline = text.Span.IndexOf((byte)'\n');
            var line = newline < 0 ? text : text[..newline];
            text = newline < 0 ? ReadOnlyMemory<byte>.Empty : text[(newline + 1)..];
            if (!line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                yield return line;
            }
        }
    }

    private static bool TryName(ReadOnlyMemory<byte> payload, out string name)
    {
        try
        {
            var entry = JsonNode.Parse(payload.Span)!.AsObject();
            var stored = StorePersistence.Restore(entry);
            name = $"{(string?)entry["t"]} {stored.Resource} {stored.Key} rv {stored.ResourceVersion}";
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            name = string.Empty;
            return false;
        }
    }
}
