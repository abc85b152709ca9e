using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.Mcs.Aggregation;

/// <summary>
/// The east-west gateway listen ports of one hub ServiceImport (annotation <see cref="Api.McsLabels.GatewayPortsAnnotation"/>,
/// <c>&lt;service port&gt;=&lt;listen port&gt;,...</c>): parsing, formatting and the pure allocation. Listen ports come from
/// <see cref="MinPort"/>-<see cref="MaxPort"/> (the NodePort range). A port keeps its listen port while it exists and no
/// one with precedence holds it; a new one starts at a hash of the service and port (stable across processes, so two
/// hubs racing mostly pick different ports) and probes upwards, wrapping, past every blocked port.
/// </summary>
public static class GatewayPorts
{
    /// <summary>The first listen port.</summary>
    public const int MinPort = 30000;

    /// <summary>The last listen port.</summary>
    public const int MaxPort = 32767;

    private const int RangeSize = MaxPort - MinPort + 1;

    /// <summary>The service port → listen port pairs of an annotation value; malformed or out-of-range entries are skipped, the first of a service port counts.</summary>
    public static ImmutableSortedDictionary<int, int> Parse(string? value)
    {
        var ports = ImmutableSortedDictionary.CreateBuilder<int, int>();
        foreach (var entry in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0
                && int.TryParse(entry.AsSpan(0, equals), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                && int.TryParse(entry.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var listen)
                && port is > 0 and <= 65535
                && InRange(listen))
            {
                ports.TryAdd(port, listen);
            }
        }

        return ports.ToImmutable();
    }

    /// <summary>The annotation value: <c>port=listen</c> pairs by service port, comma-separated.</summary>
    public static string Format(IEnumerable<KeyValuePair<int, int>> ports) =>
        string.Join(',', ports.OrderBy(pair => pair.Key).Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key}={pair.Value}")));

    /// <summary>Whether <paramref name="port"/> is a listen port.</summary>
    public static bool InRange(int port) => port is >= MinPort and <= MaxPort;

    /// <summary>
    /// The listen ports of <paramref name="ports"/> (the service's TCP ports) for the service <paramref name="service"/>
    /// (<c>&lt;namespace&gt;/&lt;name&gt;</c>): each port keeps its <paramref name="current"/> listen port unless
    /// <paramref name="keepBlocked"/> holds it; the others get the first port from their hash on that is in neither
    /// <paramref name="allocateBlocked"/> nor <paramref name="keepBlocked"/> nor already this service's. A port gets
    /// none when the range is full. Ports that went are dropped (their listen ports free).
    /// </summary>
    public static ImmutableSortedDictionary<int, int> Allocate(
        string service,
        IEnumerable<int> ports,
        IReadOnlyDictionary<int, int> current,
        IReadOnlySet<int> keepBlocked,
        IReadOnlySet<int> allocateBlocked)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(keepBlocked);
        ArgumentNullException.ThrowIfNull(allocateBlocked);
        var wanted = ports.Where(port => port is > 0 and <= 65535).Distinct().Order().ToList();
        var result = ImmutableSortedDictionary.CreateBuilder<int, int>();
        var used = new HashSet<int>();
        foreach (var port in wanted)
        {
            if (current.TryGetValue(port, out var listen) && InRange(listen) && !keepBlocked.Contains(listen) && used.Add(listen))
            {
                result[port] = listen;
            }
        }

        foreach (var port in wanted.Where(port => !result.ContainsKey(port)))
        {
            var start = (int)(Hash(service + ":" + port.ToString(CultureInfo.InvariantCulture)) % RangeSize);
            for (var i = 0; i < RangeSize; i++)
            {
                var candidate = MinPort + ((start + i) % RangeSize);
                if (!keepBlocked.Contains(candidate) && !allocateBlocked.Contains(candidate) && used.Add(candidate))
                {
                    result[port] = candidate;
                    break;
                }
            }
        }

        return result.ToImmutable();
    }

    /// <summary>FNV-1a over UTF-8: the same in every process (string.GetHashCode is not).</summary>
    private static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
