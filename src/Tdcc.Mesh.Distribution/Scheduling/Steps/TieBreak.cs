namespace Tdcc.Mesh.Distribution.Scheduling.Steps;

/// <summary>
/// The deterministic tie-break: a 64-bit FNV-1a hash of the subscription key and the cluster name. Equal inputs give
/// equal decisions in every process and run (no randomized string hashing), while different subscriptions break their
/// ties towards different clusters, so many small workloads do not all pile onto the alphabetically first cluster.
/// </summary>
public static class TieBreak
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>The key of <paramref name="cluster"/> for the subscription <paramref name="subscriptionKey"/>; lower wins a tie.</summary>
    public static ulong Key(string subscriptionKey, string cluster)
    {
        ArgumentNullException.ThrowIfNull(subscriptionKey);
        ArgumentNullException.ThrowIfNull(cluster);
        return Key(Seed(subscriptionKey), cluster);
    }

    /// <summary>The hash state after the subscription key, computed once per decision.</summary>
    public static ulong Seed(string subscriptionKey)
    {
        ArgumentNullException.ThrowIfNull(subscriptionKey);
        return (Mix(OffsetBasis, subscriptionKey) ^ 0) * Prime;
    }

    /// <summary>The key of <paramref name="cluster"/> from the subscription's <see cref="Seed"/>.</summary>
    public static ulong Key(ulong seed, string cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Mix(seed, cluster);
    }

    private static ulong Mix(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash;
    }
}
