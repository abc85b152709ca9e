using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.Gateway.Configuration;

namespace Tdcc.Mesh.Gateway.Ingress;

/// <summary>Parses a Service backend's endpoints, <c>ip:port</c> (<c>[v6]:port</c> or <c>v6:port</c> for IPv6); an entry that is neither is left out.</summary>
internal static class IngressEndpoints
{
    public static ImmutableArray<EndpointAddress> Parse(ImmutableArray<string> endpoints)
    {
        if (endpoints.IsDefaultOrEmpty)
        {
            return [];
        }

        var parsed = ImmutableArray.CreateBuilder<EndpointAddress>(endpoints.Length);
        foreach (var endpoint in endpoints)
        {
            if (TryParse(endpoint, out var address))
            {
                parsed.Add(address);
            }
        }

        return parsed.ToImmutable();
    }

    public static bool TryParse(string endpoint, out EndpointAddress address)
    {
        address = null!;
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = endpoint[..colon].Trim('[', ']');
        if (!System.Net.IPAddress.TryParse(host, out _))
        {
            return false;
        }

        address = new EndpointAddress(host, port);
        return true;
    }
}
