using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Dns.Zones;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// Starts a member's clusterset DNS server on its own loopback address, 127.(10+i).255.53 (inside the member's service
/// range, far above where ClusterIP allocation starts): port 53 when it can be bound (root), else an ephemeral port.
/// </summary>
internal static class MemberDns
{
    public const int PreferredPort = 53;

    /// <summary>The DNS server address of a member.</summary>
    public static IPAddress AddressOf(AddressPlan addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return new IPAddress([127, (byte)addresses.SecondOctet, 255, 53]);
    }

    public static IClusterSetDnsServer Start(AddressPlan addresses, ILoggerFactory loggerFactory, TimeProvider time)
    {
        var address = AddressOf(addresses);
        var zone = ZoneSnapshot.Empty(new ClusterSetZoneOptions { NameServerAddresses = [address] });
        try
        {
            return ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Address = address, Port = PreferredPort, UdpConcurrency = 2 }, zone, loggerFactory, timeProvider: time);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AccessDenied or SocketError.AddressAlreadyInUse)
        {
            // Not root, or something already serves port 53 there: any free port on the same address.
            return ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Address = address, Port = 0, UdpConcurrency = 2 }, zone, loggerFactory, timeProvider: time);
        }
    }
}
