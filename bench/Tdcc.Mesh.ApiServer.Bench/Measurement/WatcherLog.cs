using System.Diagnostics;

namespace Tdcc.Mesh.ApiServer.Bench.Measurement;

/// <summary>What one watcher received and when. Written only by its own watch loop; read after the loop has ended.</summary>
internal sealed class WatcherLog
{
    private readonly List<(long Version, long At)> _events;
    private readonly Action _onReady;
    private long _lastVersion;
    private int _ready;
    private int _closed;

    public WatcherLog(int expectedEvents, Action onReady)
    {
        _events = new List<(long, long)>(expectedEvents);
        _onReady = onReady;
    }

    /// <summary>The newest version this watcher has received.</summary>
    public long LastVersion => Volatile.Read(ref _lastVersion);

    /// <summary>True when the server ended the stream before the benchmark did.</summary>
    public bool Closed => Volatile.Read(ref _closed) != 0;

    /// <summary>(version, Stopwatch timestamp) of every event received.</summary>
    public IReadOnlyList<(long Version, long At)> Events => _events;

    /// <summary>The watch is established: events written from now on reach it.</summary>
    public void Ready()
    {
        if (Interlocked.Exchange(ref _ready, 1) == 0)
        {
            _onReady();
        }
    }

    /// <summary>An event for <paramref name="version"/> arrived now.</summary>
    public void Received(long version)
    {
        _events.Add((version, Stopwatch.GetTimestamp()));
        Volatile.Write(ref _lastVersion, version);
    }

    /// <summary>The server ended the stream.</summary>
    public void MarkClosed() => Volatile.Write(ref _closed, 1);
}
