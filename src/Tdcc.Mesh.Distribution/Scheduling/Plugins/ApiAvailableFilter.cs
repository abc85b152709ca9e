using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>Keeps the clusters that serve every API the feeds need (a CRD's kind must exist in the member first).</summary>
public sealed class ApiAvailableFilter : IClusterFilter
{
    public string Name => "ApiAvailable";

    public RejectionEffect? Filter(ClusterFacts cluster, SchedulingRequest request)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(request);
        if (cluster.ApiVersions is null || request.RequiredApiVersions.IsDefaultOrEmpty)
        {
            return null;
        }

        foreach (var version in request.RequiredApiVersions)
        {
            if (!cluster.ApiVersions.Contains(version))
            {
                return RejectionEffect.Evict;
            }
        }

        return null;
    }

    public string Explain(ClusterFacts cluster, SchedulingRequest request)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(request);
        var missing = request.RequiredApiVersions.Where(v => cluster.ApiVersions?.Contains(v) == false);
        return $"cluster does not serve {string.Join(", ", missing)} (needed by the feeds)";
    }
}
