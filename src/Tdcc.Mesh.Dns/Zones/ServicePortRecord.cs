namespace Tdcc.Mesh.Dns.Zones;

/// <summary>A service port; only named ports get <c>_name._proto</c> SRV records.</summary>
/// <param name="Name">The port name; null or empty for an unnamed port.</param>
/// <param name="Protocol">TCP, UDP or SCTP.</param>
/// <param name="Port">The port number.</param>
public sealed record ServicePortRecord(string? Name, string Protocol, int Port);
