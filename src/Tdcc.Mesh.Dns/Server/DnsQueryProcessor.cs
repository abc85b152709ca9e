using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Server;

/// <summary>
/// One request in, one response out, no I/O: parse, look up in the current snapshot, lay out within the
/// transport's size limit, record metrics. Both listeners call it; tests call it directly.
/// </summary>
internal sealed class DnsQueryProcessor(IClusterSetZone zone, DnsServerMetrics metrics, int maxUdpPayload, TimeProvider time, ILogger logger)
{
    private readonly int _maxUdpPayload = Math.Clamp(maxUdpPayload, DnsWireLimits.ClassicUdpPayload, ushort.MaxValue);

    /// <summary>Writes the response to <paramref name="request"/> into <paramref name="response"/>; returns its length, or 0 when nothing should be sent.</summary>
    public int Process(ReadOnlySpan<byte> request, Span<byte> response, DnsTransport transport)
    {
        var started = time.GetTimestamp();
        var query = DnsMessageReader.ParseQuery(request);
        if (query.Status == DnsQueryParseStatus.Drop)
        {
            metrics.Malformed(transport);
            return 0;
        }

        DnsResponseContent content;
        try
        {
            content = Answer(query, transport);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Parsing never throws on input; this guards a bug in lookup so one query cannot end a receive loop.
            DnsServerLog.QueryFailed(logger, exception);
            content = DnsResponseContent.Error(DnsResponseCode.ServFail);
        }

        var limit = transport == DnsTransport.Tcp ? DnsWireLimits.MaxTcpMessage : UdpLimit(query.Edns);
        var length = DnsResponseWriter.Write(query, content, response, limit, (ushort)_maxUdpPayload, out var truncated);
        if (truncated)
        {
            metrics.Truncated();
        }

        metrics.Query(query.Question?.Type ?? 0, content.ResponseCode, transport, time.GetElapsedTime(started));
        return length;
    }

    private DnsResponseContent Answer(in DnsQuery query, DnsTransport transport)
    {
        switch (query.Status)
        {
            case DnsQueryParseStatus.FormatError:
                metrics.Malformed(transport);
                return DnsResponseContent.Error(DnsResponseCode.FormErr);
            case DnsQueryParseStatus.NotImplemented:
                return DnsResponseContent.Error(DnsResponseCode.NotImp);
            default:
                // RFC 6891 6.1.3: a version we do not speak gets BADVERS with our own (version 0) OPT.
                if (query.Edns is { Version: not EdnsInfo.SupportedVersion })
                {
                    return DnsResponseContent.Error(DnsResponseCode.BadVers);
                }

                return zone.Current.Lookup(query.Question!);
        }
    }

    // RFC 6891 6.2.5: sizes under 512 count as 512; we never send more than our own maximum.
    private int UdpLimit(EdnsInfo? edns) =>
        edns is { } info ? Math.Clamp((int)info.UdpPayloadSize, DnsWireLimits.ClassicUdpPayload, _maxUdpPayload) : DnsWireLimits.ClassicUdpPayload;
}
