using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>
/// Decodes a watch response: one JSON event per line, <c>{"type":"ADDED","object":{...}}</c>.
/// Lines may arrive split across reads or several in one read; a line may be large (up to a limit).
/// An ERROR event whose Status has code 410 ends the stream with <see cref="KubeApiException"/> (Expired or Gone).
/// </summary>
internal static class WatchStreamReader
{
    /// <summary>The largest event accepted, so a broken stream cannot exhaust memory.</summary>
    public const long DefaultMaxEventBytes = 64L * 1024 * 1024;

    private const byte NewLine = (byte)'\n';

    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(
        Stream stream,
        JsonTypeInfo<T> typeInfo,
        long maxEventBytes = DefaultMaxEventBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var events = new List<WatchEvent<T>>();
        try
        {
            // Bytes of the current (incomplete) line already searched for a newline, so a large line is scanned once.
            long scanned = 0;
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                events.Clear();
                scanned = TakeLines(ref buffer, scanned, typeInfo, events);
                if (buffer.Length > maxEventBytes)
                {
                    throw new KubeApiException($"a watch event is larger than {maxEventBytes} bytes");
                }

                if (result.IsCompleted)
                {
                    // The stream ended: a last line without its newline is still an event; anything else is truncation.
                    if (!IsBlank(buffer))
                    {
                        events.Add(Decode(buffer, typeInfo));
                    }

                    reader.AdvanceTo(buffer.End);
                    foreach (var ev in events)
                    {
                        yield return Checked(ev);
                    }

                    yield break;
                }

                // Keep the incomplete line (consumed up to its start) and wait for bytes past what we have seen.
                reader.AdvanceTo(buffer.Start, buffer.End);
                foreach (var ev in events)
                {
                    yield return Checked(ev);
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Decodes one event line (without its newline).</summary>
    public static WatchEvent<T> Decode<T>(ReadOnlySequence<byte> line, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var json = new Utf8JsonReader(line);
        using var document = JsonDocument.ParseValue(ref json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type", out var typeElement)
            || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("a watch event must be an object with a string 'type'");
        }

        var type = ParseType(typeElement.GetString()!);
        root.TryGetProperty("object", out var obj);
        if (type == WatchEventType.Error)
        {
            var status = obj.ValueKind == JsonValueKind.Object ? obj.Deserialize(KubeJsonContext.Default.Status) : null;
            return new WatchEvent<T>(type, null, status ?? new Status { Message = "watch error without a status" });
        }

        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"watch event {type} has no object");
        }

        try
        {
            return new WatchEvent<T>(type, obj.Deserialize(typeInfo));
        }
        catch (Exception ex) when (UndecodableObject.IsDecodeFailure(ex))
        {
            // One object that does not fit the type must not end the watch of all the others.
            return new WatchEvent<T>(type, null) { Undecodable = UndecodableObject.From(obj, ex) };
        }
    }

    private static long TakeLines<T>(ref ReadOnlySequence<byte> buffer, long scanned, JsonTypeInfo<T> typeInfo, List<WatchEvent<T>> events)
        where T : class
    {
        while (true)
        {
            var newline = buffer.Slice(scanned).PositionOf(NewLine);
            if (newline is null)
            {
                return buffer.Length;
            }

            var line = buffer.Slice(0, newline.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            scanned = 0;
            if (!IsBlank(line))
            {
                events.Add(Decode(line, typeInfo));
            }
        }
    }

    private static WatchEvent<T> Checked<T>(WatchEvent<T> ev)
        where T : class =>
        ev is { Type: WatchEventType.Error, Error: { Code: 410 } status }
            ? throw KubeErrors.FromStatus(status, 410)
            : ev;

    private static WatchEventType ParseType(string type) => type switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        "DELETED" => WatchEventType.Deleted,
        "BOOKMARK" => WatchEventType.Bookmark,
        "ERROR" => WatchEventType.Error,
        _ => throw new JsonException($"unknown watch event type '{type}'"),
    };

    private static bool IsBlank(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or NewLine))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
