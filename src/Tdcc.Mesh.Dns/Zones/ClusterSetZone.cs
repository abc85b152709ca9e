namespace Tdcc.Mesh.Dns.Zones;

/// <summary>Holds the current snapshot; readers take the reference once per query, writers swap it.</summary>
internal sealed class ClusterSetZone(ZoneSnapshot initial) : IClusterSetZone
{
    private ZoneSnapshot _current = initial ?? throw new ArgumentNullException(nameof(initial));

    public ZoneSnapshot Current => Volatile.Read(ref _current);

    public void Update(ZoneSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Interlocked.Exchange(ref _current, snapshot);
    }
}
