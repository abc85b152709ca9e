namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>A pod's address and target port in the gateway's own cluster, and whether it is ready.</summary>
public sealed record EndpointAddress(string Address, int Port, bool Ready = true, string? Zone = null);
