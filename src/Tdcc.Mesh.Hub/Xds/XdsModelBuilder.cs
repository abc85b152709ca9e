using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Mesh;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Aggregation;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Policy.Api;
using Tdcc.Mesh.Policy.NetworkPolicies;
using Tdcc.Mesh.Policy.Resolution;

namespace Tdcc.Mesh.Hub.Xds;

/// <summary>
/// The xDS translation model from the MCS hub objects: every aggregated ServiceImport (imports namespace) is a service
/// with its ports, and every hub EndpointSlice copy is one source cluster's endpoints of that service (ready flags and
/// zones as exported). GRPCRoutes and HTTPRoutes attached to the services give their ports routing rules
/// (<see cref="RouteResolver"/>), and TrafficPolicies their retries, timeouts, outlier detection and balancing
/// (<see cref="TrafficPolicyResolver"/>), MultiClusterNetworkPolicies who may reach them (<see cref="NetworkPolicyResolver"/>). A port's east-west gateway listen port is the import's
/// <see cref="McsLabels.GatewayPortsAnnotation"/>; the members' gateways come from their ManagedClusters. Pure.
/// </summary>
internal static class XdsModelBuilder
{
    public static ClusterSetModel Build(
        IEnumerable<ServiceImport> imports,
        IEnumerable<EndpointSlice> slices,
        IReadOnlyList<ClusterLocalityModel> localities,
        IEnumerable<GrpcRoute>? grpcRoutes = null,
        IEnumerable<HttpRoute>? httpRoutes = null,
        IEnumerable<TrafficPolicy>? policies = null,
        IReadOnlyList<ClusterGatewayModel>? gateways = null,
        IEnumerable<MultiClusterNetworkPolicy>? networkPolicies = null)
    {
        ArgumentNullException.ThrowIfNull(imports);
        ArgumentNullException.ThrowIfNull(slices);
        var importList = imports as IReadOnlyCollection<ServiceImport> ?? [.. imports];
        var routes = RouteResolver.Resolve(grpcRoutes ?? [], httpRoutes ?? [], Services(importList));
        var services = new List<ServiceModel>();
        var known = new HashSet<(string, string)>();
        foreach (var import in importList.OrderBy(i => i.Metadata.Name, StringComparer.Ordinal))
        {
            if (ServiceOf(import) is not { } id || import.Spec is not { } spec)
            {
                continue;
            }

            known.Add(id);
            var listenPorts = GatewayPorts.Parse(import.Metadata.Annotations?.GetValueOrDefault(McsLabels.GatewayPortsAnnotation));
            services.Add(new ServiceModel(
                id.Namespace,
                id.Name,
                [.. spec.Ports.Select(p => new ServicePortModel(p.Name, p.Port, p.Protocol ?? "TCP", p.AppProtocol, listenPorts.TryGetValue(p.Port, out var listen) ? listen : null))],
                Routes: routes.RoutesOf(id.Namespace, id.Name)));
        }

        var endpoints = new List<ServiceEndpointsModel>();
        foreach (var slice in slices.OrderBy(s => s.Metadata.Namespace, StringComparer.Ordinal).ThenBy(s => s.Metadata.Name, StringComparer.Ordinal))
        {
            // The member's name, as its ManagedCluster, localities and gateway are known: the hub namespace the slice
            // was exported into (the source-cluster label holds the cluster's id, which is a UUID on real clusters).
            var labels = slice.Metadata.Labels;
            if ((ClustersApi.ClusterOfNamespace(slice.Metadata.Namespace) ?? labels?.GetValueOrDefault(McsLabels.SourceCluster)) is not { } cluster
                || labels?.GetValueOrDefault(McsLabels.ServiceNamespace) is not { } ns
                || labels.GetValueOrDefault(McsLabels.ServiceName) is not { } name
                || !known.Contains((ns, name))
                || slice.AddressType is not (null or "IPv4" or "IPv6"))
            {
                continue;
            }

            endpoints.Add(new ServiceEndpointsModel(
                cluster,
                ns,
                name,
                [.. (slice.Ports ?? []).Where(p => p.Port is not null).Select(p => new EndpointPortModel(p.Name, p.Port!.Value, p.Protocol ?? "TCP"))],
                [.. slice.Endpoints.Select(e => new EndpointModel(e.Addresses, e.Conditions?.Ready ?? true, e.Zone))]));
        }

        var model = new ClusterSetModel(services, endpoints, localities, gateways);
        model = policies is null ? model : TrafficPolicyResolver.Resolve(policies, known).ApplyTo(model);
        return networkPolicies is null ? model : NetworkPolicyResolver.Resolve(networkPolicies, NetworkPolicyService.From(model)).ApplyTo(model);
    }

    /// <summary>The clusterset services routes may name: every aggregated import with a spec, and its ports.</summary>
    public static IReadOnlyList<ClusterSetService> Services(IEnumerable<ServiceImport> imports)
    {
        ArgumentNullException.ThrowIfNull(imports);
        return
        [
            .. imports
                .Select(i => (Id: ServiceOf(i), i.Spec))
                .Where(i => i.Id is not null && i.Spec is not null)
                .Select(i => new ClusterSetService(i.Id!.Value.Namespace, i.Id.Value.Name, [.. i.Spec!.Ports.Select(p => new ClusterSetServicePort(p.Name, p.Port))])),
        ];
    }

    /// <summary>The namespace and name of an aggregated import: its labels, else its name <c>&lt;namespace&gt;.&lt;name&gt;</c>.</summary>
    private static (string Namespace, string Name)? ServiceOf(ServiceImport import)
    {
        var labels = import.Metadata.Labels;
        if (labels?.GetValueOrDefault(McsLabels.ServiceNamespace) is { } ns && labels.GetValueOrDefault(McsLabels.ServiceName) is { } name)
        {
            return (ns, name);
        }

        var full = import.Metadata.Name ?? string.Empty;
        var dot = full.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < full.Length - 1 ? (full[..dot], full[(dot + 1)..]) : null;
    }
}
