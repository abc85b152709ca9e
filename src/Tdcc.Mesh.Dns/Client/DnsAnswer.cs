namespace Tdcc.Mesh.Dns.Client;

/// <summary>
/// One answer record in presentation form: <c>10.0.0.1</c> for A and AAAA, <c>0 100 8080 echo.demo.svc.clusterset.local.</c>
/// for SRV (as dig prints them); other types as hex.
/// </summary>
public sealed record DnsAnswer(string Name, string Type, uint Ttl, string Data);
