using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Policy.NetworkPolicies;

/// <summary>The access rules in force per clusterset service, and a verdict for every MultiClusterNetworkPolicy.</summary>
public sealed record NetworkPolicyResolution(
    IReadOnlyDictionary<(string Namespace, string Name), ServiceAccessModel> Access,
    IReadOnlyList<NetworkPolicyVerdict> Verdicts)
{
    /// <summary>The model with each governed service's <see cref="ServiceModel.Access"/> set.</summary>
    public ClusterSetModel ApplyTo(ClusterSetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Access.Count == 0)
        {
            return model;
        }

        return model with
        {
            Services = [.. model.Services.Select(s => Access.TryGetValue((s.Namespace, s.Name), out var access) ? s with { Access = access } : s)],
        };
    }
}
