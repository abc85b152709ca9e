namespace Tdcc.Mesh.Kube.Runtime.Ownership;

/// <summary>
/// The field managers TDCC writes under (server-side apply and <c>fieldManager</c> of updates), in one place so the
/// managedFields of every object name its writer consistently. One per component that owns fields.
/// </summary>
public static class FieldManagers
{
    /// <summary>Cluster registration: the hub's and the agent's CRDs and objects.</summary>
    public const string Clusters = "tdcc-clusters";

    /// <summary>Multi-cluster services: exports, imports and their CRDs.</summary>
    public const string Mcs = "tdcc-mesh-mcs";

    /// <summary>Gateway API CRDs and route status.</summary>
    public const string GatewayApi = "tdcc-mesh-gateway-api";

    /// <summary>The xDS control plane (mesh CRDs it installs, route status it writes).</summary>
    public const string Xds = "tdcc-mesh-xds";

    /// <summary>The hub process (the mesh CRDs it installs: Gateway API routes, traffic policies).</summary>
    public const string Hub = "tdcc-hub";

    /// <summary>The sandbox's simulated cluster controllers (scheduler, kubelet, endpoints).</summary>
    public const string Sandbox = "tdcc-sandbox";
}
