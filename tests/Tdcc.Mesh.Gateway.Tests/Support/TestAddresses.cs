using System.Net;
using System.Net.Sockets;

namespace Tdcc.Mesh.Gateway.Tests.Support;

/// <summary>Loopback addresses per simulated cluster: gateways on 127.10.0.n, pods on 127.10.1.n.</summary>
internal static class TestAddresses
{
    public static IPAddress Gateway(int index) => IPAddress.Parse("127.10.0." + (index + 1));

    public static IPAddress Pod(int index) => IPAddress.Parse("127.10.1." + (index + 1));

    public static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
