using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Diagnostics;

namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>
/// List, then watch from the list's resourceVersion with bookmarks. A watch that ends or drops resumes from
/// the last resourceVersion seen; a <c>410 Gone</c> relists, and the relist is diffed against the cache so
/// handlers see updates for changed objects and synthetic deletes for vanished ones. Failures reconnect
/// with exponential backoff.
/// An object the server holds that does not decode into <typeparamref name="T"/> is skipped, logged once per
/// version with its key and the decode error, and counted (<c>tdcc.informer.undecodable_objects</c>); every other
/// object is still served. The cache keeps its last good version (if any) until a valid version replaces it or
/// its deletion removes it.
/// </summary>
internal sealed partial class SharedInformer<T> : ISharedInformer<T>
    where T : class, IKubeObject
{
    private readonly IResourceClient<T> client;
    private readonly InformerOptions<T> options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly InformerStore<T> store;
    private readonly Lock dispatchGate = new();
    private readonly List<IInformerHandler<T>> handlers = [];
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RuntimeInstruments? instruments;

    // Objects last seen undecodable, with the resourceVersion reported (each version is logged and counted once).
    private readonly Dictionary<ObjectKey, string?> undecodable = [];

    public SharedInformer(
        IResourceClient<T> client,
        InformerOptions<T> options,
        TimeProvider time,
        ILogger<SharedInformer<T>> logger,
        RuntimeInstruments? instruments = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        this.options = options;
        this.time = time;
        this.logger = logger;
        this.instruments = instruments;
        store = new InformerStore<T>(new Dictionary<string, Func<T, IEnumerable<string>>>(options.Indexers));
    }

    public IInformerStore<T> Store => store;

    public ResourceType Resource => client.Resource;

    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>Keys of the objects whose newest version seen did not decode.</summary>
    internal IReadOnlyCollection<ObjectKey> UndecodableKeys
    {
        get
        {
            lock (dispatchGate)
            {
                return [.. undecodable.Keys];
            }
        }
    }

    public Task ReadyAsync(CancellationToken cancellationToken = default) => synced.Task.WaitAsync(cancellationToken);

    public IDisposable AddEventHandler(IInformerHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (dispatchGate)
        {
            foreach (var obj in store.List())
            {
                Deliver(handler, h => h.OnAdd(obj));
            }

            handlers.Add(handler);
        }

        return new Subscription(this, handler);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                }

                await WatchAsync(cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (KubeApiException ex) when (ex.IsGone)
            {
                Log.Expired(logger, Resource, store.ResourceVersion);
                needList = true;
            }
#pragma warning disable CA1031 // Any failure of the connection is retried with backoff; the loop must not die.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                var delay = ReconnectDelay(failures);
                Log.WatchFailed(logger, ex, Resource, store.ResourceVersion, delay);
                try
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    internal TimeSpan ReconnectDelay(int failures)
    {
        var ticks = options.MinReconnectDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        return ticks >= options.MaxReconnectDelay.Ticks ? options.MaxReconnectDelay : TimeSpan.FromTicks((long)ticks);
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var bad = new List<UndecodableObject>();
        string? resourceVersion = null;
        string? continueToken = null;
        do
        {
            var page = await client.ListAsync(
                new ListOptions
                {
                    Namespace = options.Namespace,
                    LabelSelector = options.LabelSelector,
                    FieldSelector = options.FieldSelector,
                    Limit = options.PageSize > 0 ? options.PageSize : null,
                    Continue = continueToken,
                },
                cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
            bad.AddRange(page.Undecodable);
            resourceVersion ??= page.Metadata.ResourceVersion;
            continueToken = string.IsNullOrEmpty(page.Metadata.Continue) ? null : page.Metadata.Continue;
        }
        while (continueToken is not null);

        lock (dispatchGate)
        {
            // An undecodable object keeps its last good version in the cache: it still exists on the server.
            var stillBad = new HashSet<ObjectKey>();
            foreach (var item in bad)
            {
                ReportUndecodable(item);
                if (item.Key is { } key)
                {
                    stillBad.Add(key);
                    if (store.GetByKey(key) is { } lastGood)
                    {
                        items.Add(lastGood);
                    }
                }
            }

            foreach (var key in undecodable.Keys.Where(k => !stillBad.Contains(k)).ToList())
            {
                undecodable.Remove(key);
            }

            var diff = store.Replace(items, resourceVersion);
            foreach (var obj in diff.Added)
            {
                Dispatch(h => h.OnAdd(obj));
            }

            foreach (var (old, updated) in diff.Updated)
            {
                Dispatch(h => h.OnUpdate(old, updated));
            }

            foreach (var obj in diff.Deleted)
            {
                Dispatch(h => h.OnDelete(obj));
            }
        }

        Log.Listed(logger, Resource, items.Count, resourceVersion);
        synced.TrySetResult();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var watchOptions = new WatchOptions
        {
            Namespace = options.Namespace,
            LabelSelector = options.LabelSelector,
            FieldSelector = options.FieldSelector,
            ResourceVersion = store.ResourceVersion,
            AllowWatchBookmarks = true,
            Timeout = options.WatchTimeout,
        };
        await foreach (var watchEvent in client.WatchAsync(watchOptions, cancellationToken).ConfigureAwait(false))
        {
            Apply(watchEvent);
        }
    }

    private void Apply(WatchEvent<T> watchEvent)
    {
        if (watchEvent.Type == WatchEventType.Error)
        {
            var code = watchEvent.Error?.Code ?? 0;
            var reason = code == 410 ? KubeErrorReason.Expired : KubeErrorReason.Unknown;
            throw new KubeApiException(reason, code, watchEvent.Error?.Message ?? "watch error event", watchEvent.Error);
        }

        if (watchEvent.Undecodable is { } bad)
        {
            ApplyUndecodable(watchEvent.Type, bad);
            return;
        }

        if (watchEvent.Object is not { } obj)
        {
            return;
        }

        lock (dispatchGate)
        {
            switch (watchEvent.Type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    undecodable.Remove(ObjectKey.Of(obj));
                    var old = store.Upsert(obj);
                    if (old is null)
                    {
                        Dispatch(h => h.OnAdd(obj));
                    }
                    else
                    {
                        Dispatch(h => h.OnUpdate(old, obj));
                    }

                    break;
                case WatchEventType.Deleted:
                    undecodable.Remove(ObjectKey.Of(obj));
                    var last = store.Remove(ObjectKey.Of(obj)) ?? obj;
                    Dispatch(h => h.OnDelete(last));
                    break;
                default:
                    // A bookmark only moves the resourceVersion.
                    break;
            }

            if (obj.Metadata.ResourceVersion is { Length: > 0 } resourceVersion)
            {
                store.ResourceVersion = resourceVersion;
            }
        }
    }

    private void ApplyUndecodable(WatchEventType type, UndecodableObject bad)
    {
        lock (dispatchGate)
        {
            if (type == WatchEventType.Deleted)
            {
                // The deletion is still seen: the last good version (if handlers ever saw one) is deleted.
                if (bad.Key is { } key)
                {
                    undecodable.Remove(key);
                    if (store.Remove(key) is { } last)
                    {
                        Dispatch(h => h.OnDelete(last));
                    }
                }
            }
            else if (type is WatchEventType.Added or WatchEventType.Modified)
            {
                ReportUndecodable(bad);
            }

            if (bad.ResourceVersion is { Length: > 0 } resourceVersion)
            {
                store.ResourceVersion = resourceVersion;
            }
        }
    }

    /// <summary>Logs and counts an undecodable object once per key and resourceVersion.</summary>
    private void ReportUndecodable(UndecodableObject bad)
    {
        if (bad.Key is { } key)
        {
            if (undecodable.TryGetValue(key, out var reported) && string.Equals(reported, bad.ResourceVersion, StringComparison.Ordinal))
            {
                return;
            }

            undecodable[key] = bad.ResourceVersion;
        }

        Log.Undecodable(logger, Resource, bad.Key?.ToString() ?? "<unnamed>", bad.ResourceVersion, bad.Error);
        instruments?.InformerUndecodableObjects.Add(1, new KeyValuePair<string, object?>("resource", Resource.ToString()));
    }

    private void Dispatch(Action<IInformerHandler<T>> action)
    {
        foreach (var handler in handlers)
        {
            Deliver(handler, action);
        }
    }

    private void Deliver(IInformerHandler<T> handler, Action<IInformerHandler<T>> action)
    {
        try
        {
            action(handler);
        }
#pragma warning disable CA1031 // One faulty handler must not stop the others or the informer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(logger, ex, Resource);
        }
    }

    private void Unsubscribe(IInformerHandler<T> handler)
    {
        lock (dispatchGate)
        {
            handlers.Remove(handler);
        }
    }

    private sealed class Subscription(SharedInformer<T> informer, IInformerHandler<T> handler) : IDisposable
    {
        public void Dispose() => informer.Unsubscribe(handler);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, EventName = "InformerListed", Level = LogLevel.Debug,
            Message = "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
        public static partial void Listed(ILogger logger, ResourceType resource, int count, string? resourceVersion);

        [LoggerMessage(EventId = 1201, EventName = "InformerExpired", Level = LogLevel.Information,
            Message = "Watch of {Resource} expired at resourceVersion {ResourceVersion}; relisting")]
        public static partial void Expired(ILogger logger, ResourceType resource, string? resourceVersion);

        [LoggerMessage(EventId = 1202, EventName = "InformerWatchFailed", Level = LogLevel.Warning,
            Message = "Watch of {Resource} failed at resourceVersion {ResourceVersion}; reconnecting in {Delay}")]
        public static partial void WatchFailed(ILogger logger, Exception exception, ResourceType resource, string? resourceVersion, TimeSpan delay);

        [LoggerMessage(EventId = 1203, EventName = "InformerHandlerFailed", Level = LogLevel.Error,
            Message = "An event handler of the {Resource} informer failed")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, ResourceType resource);

        [LoggerMessage(EventId = 1204, EventName = "InformerUndecodableObject", Level = LogLevel.Warning,
            Message = "The {Resource} informer skips {Key} at resourceVersion {ResourceVersion}: it does not decode ({Error}); the other objects are still served")]
        public static partial void Undecodable(ILogger logger, ResourceType resource, string key, string? resourceVersion, string error);
    }
}
