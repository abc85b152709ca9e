namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>What the agent keeps after joining: its hub token and where it lives on the hub.</summary>
internal sealed record HubCredentials(string Token, string HubNamespace, string ClusterSetName);
