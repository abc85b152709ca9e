using System.Collections.Frozen;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Zones;

/// <summary>
/// One name in a snapshot with its RRsets, and for each RRset the records worth adding to the additional
/// section (addresses of SRV targets and of the name server). A node with no RRsets is an empty
/// non-terminal: the name exists because names below it do, so it answers NODATA, not NXDOMAIN (RFC 8020).
/// </summary>
internal sealed class ZoneNode
{
    private readonly FrozenDictionary<DnsRecordType, DnsRecord[]> _records;
    private readonly FrozenDictionary<DnsRecordType, DnsRecord[]> _additional;

    public ZoneNode(DnsName name, IDictionary<DnsRecordType, DnsRecord[]> records, IDictionary<DnsRecordType, DnsRecord[]> additional)
    {
        Name = name;
        _records = records.ToFrozenDictionary();
        _additional = additional.ToFrozenDictionary();
        All = [.. records.OrderBy(pair => pair.Key).SelectMany(pair => pair.Value)];
    }

    public DnsName Name { get; }

    /// <summary>Every record of the node, RRsets in type order (the answer to QTYPE ANY).</summary>
    public IReadOnlyList<DnsRecord> All { get; }

    public bool TryGet(DnsRecordType type, out DnsRecord[] records) => _records.TryGetValue(type, out records!);

    public IReadOnlyList<DnsRecord> AdditionalFor(DnsRecordType type) => _additional.TryGetValue(type, out var records) ? records : [];
}
