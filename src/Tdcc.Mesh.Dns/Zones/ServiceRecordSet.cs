using System.Net;

namespace Tdcc.Mesh.Dns.Zones;

/// <summary>Everything the DNS server publishes for one imported service; the MCS agent produces one per ServiceImport.</summary>
/// <param name="Namespace">The service namespace (a DNS label).</param>
/// <param name="Name">The service name (a DNS label).</param>
/// <param name="Type">ClusterSetIP or Headless.</param>
/// <param name="ClusterSetIps">The ServiceImport <c>spec.ips</c>; used for ClusterSetIP services.</param>
/// <param name="Ports">The ServiceImport ports.</param>
/// <param name="Endpoints">The endpoints across clusters; used for headless services.</param>
public sealed record ServiceRecordSet(
    string Namespace,
    string Name,
    ServiceType Type,
    IReadOnlyList<IPAddress> ClusterSetIps,
    IReadOnlyList<ServicePortRecord> Ports,
    IReadOnlyList<EndpointRecord> Endpoints);
