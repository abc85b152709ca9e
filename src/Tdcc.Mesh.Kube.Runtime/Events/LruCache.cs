namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>A map holding at most <c>capacity</c> entries; adding past it evicts the least recently used. Thread-safe.</summary>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly int capacity;
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> map;
    private readonly LinkedList<KeyValuePair<TKey, TValue>> order = new();

    public LruCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
        map = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(capacity);
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return map.Count;
            }
        }
    }

    /// <summary>Looks a key up and marks it most recently used.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        lock (gate)
        {
            if (map.TryGetValue(key, out var node))
            {
                order.Remove(node);
                order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }

            value = default!;
            return false;
        }
    }

    /// <summary>Adds or replaces an entry as most recently used, evicting the least recently used one when full.</summary>
    public void Set(TKey key, TValue value)
    {
        lock (gate)
        {
            if (map.Remove(key, out var existing))
            {
                order.Remove(existing);
            }
            else if (map.Count >= capacity)
            {
                var last = order.Last!;
                order.RemoveLast();
                map.Remove(last.Value.Key);
            }

            map[key] = order.AddFirst(new KeyValuePair<TKey, TValue>(key, value));
        }
    }

    public bool Remove(TKey key)
    {
        lock (gate)
        {
            if (!map.Remove(key, out var node))
            {
                return false;
            }

            order.Remove(node);
            return true;
        }
    }
}
