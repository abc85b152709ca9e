using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns;

/// <summary>The zone a DNS server answers from: an immutable snapshot replaced whole, never edited in place.</summary>
public interface IClusterSetZone
{
    /// <summary>The snapshot queries are answered from right now.</summary>
    ZoneSnapshot Current { get; }

    /// <summary>Swaps in a new snapshot atomically; queries in flight finish on the old one.</summary>
    void Update(ZoneSnapshot snapshot);
}
