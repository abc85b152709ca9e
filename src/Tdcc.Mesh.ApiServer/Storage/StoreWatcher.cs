using System.Threading.Channels;

namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// A registered watch on one resource (optionally one namespace). Events arrive on a bounded channel;
/// a watcher that falls behind (more than its capacity in events, or its byte bound in objects) is closed rather than
/// buffered without bound, and the client re-watches.
/// </summary>
internal sealed class StoreWatcher : IDisposable
{
    private readonly Channel<WatchEvent> _channel;
    private readonly Action<StoreWatcher> _unregister;
    private readonly long _maxBytes;
    private long _queuedBytes;
    private int _closed;

    public StoreWatcher(string resource, string? ns, int capacity, Action<StoreWatcher> unregister, long maxBytes = long.MaxValue)
    {
        _maxBytes = maxBytes;
        Resource = resource;
        Namespace = ns;
        _unregister = unregister;
        _channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Resource { get; }

    public string? Namespace { get; }

    /// <summary>True when the watcher was closed because it could not keep up.</summary>
    public bool Overflowed { get; private set; }

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    /// <summary>True when the event concerns this watcher.</summary>
    public bool Wants(WatchEvent watchEvent) =>
        string.Equals(watchEvent.Object.Resource, Resource, StringComparison.Ordinal)
        && (Namespace is null || string.Equals(Namespace, watchEvent.Object.Namespace, StringComparison.Ordinal));

    /// <summary>Queues an event; returns false (and closes the watcher) when its buffer is full.</summary>
    public bool TryDeliver(WatchEvent watchEvent)
    {
        var bytes = BytesOf(watchEvent);
        var queued = Interlocked.Add(ref _queuedBytes, bytes);

        // One event is always accepted into an empty queue, however large.
        if ((queued <= _maxBytes || queued == bytes) && _channel.Writer.TryWrite(watchEvent))
        {
            return true;
        }

        Interlocked.Add(ref _queuedBytes, -bytes);

        Overflowed = true;
        Close();
        return false;
    }

    /// <summary>Bytes of objects queued and not read yet.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Takes the next queued event, if any (readers use this rather than <see cref="Events"/> so the byte count follows).</summary>
    public bool TryRead([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out WatchEvent watchEvent)
    {
        if (!_channel.Reader.TryRead(out watchEvent))
        {
            return false;
        }

        Interlocked.Add(ref _queuedBytes, -BytesOf(watchEvent));
        return true;
    }

    private static long BytesOf(WatchEvent watchEvent) => watchEvent.Object.Json.Length + (watchEvent.Previous?.Json.Length ?? 0);

    /// <summary>Ends the event stream.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _channel.Writer.TryComplete();
        }
    }

    public void Dispose()
    {
        Close();
        _unregister(this);
    }
}
