using System.Net;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Dns.Zones;

/// <summary>Zone-wide settings: the apex, TTLs and the name server the SOA and NS records name.</summary>
public sealed record ClusterSetZoneOptions
{
    /// <summary>The zone apex.</summary>
    public string Zone { get; init; } = ClusterSetDomain.Name;

    /// <summary>The TTL of every positive answer (KEP-1645 implementations commonly use 5 s).</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a negative answer may be cached: the SOA MINIMUM field and the TTL of the SOA in negative answers (RFC 2308).</summary>
    public TimeSpan NegativeTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The name server host named by the NS record and the SOA MNAME, relative to nothing (a full name).</summary>
    public string NameServer { get; init; } = "ns.dns." + ClusterSetDomain.Name;

    /// <summary>Addresses of <see cref="NameServer"/> published when it lies inside the zone; empty publishes none.</summary>
    public IReadOnlyList<IPAddress> NameServerAddresses { get; init; } = [];

    /// <summary>The responsible mailbox in SOA RNAME form.</summary>
    public string Mailbox { get; init; } = "hostmaster." + ClusterSetDomain.Name;

    /// <summary>The schema version published at <c>dns-version.&lt;zone&gt;</c> (MCS DNS specification 1.0.0).</summary>
    public string SchemaVersion { get; init; } = "1.0.0";
}
