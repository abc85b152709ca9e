using Tdcc.Mesh.Gateway.Configuration;

namespace Tdcc.Mesh.Gateway.Status;

/// <summary>An outbound listener port and the service it serves.</summary>
public sealed record ListenerStatus(int Port, string Service, GatewayProtocol Protocol);
