using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// A service port → its ClusterLoadAssignment as one node's cluster sees it: one locality per source cluster
/// (region and zone of that cluster, the cluster name as sub-zone so localities stay unique), ready endpoints only,
/// a load_balancing_weight on every locality (gRPC skips localities without one), and with failover on,
/// priority 0 for the node's own cluster and 1 for the others (contiguous from 0 whatever is missing).
/// </summary>
internal static class LoadAssignmentTranslator
{
    public static ClusterLoadAssignment Build(
        string name,
        ServicePortModel servicePort,
        IEnumerable<ServiceEndpointsModel> endpointSets,
        IReadOnlyDictionary<string, ClusterLocalityModel> localities,
        TrafficPolicyModel? policy,
        string? nodeCluster)
    {
        var groups = new List<(string Cluster, List<LbEndpoint> Endpoints)>();
        foreach (var set in endpointSets.GroupBy(set => set.SourceCluster, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var endpoints = new List<LbEndpoint>();
            foreach (var slice in set)
            {
                if (ServicePorts.EndpointPort(servicePort, slice.Ports) is not { } port)
                {
                    continue;
                }

                foreach (var endpoint in slice.Endpoints.Where(endpoint => endpoint.Ready))
                {
                    foreach (var address in endpoint.Addresses.Where(address => seen.Add(address)))
                    {
                        endpoints.Add(new LbEndpoint
                        {
                            Endpoint = new Endpoint { Address = new Address { SocketAddress = new SocketAddress { Address = address, PortValue = (uint)port } } },
                            HealthStatus = HealthStatus.Healthy,
                            LoadBalancingWeight = 1,
                        });
                    }
                }
            }

            if (endpoints.Count > 0)
            {
                groups.Add((set.Key, endpoints));
            }
        }

        var failover = policy?.LocalityFailover ?? true;
        var localFirst = failover && nodeCluster is not null && groups.Any(group => group.Cluster == nodeCluster);
        var assignment = new ClusterLoadAssignment { ClusterName = name };
        foreach (var (cluster, endpoints) in groups)
        {
            localities.TryGetValue(cluster, out var where);
            var weight = policy?.ClusterWeights is { } weights && weights.TryGetValue(cluster, out var configured) ? configured : (uint)endpoints.Count;
            if (weight == 0)
            {
                continue;
            }

            assignment.Endpoints.Add(new LocalityLbEndpoints
            {
                Locality = new Locality { Region = where?.Region ?? string.Empty, Zone = where?.Zone ?? string.Empty, SubZone = cluster },
                LoadBalancingWeight = weight,
                Priority = localFirst && cluster != nodeCluster ? 1u : 0u,
                LbEndpoints = { endpoints },
            });
        }

        return assignment;
    }
}
