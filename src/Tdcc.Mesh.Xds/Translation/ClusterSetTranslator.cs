using Envoy.Config.Endpoint.V3;
using Google.Protobuf;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// Pure functions from the clusterset model to what proxyless gRPC clients need. Every TCP service port becomes a
/// Listener, a RouteConfiguration, a Cluster and a ClusterLoadAssignment, all named
/// <c>&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local:&lt;port&gt;</c>. Only the load assignments depend on the requesting node's
/// cluster (its priority). <see cref="NodeGroupTranslator"/> adds the listeners of xDS-enabled gRPC servers (gRFC A36)
/// and the gateway views.
/// </summary>
public static class ClusterSetTranslator
{
    /// <summary>The resources one node cluster sees (null: no local preference).</summary>
    public static IReadOnlyList<IMessage> Translate(ClusterSetModel model, string? nodeCluster)
    {
        var index = new ModelIndex(model);
        return [.. Shared(index), .. LoadAssignments(index, nodeCluster)];
    }

    /// <summary>A snapshot for one node cluster.</summary>
    public static Snapshot TranslateSnapshot(ClusterSetModel model, string? nodeCluster) =>
        Snapshot.Create(Translate(model, nodeCluster));

    /// <summary>
    /// A snapshot per node cluster (use with <see cref="NodeHashes.ByCluster"/>). Listeners, routes and clusters are
    /// built and serialized once and shared by every snapshot. <see cref="NodeGroupTranslator"/> adds the gateway views.
    /// </summary>
    public static IReadOnlyDictionary<string, Snapshot> TranslatePerCluster(ClusterSetModel model, IEnumerable<string> nodeClusters)
    {
        ArgumentNullException.ThrowIfNull(nodeClusters);
        var index = new ModelIndex(model);
        var shared = Shared(index).Select(XdsResource.Create).ToList();
        var snapshots = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        foreach (var cluster in nodeClusters.Distinct(StringComparer.Ordinal))
        {
            snapshots[cluster] = Snapshot.Create(shared.Concat(LoadAssignments(index, cluster).Select(XdsResource.Create)));
        }

        return snapshots;
    }

    /// <summary>
    /// The Listeners, RouteConfigurations and Clusters every node cluster shares; plus, when a routing rule has no
    /// usable backend, <see cref="NoBackendCluster"/> and its (empty, node-independent) load assignment.
    /// </summary>
    internal static IEnumerable<IMessage> Shared(ModelIndex index)
    {
        var ruleTranslator = new RouteRuleTranslator(index.ClusterOf, NoBackendCluster.Name, retries: true);
        var noBackend = false;
        foreach (var service in index.Services)
        {
            var host = ServiceNames.Host(service.Namespace, service.Name);
            foreach (var port in ServicePorts.Served(service))
            {
                var name = ServiceNames.ForPort(service.Namespace, service.Name, port.Port);
                yield return ClusterTranslator.Build(name, service.TrafficPolicy);
                yield return ListenerTranslator.Build(name);
                var routes = RouteTranslator.Build(name, host, service.TrafficPolicy, RouteRuleTranslator.RulesOf(service, port.Port), ruleTranslator);
                noBackend |= routes.VirtualHosts.SelectMany(virtualHost => virtualHost.Routes)
                    .Any(route => route.Route_?.Cluster == NoBackendCluster.Name);
                yield return routes;
            }
        }

        if (noBackend)
        {
            yield return NoBackendCluster.Cluster();
            yield return NoBackendCluster.LoadAssignment();
        }
    }

    /// <summary>Every service port's clusterset-wide load assignment as <paramref name="nodeCluster"/> sees it.</summary>
    internal static IEnumerable<ClusterLoadAssignment> LoadAssignments(ModelIndex index, string? nodeCluster)
    {
        foreach (var service in index.Services)
        {
            var sets = index.EndpointsOf(service);
            foreach (var port in ServicePorts.Served(service))
            {
                var name = ServiceNames.ForPort(service.Namespace, service.Name, port.Port);
                yield return LoadAssignmentTranslator.Build(name, port, sets, index.Localities, service.TrafficPolicy, nodeCluster);
            }
        }
    }

}
