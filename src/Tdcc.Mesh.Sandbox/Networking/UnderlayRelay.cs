using System.Net;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>
/// Serves a host server that listens on loopback (the hub's API server, the xDS server) also on the host's underlay
/// address, same port, so members reach it from their own networks, and only while their link is up.
/// </summary>
internal static class UnderlayRelay
{
    /// <summary>Relays <paramref name="hostAddress"/>:port to <paramref name="server"/>'s loopback address and port.</summary>
    public static TcpRelay Expose(IPAddress hostAddress, Uri server, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(server);
        var target = new IPEndPoint(IPAddress.Parse(server.Host), server.Port);
        IReadOnlyList<IPEndPoint> backends = [target];
        return TcpRelay.Start(new IPEndPoint(hostAddress, server.Port), HostNetwork.Instance, HostNetwork.Instance, _ => backends, logger);
    }

    /// <summary><paramref name="server"/> with its host replaced by <paramref name="hostAddress"/>.</summary>
    public static Uri On(IPAddress hostAddress, Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new UriBuilder(server) { Host = hostAddress.ToString() }.Uri;
    }
}
