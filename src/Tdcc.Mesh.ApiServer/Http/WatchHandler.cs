using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;
using Tdcc.Mesh.ApiServer.Tables;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>
/// Serves <c>?watch=true</c>: a chunked stream of newline-delimited watch events with resourceVersion resume,
/// 410 ERROR events for expired versions, selector transitions, bookmarks and timeoutSeconds.
/// </summary>
internal sealed class WatchHandler
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private readonly ObjectService _objects;
    private readonly KubeApiServerOptions _options;
    private readonly TimeProvider _time;

    public WatchHandler(ObjectService objects, KubeApiServerOptions options, TimeProvider time)
    {
        _objects = objects;
        _options = options;
        _time = time;
    }

    /// <summary>How long a watch from a resourceVersion the server has not reached yet waits for it (kube's watch cache: 3 s).</summary>
    private static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A resourceVersion newer than the store's is waited for briefly, then answered as kube's watch cache does:
    /// 504 Timeout <c>Too large resource version: X, current: Y</c> with cause ResourceVersionTooLarge and Retry-After 1.
    /// </summary>
    private async Task WaitUntilFreshAsync(long resourceVersion, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + (long)(FreshnessWait.TotalSeconds * _time.TimestampFrequency);
        long current;
        while ((current = _objects.Store.ResourceVersion) < resourceVersion)
        {
            if (_time.GetTimestamp() >= deadline)
            {
                throw new ApiException(
                    504,
                    "Timeout",
                    $"Too large resource version: {resourceVersion}, current: {current}",
                    causes: [new StatusCause("ResourceVersionTooLarge", "Too large resource version", string.Empty)],
                    retryAfterSeconds: 1);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task WatchAsync(HttpContext context, ResourceDefinition definition, string? ns, ListOptions listOptions, Negotiated negotiated)
    {
        FieldValues.Check(definition, listOptions.Fields);
        var query = context.Request.Query;
        var rvText = query["resourceVersion"].ToString();
        var sendInitialEvents = ResourceHandler.IsTrue(query["sendInitialEvents"]);
        long? from = null;
        if (!sendInitialEvents && rvText.Length > 0 && rvText != "0")
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw ApiException.BadRequest($"invalid resource version: {rvText}");
            }

            from = parsed;
            await WaitUntilFreshAsync(parsed, context.RequestAborted).ConfigureAwait(false);
        }

        var bookmarks = ResourceHandler.IsTrue(query["allowWatchBookmarks"]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (int.TryParse(query["timeoutSeconds"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var table = negotiated.Representation == Representation.Table;
        context.Response.StatusCode = 200;
        context.Response.ContentType = negotiated.Protobuf ? MediaTypes.Protobuf + ";stream=watch"
            : table ? "application/json;as=Table;v=" + negotiated.Version + ";g=meta.k8s.io" : MediaTypes.Json;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        IReadOnlyList<WatchEvent> initial;
        StoreWatcher watcher;
        long lastVersion;
        try
        {
            (initial, watcher, lastVersion) = _objects.Store.Watch(definition.QualifiedResource, ns, from, _options.WatchQueueLength);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.Expired)
        {
            await WriteLineAsync(context, "ERROR", ApiException.Gone(e.Message).ToStatus(), negotiated, timeout.Token).ConfigureAwait(false);
            return;
        }

        using (watcher)
        {
            await context.Response.StartAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                foreach (var watchEvent in initial)
                {
                    await WriteEventAsync(context, definition, watchEvent, listOptions, negotiated, timeout.Token).ConfigureAwait(false);
                }

                if (sendInitialEvents && bookmarks)
                {
                    await WriteBookmarkAsync(context, definition, lastVersion, initialEventsEnd: true, negotiated, timeout.Token).ConfigureAwait(false);
                }

                await context.Response.Body.FlushAsync(timeout.Token).ConfigureAwait(false);
                await StreamAsync(context, definition, watcher, listOptions, negotiated, bookmarks, lastVersion, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // timeoutSeconds elapsed or the client left: the stream simply ends.
            }
        }
    }

    private static async Task WriteLineAsync(HttpContext context, string type, JsonObject obj, Negotiated negotiated, CancellationToken cancellationToken)
    {
        if (negotiated.Protobuf)
        {
            await context.Response.Body.WriteAsync(ProtobufResponses.WatchFrame(type, obj, negotiated), cancellationToken).ConfigureAwait(false);
            return;
        }

        var line = JsonDefaults.ToUtf8(new JsonObject { ["type"] = type, ["object"] = obj });
        await context.Response.Body.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await context.Response.Body.WriteAsync(Newline, cancellationToken).ConfigureAwait(false);
    }

    private static (string Type, StoredObject Object)? Translate(WatchEvent watchEvent, ListOptions options)
    {
        var everything = options.Labels.IsEverything && options.Fields.IsEverything;
        var current = everything || FieldValues.Matches(watchEvent.Object, options);
        switch (watchEvent.Type)
        {
            case WatchEventType.Added:
                return current ? ("ADDED", watchEvent.Object) : null;
            case WatchEventType.Deleted:
                return current ? ("DELETED", watchEvent.Object) : null;
            default:
                var previous = everything || (watchEvent.Previous is { } p && FieldValues.Matches(p, options));
                return (current, previous) switch
                {
                    (true, true) => ("MODIFIED", watchEvent.Object),
                    (true, false) => ("ADDED", watchEvent.Object),
                    (false, true) => ("DELETED", watchEvent.Object),
                    _ => null,
                };
        }
    }

    private async Task StreamAsync(HttpContext context, ResourceDefinition definition, StoreWatcher watcher, ListOptions listOptions, Negotiated negotiated, bool bookmarks, long lastVersion, CancellationToken cancellationToken)
    {
        var reader = watcher.Events;
        using var timer = bookmarks ? new PeriodicTimer(_options.BookmarkInterval, _time) : null;
        Task<bool>? read = null;
        Task<bool>? tick = null;
        while (true)
        {
            read ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            if (timer is not null)
            {
                tick ??= timer.WaitForNextTickAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(read, tick).ConfigureAwait(false) == tick)
                {
                    await tick.ConfigureAwait(false);
                    tick = null;
                    await WriteBookmarkAsync(context, definition, lastVersion, initialEventsEnd: false, negotiated, cancellationToken).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            var more = await read.ConfigureAwait(false);
            read = null;
            if (!more)
            {
                // Closed: the server is stopping, or this watcher fell too far behind. The client re-watches.
                return;
            }

            while (watcher.TryRead(out var watchEvent))
            {
                lastVersion = watchEvent.ResourceVersion;
                await WriteEventAsync(context, definition, watchEvent, listOptions, negotiated, cancellationToken).ConfigureAwait(false);
            }

            await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteEventAsync(HttpContext context, ResourceDefinition definition, WatchEvent watchEvent, ListOptions listOptions, Negotiated negotiated, CancellationToken cancellationToken)
    {
        if (Translate(watchEvent, listOptions) is not { } translated)
        {
            return;
        }

        if (negotiated.Protobuf)
        {
            await WriteLineAsync(context, translated.Type, ObjectService.Present(definition, translated.Object), negotiated, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (negotiated.Representation == Representation.Table)
        {
            var rows = TableConverter.ToTable(definition, [ObjectService.Present(definition, translated.Object)], translated.Object.ResourceVersion.ToString(CultureInfo.InvariantCulture), null, null, IncludeObject.Metadata, _time.GetUtcNow());
            await WriteLineAsync(context, translated.Type, rows, negotiated, cancellationToken).ConfigureAwait(false);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(translated.Object.Json.Length + 48);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", translated.Type);
            writer.WritePropertyName("object");
            if (definition.IsCustom)
            {
                ObjectService.Present(definition, translated.Object).WriteTo(writer);
            }
            else
            {
                writer.WriteRawValue(translated.Object.Json.Span, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        buffer.Write(Newline);
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteBookmarkAsync(HttpContext context, ResourceDefinition definition, long resourceVersion, bool initialEventsEnd, Negotiated negotiated, CancellationToken cancellationToken)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return WriteLineAsync(context, "BOOKMARK", new JsonObject { ["kind"] = definition.Kind, ["apiVersion"] = definition.ApiVersion, ["metadata"] = metadata }, negotiated, cancellationToken);
    }
}
