namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>
/// Another member cluster's gateway. <see cref="Address"/> is where its tunnel port is dialled; null when it accepts
/// no inbound connection (behind NAT): then it dials this gateway (a reverse tunnel) and its traffic goes down that
/// connection.
/// </summary>
public sealed record PeerGateway(string Cluster, string? Address, int Port, string? Region = null, string? Zone = null);
