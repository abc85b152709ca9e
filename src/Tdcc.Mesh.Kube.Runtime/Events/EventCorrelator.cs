namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>
/// Decides whether an occurrence creates a new Event or bumps the count of a recent identical one, from an LRU
/// cache of the Events written (client-go's <c>EventCorrelator</c>, without the similar-message aggregation and
/// the spam filter). The cache changes only when a write succeeded.
/// </summary>
internal sealed class EventCorrelator(int cacheSize, TimeSpan window)
{
    private readonly LruCache<EventKey, AggregatedEvent> recent = new(cacheSize);

    public int CachedEvents => recent.Count;

    /// <summary>The Event state to write for <paramref name="pending"/>, and whether it updates an existing Event.</summary>
    public (AggregatedEvent Event, bool IsUpdate) Correlate(PendingEvent pending, Func<string> newName)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(newName);
        if (recent.TryGet(pending.Key, out var previous) && pending.Timestamp - previous.LastTimestamp <= window)
        {
            return (previous with { Count = previous.Count + 1, LastTimestamp = pending.Timestamp }, true);
        }

        return (new AggregatedEvent(pending.Namespace, newName(), 1, pending.Timestamp, pending.Timestamp), false);
    }

    /// <summary>Remembers a written Event for later occurrences.</summary>
    public void Remember(EventKey key, AggregatedEvent written) => recent.Set(key, written);
}
