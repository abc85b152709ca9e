using System.Net;
using System.Net.Sockets;

namespace Tdcc.Mesh.Testing;

/// <summary>A loopback TCP port free at the moment of asking, for a child process that must be told its port up front.</summary>
public static class FreePort
{
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
