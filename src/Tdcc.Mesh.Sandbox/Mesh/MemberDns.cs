using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Dns.Zones;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// Starts a member's clusterset DNS server on <see cref="AddressPlan.DnsAddress"/>, inside the member's network: in the
/// loopback layout 127.(10+i).255.53 (inside the member's service range, far above where ClusterIP allocation starts), in
/// the network-namespace layouts the member's underlay address (which the host and the member's pods both reach); port 53
/// when it can be bound (root), else an ephemeral port.
/// </summary>
internal static class MemberDns
{
    public const int PreferredPort = 53;

    /// <summary>The DNS server address of a member.</summary>
    public static IPAddress AddressOf(AddressPlan addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return addresses.DnsAddress;
    }

    /// <summary>Starts the server with its sockets in <paramref name="network"/> (they are created synchronously by Start).</summary>
    public static IClusterSetDnsServer Start(AddressPlan addresses, IClusterNetwork network, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(network);
        var address = AddressOf(addresses);
        var zone = ZoneSnapshot.Empty(new ClusterSetZoneOptions { NameServerAddresses = [address] });
        try
        {
            return network.Run(() => ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Address = address, Port = PreferredPort, UdpConcurrency = 2 }, zone, loggerFactory, timeProvider: time));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AccessDenied or SocketError.AddressAlreadyInUse)
        {
            // Not root, or something already serves port 53 there: any free port on the same address.
            return network.Run(() => ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Address = address, Port = 0, UdpConcurrency = 2 }, zone, loggerFactory, timeProvider: time));
        }
    }
}
