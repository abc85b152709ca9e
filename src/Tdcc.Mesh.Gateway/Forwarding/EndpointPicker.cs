using System.Collections.Concurrent;
using System.Collections.Immutable;
using Tdcc.Mesh.Gateway.Configuration;

namespace Tdcc.Mesh.Gateway.Forwarding;

/// <summary>Round robin over a service port's ready local endpoints: the order in which to try them for one request or connection.</summary>
internal sealed class EndpointPicker
{
    private readonly ConcurrentDictionary<ServiceKey, StrongBox> _next = new();

    public IReadOnlyList<EndpointAddress> Order(ServiceKey service, ImmutableArray<EndpointAddress> endpoints)
    {
        var ready = endpoints.IsDefaultOrEmpty ? [] : endpoints.Where(e => e.Ready).ToArray();
        if (ready.Length <= 1)
        {
            return ready;
        }

        var box = _next.GetOrAdd(service, _ => new StrongBox());
        var start = (int)((uint)Interlocked.Increment(ref box.Value) % (uint)ready.Length);
        var ordered = new EndpointAddress[ready.Length];
        for (var i = 0; i < ready.Length; i++)
        {
            ordered[i] = ready[(start + i) % ready.Length];
        }

        return ordered;
    }

    private sealed class StrongBox
    {
#pragma warning disable CA1051 // a field for Interlocked
        public int Value;
#pragma warning restore CA1051
    }
}
