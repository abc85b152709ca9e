using System.Net;

namespace Tdcc.Mesh.Dns.Zones;

/// <summary>One endpoint of a headless service, as a source cluster exported it.</summary>
/// <param name="ClusterId">The source cluster id (the <c>cluster.clusterset.k8s.io</c> ClusterProperty).</param>
/// <param name="Hostname">The endpoint hostname; when null the name is made from each address with '.' and ':' turned into '-'.</param>
/// <param name="Addresses">The endpoint addresses (IPv4 and/or IPv6).</param>
/// <param name="Ready">Only ready endpoints are published.</param>
public sealed record EndpointRecord(string ClusterId, string? Hostname, IReadOnlyList<IPAddress> Addresses, bool Ready);
