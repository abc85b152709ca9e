namespace Tdcc.Mesh.MeshModel;

/// <summary>A service of the clusterset (one per namespace and name, whatever the number of exporting clusters).</summary>
/// <param name="Namespace">The service's namespace.</param>
/// <param name="Name">The service's name.</param>
/// <param name="Ports">Its ports, as exported.</param>
/// <param name="TrafficPolicy">Retries, timeouts, outlier detection and the like; null keeps the clients' defaults.</param>
/// <param name="Routes">Routing rules per port (from GRPCRoutes and HTTPRoutes attached to it); null or no entry for a port: every request goes to the port's own cluster.</param>
/// <param name="Access">Who may reach it through the gateways (MultiClusterNetworkPolicies); null: everyone.</param>
public sealed record ServiceModel(
    string Namespace,
    string Name,
    IReadOnlyList<ServicePortModel> Ports,
    TrafficPolicyModel? TrafficPolicy = null,
    IReadOnlyList<PortRoutesModel>? Routes = null,
    ServiceAccessModel? Access = null);
