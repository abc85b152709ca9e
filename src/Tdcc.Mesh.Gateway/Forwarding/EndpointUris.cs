using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Tdcc.Mesh.Gateway.Configuration;

namespace Tdcc.Mesh.Gateway.Forwarding;

/// <summary>Destination prefixes of pods for the forwarder.</summary>
internal static class EndpointUris
{
    public static string HttpPrefix(EndpointAddress endpoint)
    {
        var host = IPAddress.TryParse(endpoint.Address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + endpoint.Address + "]" : endpoint.Address;
        return "http://" + host + ":" + endpoint.Port.ToString(CultureInfo.InvariantCulture) + "/";
    }
}
