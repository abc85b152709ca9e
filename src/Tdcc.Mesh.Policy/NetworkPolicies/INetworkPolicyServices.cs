namespace Tdcc.Mesh.Policy.NetworkPolicies;

/// <summary>The clusterset services right now with their ports and exporting clusters (on the hub: imports and endpoint slices).</summary>
public interface INetworkPolicyServices
{
    IReadOnlyList<NetworkPolicyService> List();
}
