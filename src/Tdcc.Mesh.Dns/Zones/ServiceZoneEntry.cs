using System.Collections.Immutable;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Zones;

/// <summary>
/// One service's share of a zone, built once and reused by every later snapshot until that service changes:
/// the record sets it came from, the nodes at and below the service name (no other service can own a name
/// there), and the input it rejected.
/// </summary>
internal sealed class ServiceZoneEntry
{
    private ServiceZoneEntry(ImmutableArray<ServiceRecordSet> sets, DnsName? serviceName, ZoneNode[] nodes, string[] rejected)
    {
        Sets = sets;
        ServiceName = serviceName;
        Nodes = nodes;
        Rejected = rejected;
    }

    public ImmutableArray<ServiceRecordSet> Sets { get; }

    /// <summary>The service name; null when the namespace or name is not a DNS label.</summary>
    public DnsName? ServiceName { get; }

    /// <summary>The nodes the service owns; empty when it publishes nothing (a headless service without ready endpoints).</summary>
    public ZoneNode[] Nodes { get; }

    public string[] Rejected { get; }

    /// <summary>Builds the share of <paramref name="sets"/> (record sets of one service key, merged as a full build merges them).</summary>
    public static ServiceZoneEntry Create(ImmutableArray<ServiceRecordSet> sets, ClusterSetZoneOptions options)
    {
        var builder = new ZoneSnapshotBuilder(options);
        foreach (var set in sets)
        {
            builder.AddService(set);
        }

        var serviceName = builder.ServiceNameOf(sets[0]);
        ZoneNode[] nodes = serviceName is null ? [] : [.. builder.BuildNodes().Where(node => node.Name.IsSubdomainOf(serviceName))];
        return new ServiceZoneEntry(sets, serviceName, nodes, [.. builder.Rejected]);
    }

    /// <summary>An entry that only remembers its record sets (the zone is built whole).</summary>
    public static ServiceZoneEntry Unbuilt(ImmutableArray<ServiceRecordSet> sets) => new(sets, null, [], []);

    /// <summary>The names between the service name and the apex (both excluded): they exist while any service below them does.</summary>
    public IEnumerable<DnsName> Ancestors(DnsName apex)
    {
        if (ServiceName is null || Nodes.Length == 0)
        {
            yield break;
        }

        for (var name = ServiceName.Parent(); name.LabelCount > apex.LabelCount; name = name.Parent())
        {
            yield return name;
        }
    }
}
