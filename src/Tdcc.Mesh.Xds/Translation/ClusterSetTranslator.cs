using Google.Protobuf;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation.Model;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// Pure functions from the clusterset model to xDS resources. Every TCP service port becomes a Listener, a
/// RouteConfiguration, a Cluster and a ClusterLoadAssignment, all named <c>&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local:&lt;port&gt;</c>.
/// Only the load assignments depend on the requesting node's cluster (its priority).
/// </summary>
public static class ClusterSetTranslator
{
    /// <summary>The resources one node cluster sees (null: no local preference).</summary>
    public static IReadOnlyList<IMessage> Translate(ClusterSetModel model, string? nodeCluster)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. Shared(model), .. LoadAssignments(model, nodeCluster)];
    }

    /// <summary>A snapshot for one node cluster.</summary>
    public static Snapshot TranslateSnapshot(ClusterSetModel model, string? nodeCluster) =>
        Snapshot.Create(Translate(model, nodeCluster));

    /// <summary>
    /// A snapshot per node cluster (use with <see cref="NodeHashes.ByCluster"/>). Listeners, routes and clusters are
    /// built and serialized once and shared by every snapshot.
    /// </summary>
    public static IReadOnlyDictionary<string, Snapshot> TranslatePerCluster(ClusterSetModel model, IEnumerable<string> nodeClusters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(nodeClusters);
        var shared = Shared(model).Select(XdsResource.Create).ToList();
        var snapshots = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        foreach (var cluster in nodeClusters.Distinct(StringComparer.Ordinal))
        {
            snapshots[cluster] = Snapshot.Create(shared.Concat(LoadAssignments(model, cluster).Select(XdsResource.Create)));
        }

        return snapshots;
    }

    private static IEnumerable<IMessage> Shared(ClusterSetModel model)
    {
        foreach (var service in model.Services.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            var host = ServiceNames.Host(service.Namespace, service.Name);
            foreach (var port in ServedPorts(service))
            {
                var name = ServiceNames.ForPort(service.Namespace, service.Name, port.Port);
                yield return ClusterTranslator.Build(name, service.TrafficPolicy);
                yield return ListenerTranslator.Build(name);
                yield return RouteTranslator.Build(name, host, service.TrafficPolicy);
            }
        }
    }

    private static IEnumerable<IMessage> LoadAssignments(ClusterSetModel model, string? nodeCluster)
    {
        var localities = model.Localities
            .GroupBy(locality => locality.Cluster, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        var endpointsByService = model.Endpoints.ToLookup(set => (set.Namespace, set.Service));
        foreach (var service in model.Services.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            var sets = endpointsByService[(service.Namespace, service.Name)];
            foreach (var port in ServedPorts(service))
            {
                var name = ServiceNames.ForPort(service.Namespace, service.Name, port.Port);
                yield return LoadAssignmentTranslator.Build(name, port, sets, localities, service.TrafficPolicy, nodeCluster);
            }
        }
    }

    private static IEnumerable<ServicePortModel> ServedPorts(ServiceModel service) =>
        service.Ports.Where(port => string.Equals(port.Protocol, "TCP", StringComparison.OrdinalIgnoreCase)).DistinctBy(port => port.Port);
}
