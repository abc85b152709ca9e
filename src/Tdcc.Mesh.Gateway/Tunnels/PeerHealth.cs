using System.Collections.Concurrent;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// What the active probes (<see cref="PeerProber"/>) know of each peer gateway: whether it is down (no probe answered
/// for a while), and a token that is cancelled when it goes down, so the requests waiting on it that are safe to send
/// again (<see cref="PeerDownHandler"/>) are given up at once and tried on another cluster.
/// </summary>
internal sealed class PeerHealth
{
    private readonly ConcurrentDictionary<string, Entry> _peers = new(StringComparer.Ordinal);

    /// <summary>Whether the probes find <paramref name="cluster"/>'s gateway unreachable (it is then tried only after every other cluster).</summary>
    public bool IsDown(string cluster) => _peers.TryGetValue(cluster, out var entry) && entry.Down;

    /// <summary>Cancelled when <paramref name="cluster"/>'s gateway goes down.</summary>
    public CancellationToken DownToken(string cluster) => _peers.GetOrAdd(cluster, _ => new Entry()).Token;

    /// <summary>A probe was answered: the peer is up. True when it was down.</summary>
    public bool Answered(string cluster)
    {
        var entry = _peers.GetOrAdd(cluster, _ => new Entry());
        lock (entry)
        {
            if (!entry.Down)
            {
                return false;
            }

            entry.Down = false;
            entry.Source.Dispose();
            entry.Source = new CancellationTokenSource();
            return true;
        }
    }

    /// <summary>No probe was answered within the allowed time: the peer is down. True when it was up.</summary>
    public bool Unanswered(string cluster)
    {
        var entry = _peers.GetOrAdd(cluster, _ => new Entry());
        CancellationTokenSource cancel;
        lock (entry)
        {
            if (entry.Down)
            {
                return false;
            }

            entry.Down = true;
            cancel = entry.Source;
        }

        cancel.Cancel();
        return true;
    }

    /// <summary>Forgets clusters that are no longer peers.</summary>
    public void Retain(IEnumerable<string> clusters)
    {
        var keep = clusters.ToHashSet(StringComparer.Ordinal);
        foreach (var cluster in _peers.Keys)
        {
            if (!keep.Contains(cluster))
            {
                _peers.TryRemove(cluster, out _);
            }
        }
    }

    private sealed class Entry
    {
        public bool Down { get; set; }

        public CancellationTokenSource Source { get; set; } = new();

        public CancellationToken Token
        {
            get
            {
                lock (this)
                {
                    return Source.Token;
                }
            }
        }
    }
}
