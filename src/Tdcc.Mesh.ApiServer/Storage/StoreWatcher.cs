using System.Threading.Channels;

namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// A registered watch on one resource (optionally one namespace). Events arrive on a bounded channel;
/// a watcher that falls behind is closed rather than buffered without bound, and the client re-watches.
/// </summary>
internal sealed class StoreWatcher : IDisposable
{
    private readonly Channel<WatchEvent> _channel;
    private readonly Action<StoreWatcher> _unregister;
    private int _closed;

    public StoreWatcher(string resource, string? ns, int capacity, Action<StoreWatcher> unregister)
    {
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
        if (_channel.Writer.TryWrite(watchEvent))
        {
            return true;
        }

        Overflowed = true;
        Close();
        return false;
    }

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
