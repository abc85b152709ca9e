using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Policy.Resolution;

/// <summary>The policies in force per clusterset service, and a verdict for every TrafficPolicy.</summary>
public sealed record TrafficPolicyResolution(
    IReadOnlyDictionary<(string Namespace, string Name), TrafficPolicyModel> Policies,
    IReadOnlyList<TrafficPolicyVerdict> Verdicts)
{
    /// <summary>The model with each service's policy set (services without one keep theirs).</summary>
    public ClusterSetModel ApplyTo(ClusterSetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Policies.Count == 0)
        {
            return model;
        }

        return model with
        {
            Services = [.. model.Services.Select(s => Policies.TryGetValue((s.Namespace, s.Name), out var policy) ? s with { TrafficPolicy = policy } : s)],
        };
    }
}
