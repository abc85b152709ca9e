using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>Which ports of a service the translation serves, and which endpoint port serves a service port.</summary>
internal static class ServicePorts
{
    /// <summary>The TCP ports of a service, one per port number, in declaration order.</summary>
    public static IEnumerable<ServicePortModel> Served(ServiceModel service) =>
        service.Ports.Where(port => string.Equals(port.Protocol, "TCP", StringComparison.OrdinalIgnoreCase)).DistinctBy(port => port.Port);

    /// <summary>The endpoint port serving a service port: same name (EndpointSlice semantics), or the only port.</summary>
    public static int? EndpointPort(ServicePortModel servicePort, IReadOnlyList<EndpointPortModel> ports)
    {
        foreach (var port in ports)
        {
            if (string.Equals(port.Name ?? string.Empty, servicePort.Name ?? string.Empty, StringComparison.Ordinal))
            {
                return port.Port;
            }
        }

        return ports.Count == 1 ? ports[0].Port : null;
    }
}
