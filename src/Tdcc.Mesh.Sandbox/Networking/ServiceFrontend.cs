using System.Collections.Immutable;
using System.Net;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>
/// One ClusterIP and port of a Service as the service proxy serves it: the ready backends behind it and whether a
/// client sticks to one (<c>sessionAffinity: ClientIP</c>, for <see cref="AffinityTimeout"/>).
/// </summary>
internal sealed record ServiceFrontend(IPEndPoint Endpoint, ImmutableArray<IPEndPoint> Backends, TimeSpan? AffinityTimeout)
{
    public bool Equals(ServiceFrontend? other) =>
        other is not null && Endpoint.Equals(other.Endpoint) && Backends.SequenceEqual(other.Backends) && AffinityTimeout == other.AffinityTimeout;

    public override int GetHashCode() => HashCode.Combine(Endpoint, Backends.Length, AffinityTimeout);
}
