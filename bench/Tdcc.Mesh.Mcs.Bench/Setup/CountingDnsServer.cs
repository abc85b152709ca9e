using System.Net;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Mcs.Bench.Setup;

/// <summary>The member's DNS server as the agent sees it, counting the zones the agent swaps in (one per rebuild) and their names.</summary>
internal sealed class CountingDnsServer(IClusterSetDnsServer inner) : IClusterSetDnsServer
{
    private long updates;
    private long names;

    /// <summary>Zones swapped in so far.</summary>
    public long Updates => Interlocked.Read(ref updates);

    /// <summary>The names of every zone swapped in so far, summed (a build's cost grows with its names).</summary>
    public long NamesBuilt => Interlocked.Read(ref names);

    public IPEndPoint UdpEndpoint => inner.UdpEndpoint;

    public IPEndPoint TcpEndpoint => inner.TcpEndpoint;

    public IClusterSetZone Zone => inner.Zone;

    public void UpdateZone(ZoneSnapshot snapshot)
    {
        inner.UpdateZone(snapshot);
        Interlocked.Increment(ref updates);
        Interlocked.Add(ref names, snapshot.NameCount);
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
