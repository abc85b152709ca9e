using System.Net;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Dns.Server;

/// <summary>The server's log messages (event ids 4000-4099).</summary>
internal static partial class DnsServerLog
{
    [LoggerMessage(EventId = 4000, EventName = "DnsServerStarted", Level = LogLevel.Information,
        Message = "clusterset DNS serving zone {Zone} on udp {UdpEndpoint} and tcp {TcpEndpoint}")]
    public static partial void Started(ILogger logger, string zone, IPEndPoint udpEndpoint, IPEndPoint tcpEndpoint);

    [LoggerMessage(EventId = 4001, EventName = "DnsServerStopped", Level = LogLevel.Information,
        Message = "clusterset DNS stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 4002, EventName = "DnsZoneUpdated", Level = LogLevel.Debug,
        Message = "zone updated to serial {Serial} with {NameCount} names ({RejectedCount} inputs rejected)")]
    public static partial void ZoneUpdated(ILogger logger, uint serial, int nameCount, int rejectedCount);

    [LoggerMessage(EventId = 4003, EventName = "DnsUdpError", Level = LogLevel.Warning,
        Message = "UDP receive or send failed; the loop continues")]
    public static partial void UdpError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4004, EventName = "DnsTcpConnectionError", Level = LogLevel.Debug,
        Message = "TCP connection from {Remote} ended with an error")]
    public static partial void TcpConnectionError(ILogger logger, Exception exception, EndPoint? remote);

    [LoggerMessage(EventId = 4005, EventName = "DnsTcpConnectionRejected", Level = LogLevel.Warning,
        Message = "TCP connection from {Remote} rejected: {Limit} connections already open")]
    public static partial void TcpConnectionRejected(ILogger logger, EndPoint? remote, int limit);

    [LoggerMessage(EventId = 4006, EventName = "DnsQueryFailed", Level = LogLevel.Error,
        Message = "processing a query failed; answered SERVFAIL")]
    public static partial void QueryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4007, EventName = "DnsTcpAcceptError", Level = LogLevel.Warning,
        Message = "TCP accept failed; the loop continues")]
    public static partial void AcceptError(ILogger logger, Exception exception);
}
