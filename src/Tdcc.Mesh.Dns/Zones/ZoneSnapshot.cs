using System.Collections.Frozen;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Zones;

/// <summary>
/// An immutable <c>clusterset.local</c> zone as one member cluster sees it, built from the services the MCS
/// agent imports. Lookups follow the MCS DNS specification and RFC 1034/2308: NXDOMAIN when a name does not
/// exist, NODATA (NOERROR, no answers, SOA in authority) when it exists without the asked type, REFUSED
/// outside the zone.
/// </summary>
public sealed class ZoneSnapshot
{
    private readonly FrozenDictionary<DnsName, ZoneNode> _nodes;
    private readonly DnsRecord[] _negativeAuthority;
    private readonly DnsName _apex;

    private ZoneSnapshot(ZoneSnapshotBuilder builder, SoaRecordData soa, ClusterSetZoneOptions options)
    {
        _apex = builder.Apex;
        _nodes = builder.BuildNodes().ToFrozenDictionary(node => node.Name);
        // RFC 2308 3: the SOA in a negative answer carries min(SOA TTL, SOA MINIMUM).
        _negativeAuthority = [new DnsRecord(_apex, Math.Min((uint)options.Ttl.TotalSeconds, builder.NegativeTtl), soa)];
        Serial = soa.Serial;
        Options = options;
        Rejected = builder.Rejected;
    }

    /// <summary>The SOA serial.</summary>
    public uint Serial { get; }

    /// <summary>The settings the snapshot was built with.</summary>
    public ClusterSetZoneOptions Options { get; }

    /// <summary>How many names exist in the zone, empty non-terminals included.</summary>
    public int NameCount => _nodes.Count;

    /// <summary>Input left out because it cannot be published (a name that is not a DNS label, a bad port), one line each.</summary>
    public IReadOnlyList<string> Rejected { get; }

    internal DnsName Apex => _apex;

    internal IEnumerable<ZoneNode> Nodes => _nodes.Values;

    /// <summary>A zone holding only the apex records (SOA, NS) and the dns-version TXT record.</summary>
    public static ZoneSnapshot Empty(ClusterSetZoneOptions? options = null) => Build([], options);

    /// <summary>Builds a snapshot from the imported services.</summary>
    public static ZoneSnapshot Build(IEnumerable<ServiceRecordSet> services, ClusterSetZoneOptions? options = null, uint serial = 1)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new ClusterSetZoneOptions();
        var builder = new ZoneSnapshotBuilder(options);
        var soa = builder.AddApex(serial);
        foreach (var service in services)
        {
            ArgumentNullException.ThrowIfNull(service);
            builder.AddService(service);
        }

        return new ZoneSnapshot(builder, soa, options);
    }

    /// <summary>Writes the zone in RFC 1035 master-file form (the SOA first), as NSD or BIND would load it.</summary>
    public void WriteZoneFile(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ZoneFileWriter.Write(this, writer);
    }

    /// <summary>Answers one question from this snapshot.</summary>
    internal DnsResponseContent Lookup(DnsQuestion question)
    {
        if ((question.Class != DnsClass.Internet && question.Class != DnsClass.Any) || !question.Name.IsSubdomainOf(_apex)
            || question.Type is DnsRecordType.AXFR or DnsRecordType.IXFR or DnsRecordType.OPT)
        {
            return DnsResponseContent.Error(DnsResponseCode.Refused);
        }

        if (!_nodes.TryGetValue(question.Name, out var node))
        {
            return new DnsResponseContent(DnsResponseCode.NXDomain, true, [], _negativeAuthority, []);
        }

        if (question.Type == DnsRecordType.ANY)
        {
            return node.All.Count > 0 ? new DnsResponseContent(DnsResponseCode.NoError, true, node.All, [], []) : NoData();
        }

        return node.TryGet(question.Type, out var records)
            ? new DnsResponseContent(DnsResponseCode.NoError, true, records, [], node.AdditionalFor(question.Type))
            : NoData();
    }

    private DnsResponseContent NoData() => new(DnsResponseCode.NoError, true, [], _negativeAuthority, []);
}
