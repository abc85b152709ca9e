namespace Tdcc.Mesh.Policy.NetworkPolicies;

/// <summary>What the resolver concluded about one MultiClusterNetworkPolicy: the facts behind its three conditions.</summary>
/// <param name="Namespace">The policy's namespace.</param>
/// <param name="Name">The policy's name.</param>
/// <param name="Generation">The generation the verdict is for.</param>
/// <param name="Problem">The fields that cannot be used (null: accepted).</param>
/// <param name="Services">The clusterset services it governs (found targets).</param>
/// <param name="MissingTargets">Targets named that are not clusterset services (yet).</param>
/// <param name="EnforcedClusters">The clusters whose gateways enforce it (exporting a governed service), sorted.</param>
/// <param name="Unenforceable">One sentence per rule part that cannot be enforced as written, naming the field.</param>
public sealed record NetworkPolicyVerdict(
    string Namespace,
    string Name,
    long? Generation,
    string? Problem,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> MissingTargets,
    IReadOnlyList<string> EnforcedClusters,
    IReadOnlyList<string> Unenforceable)
{
    /// <summary>True when every field can be used.</summary>
    public bool Accepted => Problem is null;
}
