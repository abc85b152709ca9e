using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Server;

/// <summary>The instruments of meter <c>Tdcc.Mesh.Dns</c>.</summary>
internal sealed class DnsServerMetrics : IDisposable
{
    public const string MeterName = "Tdcc.Mesh.Dns";

    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _queries;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _truncated;
    private readonly Counter<long> _malformed;
    private readonly Counter<long> _rejectedConnections;

    public DnsServerMetrics(IMeterFactory? meterFactory)
    {
        Meter meter;
        if (meterFactory is null)
        {
            _ownedMeter = new Meter(MeterName);
            meter = _ownedMeter;
        }
        else
        {
            meter = meterFactory.Create(new MeterOptions(MeterName));
        }

        _queries = meter.CreateCounter<long>("tdcc.dns.queries", "{query}", "Queries answered, by query type, response code and transport.");
        _duration = meter.CreateHistogram<double>("tdcc.dns.query.duration", "s", "Time from receiving a query to having its answer ready.");
        _truncated = meter.CreateCounter<long>("tdcc.dns.truncated", "{response}", "UDP answers sent with TC set because they did not fit.");
        _malformed = meter.CreateCounter<long>("tdcc.dns.malformed", "{message}", "Messages that could not be parsed (answered FORMERR or dropped).");
        _rejectedConnections = meter.CreateCounter<long>("tdcc.dns.tcp.rejected", "{connection}", "TCP connections closed at accept because the connection cap was reached.");

        // These count rare events; they exist from the start at 0, so dashboards show "none" rather than "no data".
        _truncated.Add(0);
        _malformed.Add(0, new KeyValuePair<string, object?>("network.transport", "udp"));
        _malformed.Add(0, new KeyValuePair<string, object?>("network.transport", "tcp"));
    }

    public void Query(DnsRecordType type, DnsResponseCode code, DnsTransport transport, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "dns.question.type", TypeName(type) },
            { "dns.response.code", CodeName(code) },
            { "network.transport", transport == DnsTransport.Udp ? "udp" : "tcp" },
        };
        _queries.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Truncated() => _truncated.Add(1);

    public void Malformed(DnsTransport transport) => _malformed.Add(1, new KeyValuePair<string, object?>("network.transport", transport == DnsTransport.Udp ? "udp" : "tcp"));

    public void RejectedConnection() => _rejectedConnections.Add(1);

    public void Dispose() => _ownedMeter?.Dispose();

    // A bounded tag set: unknown types share one value so a scanner cannot blow up the series count.
    private static string TypeName(DnsRecordType type) => type switch
    {
        DnsRecordType.A => "A",
        DnsRecordType.AAAA => "AAAA",
        DnsRecordType.SRV => "SRV",
        DnsRecordType.TXT => "TXT",
        DnsRecordType.SOA => "SOA",
        DnsRecordType.NS => "NS",
        DnsRecordType.PTR => "PTR",
        DnsRecordType.ANY => "ANY",
        _ => "other",
    };

    private static string CodeName(DnsResponseCode code) => code switch
    {
        DnsResponseCode.NoError => "NOERROR",
        DnsResponseCode.FormErr => "FORMERR",
        DnsResponseCode.ServFail => "SERVFAIL",
        DnsResponseCode.NXDomain => "NXDOMAIN",
        DnsResponseCode.NotImp => "NOTIMP",
        DnsResponseCode.Refused => "REFUSED",
        DnsResponseCode.BadVers => "BADVERS",
        _ => "other",
    };
}
