using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>
/// Chooses the backend of a new connection as kube-proxy does: round robin over the ready backends, or with ClientIP
/// affinity the backend the client had last, while it is still a backend and the affinity has not expired. The other
/// backends follow as fallbacks, so a backend that refuses does not fail the connection.
/// </summary>
internal sealed class BackendPicker(TimeProvider time)
{
    private readonly ConcurrentDictionary<IPAddress, (IPEndPoint Backend, DateTimeOffset Until)> _affinity = new();
    private int _next = -1;

    public IReadOnlyList<IPEndPoint> Pick(ServiceFrontend frontend, IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(frontend);
        var backends = frontend.Backends;
        if (backends.IsEmpty)
        {
            return [];
        }

        var now = time.GetUtcNow();
        int first;
        if (frontend.AffinityTimeout is { } timeout
            && _affinity.TryGetValue(client, out var held) && held.Until > now && backends.IndexOf(held.Backend) is >= 0 and var index)
        {
            first = index;
        }
        else
        {
            first = (int)((uint)Interlocked.Increment(ref _next) % (uint)backends.Length);
        }

        if (frontend.AffinityTimeout is { } ttl)
        {
            _affinity[client] = (backends[first], now + ttl);
        }

        var ordered = ImmutableArray.CreateBuilder<IPEndPoint>(backends.Length);
        for (var i = 0; i < backends.Length; i++)
        {
            ordered.Add(backends[(first + i) % backends.Length]);
        }

        return ordered.MoveToImmutable();
    }
}
