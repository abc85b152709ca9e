using System.Globalization;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Zones;

/// <summary>Writes a snapshot as an RFC 1035 master file with absolute names, apex first.</summary>
internal static class ZoneFileWriter
{
    public static void Write(ZoneSnapshot snapshot, TextWriter writer)
    {
        var ttl = ((uint)snapshot.Options.Ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        writer.WriteLine($"$TTL {ttl}");
        var nodes = snapshot.Nodes
            .OrderBy(node => node.Name.Equals(snapshot.Apex) ? 0 : 1)
            .ThenBy(node => node.Name.ToString(), StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var record in node.All.OrderBy(record => record.Type == DnsRecordType.SOA ? 0 : 1))
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{record.Owner} {record.Ttl} IN {record.Type} {Format(record.Data)}"));
            }
        }
    }

    private static string Format(RecordData data) => data switch
    {
        AddressRecordData address => address.Address.ToString(),
        SrvRecordData srv => string.Create(CultureInfo.InvariantCulture, $"{srv.Priority} {srv.Weight} {srv.Port} {srv.Target}"),
        TxtRecordData txt => "\"" + txt.Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        SoaRecordData soa => string.Create(CultureInfo.InvariantCulture, $"{soa.PrimaryServer} {soa.Mailbox} {soa.Serial} {soa.Refresh} {soa.Retry} {soa.Expire} {soa.Minimum}"),
        NsRecordData ns => ns.Host.ToString(),
        _ => throw new InvalidOperationException($"no master-file form for {data.Type}"),
    };
}
