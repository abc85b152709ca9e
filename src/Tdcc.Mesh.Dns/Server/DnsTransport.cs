namespace Tdcc.Mesh.Dns.Server;

/// <summary>The transport a query arrived on; it decides the answer size limit.</summary>
internal enum DnsTransport
{
    Udp,
    Tcp,
}
