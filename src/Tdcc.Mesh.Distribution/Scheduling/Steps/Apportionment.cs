namespace Tdcc.Mesh.Distribution.Scheduling.Steps;

/// <summary>
/// Divides a whole number of replicas in proportion to weights, with optional caps: the largest-remainder (Hamilton)
/// method. Each share first gets the floor of its exact quota total × weight ÷ Σweight; the replicas left (fewer than
/// the shares) go one each to the largest remainders. Ties between equal remainders go to the larger weight, then to
/// the lower tie key (<see cref="TieBreak"/>), then to the earlier index, so a result never depends on luck.
/// A share whose quota reaches its cap gets the cap and leaves; the rest is divided again among the others. When
/// every share is capped the result sums to less than the total (the caller reports the shortfall).
/// </summary>
public static class Apportionment
{
    /// <summary>No cap.</summary>
    public const long Unlimited = long.MaxValue;

    /// <summary>The shares of <paramref name="total"/>; <paramref name="caps"/> and <paramref name="tieKeys"/> may be empty.</summary>
    public static long[] LargestRemainder(long total, ReadOnlySpan<long> weights, ReadOnlySpan<long> caps, ReadOnlySpan<ulong> tieKeys)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var n = weights.Length;
        var result = new long[n];
        var active = new bool[n];
        var activeCount = 0;
        for (var i = 0; i < n; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(weights[i]);
            active[i] = weights[i] > 0 && Cap(caps, i) > 0;
            activeCount += active[i] ? 1 : 0;
        }

        var remaining = total;
        var quotas = new long[n];
        var remainders = new Int128[n];
        while (remaining > 0 && activeCount > 0)
        {
            Int128 weightSum = 0;
            for (var i = 0; i < n; i++)
            {
                weightSum += active[i] ? weights[i] : 0;
            }

            var capped = false;
            for (var i = 0; i < n; i++)
            {
                if (!active[i])
                {
                    continue;
                }

                var exact = (Int128)remaining * weights[i];
                quotas[i] = (long)(exact / weightSum);
                remainders[i] = exact % weightSum;
                if (quotas[i] >= Cap(caps, i) - result[i])
                {
                    capped = true;
                }
            }

            if (capped)
            {
                // Capped shares take their cap and leave; the rest is divided again among the others.
                for (var i = 0; i < n; i++)
                {
                    if (active[i] && quotas[i] >= Cap(caps, i) - result[i])
                    {
                        var room = Cap(caps, i) - result[i];
                        result[i] += room;
                        remaining -= room;
                        active[i] = false;
                        activeCount--;
                    }
                }

                continue;
            }

            var given = 0L;
            for (var i = 0; i < n; i++)
            {
                if (active[i])
                {
                    result[i] += quotas[i];
                    given += quotas[i];
                }
            }

            var left = remaining - given;
            if (left > 0)
            {
                var order = Enumerable.Range(0, n).Where(i => active[i]).ToArray();
                var w = weights.ToArray();
                var keys = tieKeys.ToArray();
                Array.Sort(order, (a, b) =>
                {
                    var byRemainder = remainders[b].CompareTo(remainders[a]);
                    if (byRemainder != 0)
                    {
                        return byRemainder;
                    }

                    var byWeight = w[b].CompareTo(w[a]);
                    if (byWeight != 0)
                    {
                        return byWeight;
                    }

                    var byKey = keys.Length > 0 ? keys[a].CompareTo(keys[b]) : 0;
                    return byKey != 0 ? byKey : a.CompareTo(b);
                });
                for (var k = 0; k < left; k++)
                {
                    result[order[k]]++;
                }
            }

            remaining = 0;
        }

        return result;
    }

    private static long Cap(ReadOnlySpan<long> caps, int i) => caps.IsEmpty ? Unlimited : caps[i];
}
